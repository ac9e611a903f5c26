// `analog` fidelity: what the bit-serial path (bitSerial.ts) sees on real ReRAM instead of ideal
// levels. Two effects, both seeded so a run is reproducible:
//   - conductance variation, fixed when the weights are programmed: every cell of every copy
//     stores level x exp(sigma * z), z ~ N(0, 1) (lognormal device-to-device variation, as the
//     multiplicative models of NeuroSim and of Chen et al., "NeuroSim", TCAD 2018); a level-0 cell
//     stays at 0 (an infinite on/off ratio is assumed);
//   - read noise on every conversion: the column sum the ADC samples is off by a normal of sigma
//     readNoiseSigma cell levels rounded to 1/256 level (thermal and shot noise at the sense node,
//     lumped), independently per conversion (drawn from a counter-based stream, readNoise.ts).
// The ADC then quantizes the real-valued sum with its transfer function (round to nearest code,
// clipped to [0, top code]). The packed path (packedAdc.ts) stores each cell's conductance as a
// fixed-point code of 1/256 level (ANALOG_FRACTION_BITS), capped at 4x the top level, so column
// sums are popcounts of code bit-planes; noise and conversion happen on the digital side.
import { Random } from '../../kernel/index.js';
import { DEFAULT_ANALOG_SIGMAS } from './analogDefaults.js';

export interface AnalogParams {
  /** Sigma of ln(conductance) per cell (lognormal variation), dimensionless. */
  conductanceSigma: number;
  /** Sigma of the additive read noise per conversion, in cell levels (one level = the current of
   *  one cell step at the read voltage). */
  readNoiseSigma: number;
  seed: number;
  /** The other non-idealities of the arch's `device` section (device.ts; absent = ideal). */
  c2cSigma: number;
  /** Top level over level 0; Infinity: level 0 conducts nothing. */
  onOffRatio: number;
  stuckAt0Rate: number;
  stuckAt1Rate: number;
  driftNu: number;
  driftNuSigma: number;
  driftTimeS: number;
  adcOffsetLsb: number;
  adcGainError: number;
  wireResistanceOhm: number;
  lrsResistanceOhm: number;
}

/** The ideal values of the non-idealities beyond variation and read noise. */
export const IDEAL_DEVICE = {
  c2cSigma: 0, onOffRatio: Infinity, stuckAt0Rate: 0, stuckAt1Rate: 0, driftNu: 0, driftNuSigma: 0, driftTimeS: 1,
  adcOffsetLsb: 0, adcGainError: 0, wireResistanceOhm: 0, lrsResistanceOhm: Infinity,
} as const;

/** Whether `a` leaves the device ideal: no variation, no read noise, every other non-ideality off.
 *  Analog outputs then equal adc outputs bit for bit, whatever the seed (test/sim/functional/chip.test.ts). */
export function analogIsIdeal(a: AnalogParams): boolean {
  const keys = Object.keys(IDEAL_DEVICE) as Array<keyof typeof IDEAL_DEVICE>;
  return a.conductanceSigma === 0 && a.readNoiseSigma === 0 && keys.every((k) => a[k] === IDEAL_DEVICE[k]);
}

/** Defaults: DEFAULT_ANALOG_SIGMAS (analogDefaults.ts); the rest ideal. */
export const DEFAULT_ANALOG: AnalogParams = { ...DEFAULT_ANALOG_SIGMAS, seed: 1, ...IDEAL_DEVICE };

/** Per layer: at most this many cells get their own variation draws; copies beyond it reuse the
 *  draws of copy (index mod n) (bounded memory on big duplicated layers: 32 MB per layer). */
export const VARIATION_CELL_BUDGET = 8_000_000;

/** Standard normal draws, both of each Box-Muller pair used (half the logs and square roots of
 *  drawing one per pair): a reproducible stream per generator (the programming variation; read
 *  noise has its own counter-based stream, readNoise.ts). */
export class NormalStream {
  private spare = 0;
  private hasSpare = false;

  constructor(private readonly rng: Random) {}

  next(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    const r = Math.sqrt(-2 * Math.log(1 - this.rng.next()));
    const t = 2 * Math.PI * this.rng.next();
    this.spare = r * Math.sin(t);
    this.hasSpare = true;
    return r * Math.cos(t);
  }
}

/** The generator of one (layer, copy)'s programming variation: independent of run order. */
export function variationRng(seed: number, layer: number, copy: number): Random {
  return new Random((Math.imul(seed, 0x9e3779b1) ^ Math.imul(layer + 1, 0x85ebca77) ^ Math.imul(copy + 1, 0xc2b2ae3d)) | 0);
}

/** Checks the parameters a user gave. Returns an error message, or undefined when valid. */
export function analogProblem(p: AnalogParams): string | undefined {
  if (!(p.conductanceSigma >= 0 && p.conductanceSigma <= 2)) return `conductance sigma must be in [0, 2], got ${p.conductanceSigma}`;
  if (!(p.readNoiseSigma >= 0 && p.readNoiseSigma <= 100)) return `read noise sigma must be in [0, 100] levels, got ${p.readNoiseSigma}`;
  if (!Number.isSafeInteger(p.seed)) return `seed must be a whole number, got ${p.seed}`;
  return undefined;
}
