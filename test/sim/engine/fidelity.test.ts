// Fidelity modes: exact refuses a lossy ADC and says why; the bit-serial `adc` path equals the
// reference whenever the ADC is lossless (a strong check of the bit slicing, offsets and flip
// encoding), and quantizes when it is not.
import { describe, expect, test } from 'vitest';
import { loadArch } from '../../../hw/arch/index.js';
import { adcLossless } from '../../../hw/arch/lossless.js';
import { checkFidelity } from '../../../sim/engine/index.js';
import { OhmflowError } from '../../../workloads/errors.js';
import { defaultArchWith, run } from './helpers.js';
import { LOSSLESS } from '../../losslessArch.js';

describe('exact fidelity refuses a lossy ADC', () => {
  test('16 active rows of 2-bit cells need 6 ADC bits; the 5-bit default ADC is refused with a reason and --fidelity adc', () => {
    const lossy = defaultArchWith({ crossbar: { activeRows: 16 } });
    expect(adcLossless(lossy).lossless).toBe(false);
    expect(() => checkFidelity(lossy, 'exact')).toThrow(OhmflowError);
    expect(() => checkFidelity(lossy, 'exact')).toThrow(/need 6 ADC bits; it has 5[\s\S]*--fidelity adc/);
  });

  test('isaac without flip encoding (column sums up to 384 need 9 bits, ADC has 8) is refused', () => {
    const isaac = loadArch('isaac');
    const noFlip = { ...isaac, tile: { ...isaac.tile, pe: { ...isaac.tile.pe, adc: { ...isaac.tile.pe.adc, flipEncoding: false } } } };
    expect(() => checkFidelity(noFlip, 'exact')).toThrow(/need 9 ADC bits; it has 8/);
    expect(() => checkFidelity(isaac, 'exact')).not.toThrow();
  });

  test('analog fidelity runs on any chip (it quantizes like adc)', () => {
    expect(() => checkFidelity(loadArch(LOSSLESS), 'analog')).not.toThrow();
    expect(() => checkFidelity(defaultArchWith({ crossbar: { activeRows: 16 } }), 'analog')).not.toThrow();
  });
});

describe('adc fidelity: the bit-serial path', () => {
  test.each(['lenet5', 'mlp'])('on the lossless default preset equals the reference on %s', (name) => {
    const r = run(name, { fidelity: 'adc' });
    expect(r.mismatches).toBe(0);
  }, 60_000);

  test('on isaac (16-bit offset weights, 16 input planes, flip encoding making 8 bits lossless) equals the reference on lenet5', () => {
    const r = run('lenet5', { fidelity: 'adc', arch: loadArch('isaac') });
    expect(r.mismatches).toBe(0);
  }, 60_000);

  test('with differential weight encoding it equals the reference on lenet5', () => {
    const base = loadArch(LOSSLESS);
    const arch = { ...base, precision: { ...base.precision, weightEncoding: 'differential' as const } };
    const r = run('lenet5', { fidelity: 'adc', arch });
    expect(r.mismatches).toBe(0);
  }, 60_000);

  test('on a lossy ADC (16 active rows, 5 bits) it runs and its outputs differ from the reference', () => {
    const r = run('lenet5', { fidelity: 'adc', arch: defaultArchWith({ crossbar: { activeRows: 16 } }) });
    expect(r.mismatches).toBeGreaterThan(0);
    expect(r.mismatches).toBeLessThanOrEqual(r.compared);
  }, 60_000);
});
