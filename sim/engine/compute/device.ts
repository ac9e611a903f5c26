// The ReRAM non-idealities of `analog` fidelity, from the arch's `device` section (hw/arch/device.ts),
// turned into what the packed path needs: each cell's conductance when a copy is programmed, and
// what happens to each column sum at a read. Conductances are in cell levels: level l of a cell
// with L = 2^cellBits - 1 conducts l level units; level 0 conducts gOff = L / (onOffRatio - 1)
// (so the top level over level 0 is onOffRatio). Formulas and sources: docs/device.md.
//
// At programming, per cell (each effect drawn from its own seeded stream, so turning one on leaves
// the others' draws unchanged):
//   stuck-at:  the level written is replaced by 0 (SA0, rate stuckAt0Rate) or L (SA1);
//   d2d:       g = (l + gOff) * exp(d2dSigma * z)                                (lognormal)
//   drift:     g *= (t / 1 s)^-nu,  nu ~ N(driftNu, driftNuSigma) clipped at 0  (power law)
//   IR drop:   g *= 1 / (1 + g * gTop * R * (col + rows - row))                  (first order)
// where gTop = 1 / (L * lrsResistanceOhm) siemens per level unit, R = wireResistanceOhm per cell
// pitch, and the cell's wire path runs col pitches along its row from the driver and rows - row
// pitches down its column to the sense amplifier. The first-order form ignores the other cells'
// currents on the same wires (the load-dependent drop) and sneak paths: it is optimistic.
// At each read, per conversion of a column sum v (level units):
//   c2c:       v += c2cSigma * sqrt(v^2 / n) * z, n the read's active input units (cells read
//              equal in level: exact then, a lower bound on the variance otherwise)
//   read noise v += k / 256, k ~ N(0, (256 readNoiseSigma)^2) rounded to a whole number (readNoise.ts)
//   ADC:       code = clip(round((v * (1 + adcGainError)) / lsb + adcOffsetLsb), 0, top)
//   digital:   value = code * lsb - gOff * n  (the nominal level-0 current, known from the inputs)
import type { Arch } from '../../../hw/arch/schema.js';
import { NormalStream, DEFAULT_ANALOG, type AnalogParams } from './analog.js';
import { Random } from '../../kernel/index.js';

/** `analog` fidelity's parameters: the defaults, then the arch's device section, then `overrides`. */
export function analogParamsFor(arch: Arch, overrides: Partial<AnalogParams> = {}): AnalogParams {
  const d = arch.device ?? {};
  const fromArch: Partial<AnalogParams> = {};
  if (d.d2dSigma !== undefined) fromArch.conductanceSigma = d.d2dSigma;
  if (d.readNoiseSigma !== undefined) fromArch.readNoiseSigma = d.readNoiseSigma;
  for (const key of ['c2cSigma', 'onOffRatio', 'stuckAt0Rate', 'stuckAt1Rate', 'driftNu', 'driftNuSigma', 'driftTimeS', 'adcOffsetLsb', 'adcGainError',
    'wireResistanceOhm', 'lrsResistanceOhm'] as const) {
    const v = d[key];
    if (v !== undefined) fromArch[key] = v;
  }
  return { ...DEFAULT_ANALOG, ...fromArch, ...overrides };
}

/** Level-0 conductance in level units: L / (onOffRatio - 1); 0 for an infinite ratio. */
export function offLevels(a: AnalogParams, maxLevel: number): number {
  return Number.isFinite(a.onOffRatio) ? maxLevel / (a.onOffRatio - 1) : 0;
}

/** A copy's cells at programming: the conductance of a cell written to `level`, at (row, col) of
 *  its crossbar, in level units. `skipsZero`: level-0 cells conduct nothing and draw nothing (the
 *  ideal off state), so the caller may skip them. */
export interface CellProgrammer {
  conductance(level: number, row: number, col: number): number;
  readonly skipsZero: boolean;
}

function stream(seed: number, layer: number, copy: number, salt: number): Random {
  return new Random((Math.imul(seed ^ salt, 0x9e3779b1) ^ Math.imul(layer + 1, 0x85ebca77) ^ Math.imul(copy + 1, 0xc2b2ae3d)) | 0);
}

/** The programmer of one (layer, copy): `variation` draws the d2d factors (the stream the
 *  variation model has always used, so d2d alone reproduces earlier results). */
export function cellProgrammer(a: AnalogParams, maxLevel: number, rows: number, variation: NormalStream, layer: number, copy: number): CellProgrammer {
  const gOff = offLevels(a, maxLevel);
  const sigma = a.conductanceSigma;
  const stuck = a.stuckAt0Rate + a.stuckAt1Rate > 0 ? stream(a.seed, layer, copy, 0x51a7) : undefined;
  const nu = a.driftNuSigma > 0 ? new NormalStream(stream(a.seed, layer, copy, 0xd21f)) : undefined;
  const logT = Math.log(Math.max(1, a.driftTimeS));
  const ir = a.wireResistanceOhm > 0 ? a.wireResistanceOhm / (maxLevel * a.lrsResistanceOhm) : 0;
  return {
    skipsZero: gOff === 0 && a.stuckAt1Rate === 0,
    conductance(level, row, col) {
      let l = level;
      if (stuck !== undefined) {
        const u = stuck.next();
        if (u < a.stuckAt0Rate) l = 0;
        else if (u < a.stuckAt0Rate + a.stuckAt1Rate) l = maxLevel;
      }
      let g = l + gOff;
      if (sigma > 0) g *= Math.exp(sigma * variation.next());
      if (a.driftNu > 0 || nu !== undefined) g *= Math.exp(-Math.max(0, a.driftNu + (nu === undefined ? 0 : a.driftNuSigma * nu.next())) * logT);
      if (ir > 0) g /= 1 + g * ir * (col + rows - row);
      return g;
    },
  };
}

/** Fields of AnalogParams that act only at a read (readEffects), not when cells are programmed. */
const READ_ONLY_FIELDS: ReadonlySet<string> = new Set(['readNoiseSigma', 'c2cSigma', 'adcOffsetLsb', 'adcGainError']);

/** Everything cellProgrammer reads besides the layer and copy: two chips with the same key draw
 *  the same conductances for the same cells (any field not known to be read-only counts; sorted,
 *  so the order the fields were set in does not matter). */
export function programmingKey(a: AnalogParams, maxLevel: number, rows: number): string {
  const fields = Object.entries(a).filter(([k]) => !READ_ONLY_FIELDS.has(k)).map(([k, v]) => `${k}=${v}`).sort();
  return [...fields, `maxLevel=${maxLevel}`, `rows=${rows}`].join(',');
}

/** programmingKey of a chip on `arch`: its cells' top level and its crossbars' rows, which its
 *  copies program with (crossbarKernel.ts). The study groups chips by it (sim/accuracy/study.ts)
 *  and the copies keep their codes under it, so the two agree by construction. */
export function archProgrammingKey(arch: Arch, a: AnalogParams): string {
  const { crossbar } = arch.tile.pe;
  return programmingKey(a, 2 ** crossbar.cellBits - 1, crossbar.rows);
}

/** What a read does to a column sum before and after the ADC (the packed path applies it). */
export interface ReadEffects {
  readNoiseSigma: number;
  c2cSigma: number;
  gain: number;
  offsetLsb: number;
  /** Level-0 conductance subtracted per active input unit after the conversion. */
  offLevels: number;
  /** Whether the active input units of each read are needed (c2c or a finite on/off ratio). */
  needsOnes: boolean;
}

export function readEffects(a: AnalogParams, maxLevel: number): ReadEffects {
  const off = offLevels(a, maxLevel);
  return {
    readNoiseSigma: a.readNoiseSigma, c2cSigma: a.c2cSigma, gain: 1 + a.adcGainError, offsetLsb: a.adcOffsetLsb, offLevels: off,
    needsOnes: a.c2cSigma > 0 || off > 0,
  };
}

/** The parameters as a report states them: infinite values (the ideal on/off ratio, no IR drop)
 *  are left out, since JSON cannot hold them. */
export function analogReport(a: AnalogParams): Partial<AnalogParams> {
  return Object.fromEntries(Object.entries(a).filter(([, v]) => Number.isFinite(v)));
}
