// The part of the WebAssembly JS API the reference's modules use (the project's libs declare
// none), and the switch that turns them off: OHMFLOW_REFERENCE=scalar runs the scalar loops.

export interface Memory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface Api {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => Memory;
}

const PAGE_BYTES = 65536;

/** A module's exports on `memory` (by default a fresh one), or null where WebAssembly SIMD is unavailable or OHMFLOW_REFERENCE=scalar. */
export function instantiate(bytes: Uint8Array, shared?: Memory): { memory: Memory; exports: Record<string, unknown> } | null {
  const api = (globalThis as { WebAssembly?: Api }).WebAssembly;
  if (process.env.OHMFLOW_REFERENCE === 'scalar' || api === undefined || !api.validate(bytes)) return null;
  const memory = shared ?? new api.Memory({ initial: 1 });
  return { memory, exports: new api.Instance(new api.Module(bytes), { env: { memory } }).exports };
}

/** Grows `memory` to hold at least `bytes`. */
export function ensureBytes(memory: Memory, bytes: number): void {
  const short = bytes - memory.buffer.byteLength;
  if (short > 0) memory.grow(Math.ceil(short / PAGE_BYTES));
}
