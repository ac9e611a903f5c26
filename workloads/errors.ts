// The project's own error type: bad input from a user (config, network, ONNX file, flag).
// It lives in the lowest layer (workloads/) so every layer above may throw it; the CLI prints
// its message and exits 2 instead of showing a stack trace.

export class OhmflowError extends Error {
  /** What was wrong, e.g. a JSON path (`tiles.pe.adc.bits`), an ONNX node name or a CLI flag. */
  readonly field: string | undefined;
  /** How to fix it, in one sentence, when we know. */
  readonly fix: string | undefined;

  constructor(message: string, options: { field?: string; fix?: string; cause?: unknown } = {}) {
    const parts = [options.field ? `${options.field}: ${message}` : message];
    if (options.fix) parts.push(`fix: ${options.fix}`);
    super(parts.join('\n  '), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'OhmflowError';
    this.field = options.field;
    this.fix = options.fix;
  }
}

export function isOhmflowError(error: unknown): error is OhmflowError {
  return error instanceof OhmflowError;
}
