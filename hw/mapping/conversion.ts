// What the ADC-aware reference needs to know of a chip: its conversion (precisions, cells, DAC,
// ADC, encoding) and, per crossbar layer, where its rows sit. Handed over as plain data, so the
// reference (workloads/) rebuilds the reads on its own.
import type { Arch } from '../arch/schema.js';
import { adcLossless } from '../arch/lossless.js';
import type { MappedNetwork } from './types.js';
import type { CrossbarConversion, ReadPlan } from '../../workloads/reference/index.js';

/** The chip's conversion for the reference, or undefined when its ADC is lossless (the integer
 *  reference then is the golden model). */
export function crossbarConversion(arch: Arch, mapped: MappedNetwork): CrossbarConversion | undefined {
  const { requiredBits, lossless } = adcLossless(arch);
  if (lossless) return undefined;
  const { crossbar, dac, adc } = arch.tile.pe;
  const plans = new Map<string, ReadPlan>();
  for (const m of mapped.layers) {
    if (m.engine !== 'crossbar' || m.partition === undefined) continue;
    plans.set(m.name, { scheme: m.partition.scheme, arrayRows: crossbar.rows, activeRows: crossbar.activeRows, groupsPerPack: m.partition.groupsPerPack });
  }
  return {
    model: {
      weightBits: arch.precision.weightBits, inputBits: arch.precision.inputBits, cellBits: crossbar.cellBits, dacBits: dac.bits,
      adcBits: adc.bits, rangeBits: requiredBits, encoding: arch.precision.weightEncoding, flip: adc.flipEncoding,
    },
    plans,
  };
}
