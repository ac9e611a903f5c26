// Seeded random int8 inputs of any shape: the default data for networks without a real dataset.
import { SeededRandom } from '../random.js';
import { shapeSize } from '../ir/shapes.js';
import type { Shape } from '../ir/types.js';

/** One image of int8 codes uniform in [-128, 127], deterministic for (seed, index). */
export function randomInt8Input(shape: Shape, seed = 1, index = 0): Int8Array {
  const rng = new SeededRandom(seed, `input:${index}`);
  const out = new Int8Array(shapeSize(shape));
  for (let i = 0; i < out.length; i++) out[i] = (rng.nextUint32() & 0xff) - 128;
  return out;
}

/** `count` such images (indices 0 .. count - 1). */
export function randomInt8Batch(shape: Shape, count: number, seed = 1): Int8Array[] {
  return Array.from({ length: count }, (_, i) => randomInt8Input(shape, seed, i));
}
