// The `device` section of an arch: the ReRAM cells' and converters' non-idealities that `analog`
// fidelity applies (sim/engine/compute/device.ts). Every field is optional and its absence is the
// ideal device, except that d2dSigma and readNoiseSigma fall back to analog fidelity's
// illustrative defaults (DEFAULT_ANALOG). Formulas and sources: docs/device.md.
import { z } from 'zod';

const ratio = (description: string, max: number) => z.number().min(0).max(max).meta({ description });

export const deviceSchema = z
  .strictObject({
    d2dSigma: ratio('device-to-device variation: sigma of ln(conductance) per cell, fixed when the chip is programmed (lognormal)', 2).optional(),
    c2cSigma: ratio('cycle-to-cycle variation: relative sigma of each cell\'s conductance at every read', 2).optional(),
    onOffRatio: z.number().gt(1).max(1e12)
      .meta({ description: 'conductance of the top level over that of level 0 (HRS); absent = infinite (level 0 conducts nothing)' }).optional(),
    stuckAt0Rate: ratio('fraction of cells stuck at level 0 (HRS), at seeded positions', 1).optional(),
    stuckAt1Rate: ratio('fraction of cells stuck at the top level (LRS), at seeded positions', 1).optional(),
    driftNu: ratio('conductance drift exponent nu: g(t) = g0 (t / 1 s)^-nu', 1).optional(),
    driftNuSigma: ratio('device-to-device sigma of nu (normal, clipped at 0)', 1).optional(),
    driftTimeS: z.number().min(1).max(1e10).meta({ description: 'time since programming, seconds (at least 1 s, the drift reference time)' }).optional(),
    readNoiseSigma: ratio('read noise at the sense node: sigma per conversion, in cell levels', 100).optional(),
    adcOffsetLsb: z.number().min(-1e3).max(1e3).meta({ description: 'ADC offset error, in LSBs of the ADC' }).optional(),
    adcGainError: z.number().min(-0.5).max(0.5).meta({ description: 'ADC gain error, relative (0.01 = +1%)' }).optional(),
    wireResistanceOhm: z.number().min(0).max(1e4).meta({ description: 'IR drop: wire resistance of one cell pitch of a row or column, ohms' }).optional(),
    lrsResistanceOhm: z.number().min(1).max(1e12).meta({ description: 'IR drop: resistance of a cell at the top level, ohms (needed with wireResistanceOhm)' }).optional(),
  })
  .meta({ description: 'non-idealities of the cells and converters, applied by analog fidelity; absent fields are ideal' });

