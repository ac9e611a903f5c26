// SIGINT and SIGTERM during a command that writes files: the command's clean-up runs (a trace's
// partial file is removed, so no truncated output is left beside a good one), then the process
// exits 130 or 143 as a shell expects. Long runs give the event loop a turn between chunks of
// work (simulateYielding), which is when a handler can run.
const EXIT_CODE: Record<'SIGINT' | 'SIGTERM', number> = { SIGINT: 130, SIGTERM: 143 };

/** Runs `work` with `cleanUp` bound to SIGINT and SIGTERM; the handlers are removed afterwards. */
export async function interruptible<T>(cleanUp: () => void, work: () => Promise<T>): Promise<T> {
  const handlers = (Object.keys(EXIT_CODE) as Array<keyof typeof EXIT_CODE>).map((signal) => {
    const handler = () => {
      process.stderr.write(`\nohmflow: ${signal}: stopped; removing partial output\n`);
      try {
        cleanUp();
      } finally {
        process.exit(EXIT_CODE[signal]);
      }
    };
    process.once(signal, handler);
    return [signal, handler] as const;
  });
  try {
    return await work();
  } finally {
    for (const [signal, handler] of handlers) process.removeListener(signal, handler);
  }
}
