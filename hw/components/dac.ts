// DAC cost: one operation drives one row with one input bit-plane of `bits` bits. Its settling
// happens inside the crossbar read, so it adds no latency of its own. A row is driven only for the
// planes whose digit is not 0 (nonZeroDigitTable), which the engine counts and the model averages.
import type { TechTable } from '../tech/schema.js';
import { dacUnit } from '../tech/scaling.js';
import type { ComponentCost } from './types.js';
import { bitPlanes } from '../timing.js';

interface DacParams {
  bits: number;
}

export function dacCost(p: DacParams, tech: TechTable): ComponentCost {
  return dacUnit(tech, p.bits);
}

/** Per u in [0, 2^inputBits): how many of its DAC digits (dacBits wide) are not 0. */
export function nonZeroDigitTable(inputBits: number, dacBits: number): Uint8Array {
  const planes = bitPlanes(inputBits, dacBits);
  const mask = 2 ** dacBits - 1;
  return Uint8Array.from({ length: 2 ** inputBits }, (_, u) => {
    let n = 0;
    for (let b = 0; b < planes; b++) if (((u >> (b * dacBits)) & mask) !== 0) n++;
    return n;
  });
}
