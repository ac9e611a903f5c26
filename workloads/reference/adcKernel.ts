// The ADC-aware reference's WebAssembly kernel (wasm/adcModule.ts) on this thread, one instance per
// shape, and the chip conversions its lanes can hold.
import { adcModuleBytes } from './wasm/adcModule.js';
import { planeListModuleBytes } from './wasm/planeListModule.js';
import { instantiate, type Memory } from './wasm/api.js';
import type { AdcModel, ReadPlan } from './adcAware.js';

type AdcFn = (prog: number, segments: number, q: number, out: number, half: number, shift: number, top: number) => void;
type ListsFn = (
  u: number, reads: number, readCount: number, at: number, rowBytes: number, planes: number, slices: number, weights: number, counter: number,
) => number;
interface Kernel {
  memory: Memory;
  adc: AdcFn;
  /** Level rows only: the program writer on the same memory (wasm/planeListModule.ts). */
  lists?: ListsFn;
}

const kernels = new Map<string, Kernel | null>();

/** The thread's kernel for this shape (planes or byte vectors per row, cell bits, int32 weights, nibble rows or level
 *  rows), or null where WebAssembly SIMD is unavailable or OHMFLOW_REFERENCE=scalar. */
export function kernelFor(vectors: number, cellBits: number, wide: boolean, rows: 'bits' | 'nibbles' | 'levels' = 'bits'): Kernel | null {
  const key = `${vectors}x${cellBits}${wide ? 'w' : ''}${rows}`;
  if (!kernels.has(key)) {
    const made = instantiate(adcModuleBytes(vectors, cellBits, wide, rows === 'nibbles', rows === 'levels'));
    const lists = made === null || rows !== 'levels' ? null : instantiate(planeListModuleBytes(), made.memory);
    const listsFn = lists === null ? {} : { lists: lists.exports.lists as ListsFn };
    kernels.set(key, made === null ? null : { memory: made.memory, adc: made.exports.adc as AdcFn, ...listsFn });
  }
  return kernels.get(key)!;
}

/** The chip's conversion in the kernel's terms, or undefined when its lanes cannot hold it. */
export function kernelTerms(
  m: AdcModel, plan: ReadPlan,
): { planes: number; wide: boolean; nibbleRows: boolean; half: number; shift: number; top: number } | undefined {
  const planeMax = 2 ** m.dacBits - 1;
  const planes = Math.ceil(m.inputBits / m.dacBits);
  const shift = Math.max(0, m.rangeBits - m.adcBits);
  const columnMax = plan.activeRows * planeMax * (2 ** m.cellBits - 1);
  const weightMax = 2 ** ((Math.ceil(m.weightBits / m.cellBits) - 1) * m.cellBits + (planes - 1) * m.dacBits);
  // u8 sums of a list, v and its rounding in i16, weights in i32 (i16: the fast variant), locals for every plane.
  const fits = plan.activeRows * planeMax <= 255 && columnMax + 2 ** shift <= 32767 && weightMax < 2 ** 31 && planes <= 16 && m.cellBits <= 8
    // Plane rows built from u's bytes (adcPlaneRows.ts).
    && 8 % m.dacBits === 0 && m.inputBits <= 16;
  if (!fits) return undefined;
  // 1-bit planes pair up in the nibbles of a byte (adcModule.ts).
  return {
    planes, wide: weightMax > 32767, nibbleRows: m.dacBits === 1 && planes % 2 === 0,
    half: shift > 0 ? 2 ** (shift - 1) : 0, shift, top: Math.min(65535, (2 ** m.adcBits - 1) * 2 ** shift),
  };
}

