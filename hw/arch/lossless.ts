// When is an ADC lossless? A column sum of one read is at most activeRows * (2^cellBits - 1) *
// (2^dacBits - 1); the ADC must resolve every integer from 0 to that maximum. This is the
// condition `--fidelity exact` relies on (docs/architecture.md, Fidelity).
import type { Arch } from './schema.js';

/** Largest integer a bitline can carry in one read. */
export function maxColumnSum(activeRows: number, cellBits: number, dacBits: number): number {
  return activeRows * (2 ** cellBits - 1) * (2 ** dacBits - 1);
}

/**
 * Minimum ADC bits that convert every column sum exactly:
 * ceil(log2(activeRows * (2^cellBits - 1) * (2^dacBits - 1) + 1)).
 * With ISAAC's flip encoding (each column holds w or its complement, whichever makes the column
 * sum smaller), a sum never exceeds half the maximum, which saves one bit for ISAAC's 128 rows of
 * 2-bit cells and 1-bit inputs (9 -> 8 bits).
 */
export function losslessAdcBits(activeRows: number, cellBits: number, dacBits: number, flipEncoding = false): number {
  const max = maxColumnSum(activeRows, cellBits, dacBits);
  const reachable = flipEncoding ? Math.floor(max / 2) : max;
  // Integer loop instead of Math.log2 so powers of two are never off by one through rounding.
  let bits = 0;
  while (2 ** bits < reachable + 1) bits += 1;
  return bits;
}

/** The ADC bits this arch needs to be lossless, and whether it has them. */
export function adcLossless(arch: Arch): { requiredBits: number; adcBits: number; lossless: boolean } {
  const { crossbar, dac, adc } = arch.tile.pe;
  const requiredBits = losslessAdcBits(crossbar.activeRows, crossbar.cellBits, dac.bits, adc.flipEncoding);
  return { requiredBits, adcBits: adc.bits, lossless: adc.bits >= requiredBits };
}
