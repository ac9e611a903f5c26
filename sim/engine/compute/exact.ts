// `exact` fidelity: each crossbar's partial sums computed directly as integer dot products over the
// weights the block holds (valid because the ADC is proven lossless), accumulated digitally across
// row blocks and kernel-split array sets into int32 accumulators. The WebAssembly SIMD kernel
// (wasm/dotKernel.ts) runs them where available; the plain loop below is its twin and fallback.
import type { Block, CrossbarLayout } from '../layout.js';
import { WasmDotKernel, wasmDotAvailable } from './wasm/dotKernel.js';

export type ExactKernel = 'wasm' | 'ts';

export interface ExactScratch {
  /** Per set, the input vector window - zx for the TypeScript twin. */
  vectors: Int32Array[];
  kernel: ExactKernel;
  /** Built at the first pixel, so layers of the bit-serial fidelities never lay out wasm weights. */
  wasm?: WasmDotKernel;
}

/** OHMFLOW_KERNEL=ts|wasm forces a kernel; by default wasm where WebAssembly SIMD validates. */
export function defaultExactKernel(env: Readonly<Record<string, string | undefined>> = process.env): ExactKernel {
  const forced = env.OHMFLOW_KERNEL;
  if (forced === 'ts') return 'ts';
  if (forced === 'wasm') {
    if (!wasmDotAvailable()) throw new Error('OHMFLOW_KERNEL=wasm, but WebAssembly SIMD is not available in this runtime');
    return 'wasm';
  }
  if (forced !== undefined && forced !== '' && forced !== 'auto') throw new Error(`OHMFLOW_KERNEL=${forced}: expected ts, wasm or auto`);
  return wasmDotAvailable() ? 'wasm' : 'ts';
}

/** Scratch vectors, one per set, sized to the set's rows, and the kernel to run. */
export function layoutScratch(layout: CrossbarLayout, kernel: ExactKernel = defaultExactKernel()): ExactScratch {
  return { vectors: layout.setRows.map((r) => new Int32Array(r.length)), kernel };
}

/** acc[oc] += sum over blocks of the block's partial sums; `window` holds int8 codes, zx the input zero point. */
export function accumulateExact(layout: CrossbarLayout, window: Int32Array, zx: number, acc: Int32Array, scratch: ExactScratch): void {
  const wasm = scratch.kernel === 'wasm' ? (scratch.wasm ??= new WasmDotKernel(layout)) : undefined;
  if (wasm !== undefined && wasm.accumulate(window, zx, acc)) {
    if (wasm.fallbackBlocks.length > 0) accumulateBlocks(layout, wasm.fallbackBlocks, window, zx, acc, scratch.vectors);
    return;
  }
  accumulateBlocks(layout, layout.blocks, window, zx, acc, scratch.vectors);
}

/** The TypeScript twin: the blocks' column dot products, in int32 arithmetic that wraps. */
function accumulateBlocks(layout: CrossbarLayout, blocks: readonly Block[], window: Int32Array, zx: number, acc: Int32Array, vectors: Int32Array[]): void {
  for (let s = 0; s < layout.setRows.length; s++) {
    const rows = layout.setRows[s];
    const v = vectors[s];
    for (let j = 0; j < rows.length; j++) v[j] = window[rows[j]] - zx;
  }
  for (const b of blocks) {
    const v = vectors[b.set];
    const w = b.weights;
    const n = b.outChannels.length;
    for (let j = 0; j < n; j++) {
      const base = j * b.rows;
      const lo = b.lo[j];
      const hi = b.hi[j];
      let sum = 0;
      for (let i = lo; i < hi; i++) sum = (sum + Math.imul(w[base + i], v[b.r0 + i])) | 0;
      const oc = b.outChannels[j];
      acc[oc] = (acc[oc] + sum) | 0;
    }
  }
}
