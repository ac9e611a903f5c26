// Which fidelity a run may use on a chip: `exact` only where the ADC is proven lossless (every
// column sum of a read fits its codes), `adc` and `analog` anywhere.
import { OhmflowError } from '../../workloads/errors.js';
import type { Arch } from '../../hw/arch/schema.js';
import { adcLossless, maxColumnSum } from '../../hw/arch/lossless.js';
import type { Fidelity } from './context.js';

const FIDELITIES: readonly Fidelity[] = ['exact', 'adc', 'analog'];

/** The fidelity a run takes when none is asked for: exact where the ADC is lossless, else adc
 *  (checked against the ADC-aware reference). */
export function defaultFidelity(arch: Arch): Fidelity {
  return adcLossless(arch).lossless ? 'exact' : 'adc';
}

export function parseFidelity(text: string | undefined): Fidelity {
  const f = (text ?? 'exact') as Fidelity;
  if (!FIDELITIES.includes(f)) throw new OhmflowError(`unknown fidelity "${text}"`, { field: '--fidelity', fix: 'use exact, adc or analog' });
  return f;
}

/** Throws when `fidelity` cannot run on `arch`, saying why and what to do instead. */
export function checkFidelity(arch: Arch, fidelity: Fidelity): void {
  if (fidelity !== 'exact') return;
  const { requiredBits, adcBits, lossless } = adcLossless(arch);
  if (lossless) return;
  const { crossbar, dac, adc } = arch.tile.pe;
  const max = maxColumnSum(crossbar.activeRows, crossbar.cellBits, dac.bits);
  throw new OhmflowError(
    `exact fidelity needs a lossless ADC, but arch "${arch.name}" reads ${crossbar.activeRows} rows of ${crossbar.cellBits}-bit cells with ${dac.bits}-bit inputs: `
      + `column sums reach ${adc.flipEncoding ? Math.floor(max / 2) + ' (flip encoding)' : max}, which need ${requiredBits} ADC bits; it has ${adcBits}`,
    { field: 'tile.pe.adc.bits', fix: `run with --fidelity adc to simulate the ADC's quantization, or use adc.bits >= ${requiredBits} (or fewer activeRows)` },
  );
}
