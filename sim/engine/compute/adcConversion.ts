// One conversion of `analog` fidelity, from a raw column sum to an ADC code (device.ts has the
// formulas): c2c and read noise added to the column current, then the ADC's gain, offset, rounding
// and clipping. `noisyAdcCode` skips the noise draws of a conversion whose code no draw can change.
import type { ReadEffects } from './device.js';
import { READ_NOISE_Z_MAX, type ReadNoise } from './readNoise.js';

/** A conversion's ADC code, as a class: its one method stays monomorphic however many copies of
 *  how many layers convert (a closure per copy made the call sites megamorphic). */
export class AdcConverter {
  private readonly sigma: number;
  private readonly c2cSigma: number;
  private readonly gain: number;
  private readonly offsetLsb: number;
  private readonly ideal: boolean;

  constructor(read: ReadEffects, private readonly lsb: number, private readonly topCode: number) {
    this.sigma = read.readNoiseSigma;
    this.c2cSigma = read.c2cSigma;
    this.gain = read.gain;
    this.offsetLsb = read.offsetLsb;
    this.ideal = read.gain === 1 && read.offsetLsb === 0;
  }

  /** The ADC code of column sum v (level units) over `ones` active input units, read with the
   *  draws z1 (c2c) and z2 (read noise). */
  code(v: number, ones: number, z1: number, z2: number): number {
    if (this.c2cSigma > 0 && ones > 0) v += this.c2cSigma * Math.sqrt((v * v) / ones) * z1;
    if (this.sigma > 0) v += this.sigma * z2;
    const code = this.ideal ? Math.floor(v / this.lsb + 0.5) : Math.floor((v * this.gain) / this.lsb + this.offsetLsb + 0.5);
    return code < 0 ? 0 : code > this.topCode ? this.topCode : code;
  }
}

/**
 * convert.code(v, ones, z1, z2) with z1 = draw `index` and z2 = draw `index + 1` of `noise`, drawing
 * them only when they can matter. Every step of `convert` (a product with a non-negative factor,
 * a sum, a product with the gain, floor, clip) is monotone in each draw, and no draw exceeds
 * READ_NOISE_Z_MAX in magnitude, so the code lies between the codes at the two extreme draws:
 * when those agree, it is that code. `c2c`: whether z1 is used at all (else it is not drawn).
 */
export function noisyAdcCode(convert: AdcConverter, v: number, ones: number, noise: ReadNoise, index: number, c2c: boolean): number {
  const low = convert.code(v, ones, -READ_NOISE_Z_MAX, -READ_NOISE_Z_MAX);
  if (low === convert.code(v, ones, READ_NOISE_Z_MAX, READ_NOISE_Z_MAX)) return low;
  return convert.code(v, ones, c2c ? noise.draw(index) : 0, noise.draw(index + 1));
}
