// One conversion of `analog` fidelity, from a raw column sum to an ADC code (device.ts has the
// formulas): c2c and read noise added to the column current, then the ADC's gain, offset, rounding
// and clipping. `noisyAdcCode` skips the noise draws of a conversion whose code no draw can change.
import type { ReadEffects } from './device.js';
import { READ_NOISE_Z_MAX, readNoiseSteps, type ReadNoise, type ReadNoiseSteps } from './readNoise.js';

/** A conversion's ADC code, as a class: its one method stays monomorphic however many copies of
 *  how many layers convert (a closure per copy made the call sites megamorphic). */
export class AdcConverter {
  private readonly c2cSigma: number;
  private readonly gain: number;
  private readonly offsetLsb: number;
  private readonly ideal: boolean;

  constructor(read: ReadEffects, private readonly lsb: number, private readonly topCode: number) {
    this.c2cSigma = read.c2cSigma;
    this.gain = read.gain;
    this.offsetLsb = read.offsetLsb;
    this.ideal = read.gain === 1 && read.offsetLsb === 0;
  }

  /** The ADC code of column sum v (level units) over `ones` active input units, read with the
   *  c2c draw z1 and `noise` levels of read noise (a whole number of raw units: readNoise.ts). */
  code(v: number, ones: number, z1: number, noise: number): number {
    if (this.c2cSigma > 0 && ones > 0) v += this.c2cSigma * Math.sqrt((v * v) / ones) * z1;
    v += noise;
    const code = this.ideal ? Math.floor(v / this.lsb + 0.5) : Math.floor((v * this.gain) / this.lsb + this.offsetLsb + 0.5);
    return code < 0 ? 0 : code > this.topCode ? this.topCode : code;
  }
}

/** The read noise of `read` in raw units of `unit` levels (readNoise.ts), undefined without any. */
export function rawReadNoise(read: ReadEffects, unit: number): ReadNoiseSteps | undefined {
  return read.readNoiseSigma > 0 ? readNoiseSteps(read.readNoiseSigma / unit) : undefined;
}

/**
 * convert.code(raw x unit, ones, z1, k x unit) with z1 = draw `index` of `noise` (c2c, a standard
 * normal) and k = draw `index + 1` as read noise in raw units (`steps`; 0 without read noise),
 * drawing them only when they can matter. Every step of `convert` (a product with a non-negative
 * factor, a sum, a product with the gain, floor, clip) is monotone in each draw, and no draw
 * exceeds READ_NOISE_Z_MAX or steps.reach raw units in magnitude, so the code lies between the codes
 * at the extreme draws: when those agree, it is that code. `c2c`: whether z1 is used at all.
 */
export function noisyAdcCode(
  convert: AdcConverter, raw: number, unit: number, ones: number, noise: ReadNoise, index: number, c2c: boolean, steps: ReadNoiseSteps | undefined,
): number {
  const v = raw * unit;
  const reach = steps === undefined ? 0 : steps.reach * unit;
  const z = c2c ? READ_NOISE_Z_MAX : 0;
  const low = convert.code(v, ones, -z, -reach);
  if (low === convert.code(v, ones, z, reach)) return low;
  return convert.code(v, ones, c2c ? noise.draw(index) : 0, steps === undefined ? 0 : noise.raw(index + 1, steps) * unit);
}
