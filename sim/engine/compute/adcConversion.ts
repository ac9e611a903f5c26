// One conversion of `analog` fidelity, from a raw column sum to an ADC code (device.ts has the
// formulas): c2c and read noise added to the column current, then the ADC's gain, offset, rounding
// and clipping. `noisyAdcCode` skips the noise draws of a conversion whose code no draw can change.
import type { ReadEffects } from './device.js';
import { READ_NOISE_Z_MAX, type ReadNoise } from './readNoise.js';

/** The ADC code of column sum v (level units) over `ones` active input units, read with the draws
 *  z1 (c2c) and z2 (read noise). */
export type AdcCode = (v: number, ones: number, z1: number, z2: number) => number;

export function adcCode(read: ReadEffects, lsb: number, topCode: number): AdcCode {
  const { readNoiseSigma: sigma, c2cSigma, gain, offsetLsb } = read;
  const ideal = gain === 1 && offsetLsb === 0;
  return (v, ones, z1, z2) => {
    if (c2cSigma > 0 && ones > 0) v += c2cSigma * Math.sqrt((v * v) / ones) * z1;
    if (sigma > 0) v += sigma * z2;
    const code = ideal ? Math.floor(v / lsb + 0.5) : Math.floor((v * gain) / lsb + offsetLsb + 0.5);
    return code < 0 ? 0 : code > topCode ? topCode : code;
  };
}

/**
 * convert(v, ones, z1, z2) with z1 = draw `index` and z2 = draw `index + 1` of `noise`, drawing
 * them only when they can matter. Every step of `convert` (a product with a non-negative factor,
 * a sum, a product with the gain, floor, clip) is monotone in each draw, and no draw exceeds
 * READ_NOISE_Z_MAX in magnitude, so the code lies between the codes at the two extreme draws:
 * when those agree, it is that code. `c2c`: whether z1 is used at all (else it is not drawn).
 */
export function noisyAdcCode(convert: AdcCode, v: number, ones: number, noise: ReadNoise, index: number, c2c: boolean): number {
  const low = convert(v, ones, -READ_NOISE_Z_MAX, -READ_NOISE_Z_MAX);
  if (low === convert(v, ones, READ_NOISE_Z_MAX, READ_NOISE_Z_MAX)) return low;
  return convert(v, ones, c2c ? noise.draw(index) : 0, noise.draw(index + 1));
}
