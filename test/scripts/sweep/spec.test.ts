// Sweep files expand to a fixed, indexed list of points: grids cross their lists (first key
// slowest), arrays and JSONL list points as written.
import { describe, expect, it } from 'vitest';
import { chunkIndices, parseSweep } from '../../../scripts/sweep/index.js';

describe('parseSweep', () => {
  it('crosses a grid: 2 nets x 1 arch x 2 dups x 3 ADC bits = 12 points, last override fastest', () => {
    const points = parseSweep(JSON.stringify({ net: ['lenet5', 'vgg8'], arch: ['isaac'], dup: ['none', 'auto'], overrides: { 'tile.pe.adc.bits': [5, 6, 7] } }), 'grid');
    expect(points).toHaveLength(12);
    expect(points[0]).toEqual({ net: 'lenet5', arch: 'isaac', dup: 'none', overrides: { 'tile.pe.adc.bits': 5 } });
    expect(points[1].overrides).toEqual({ 'tile.pe.adc.bits': 6 });
    expect(points[3].dup).toBe('auto');
    expect(points[6].net).toBe('vgg8');
  });
  it('reads a JSON array and JSONL alike', () => {
    const a = [{ net: 'lenet5', arch: 'isaac' }, { net: 'vgg8', arch: 'isaac', batch: 4 }];
    expect(parseSweep(JSON.stringify(a), 'array')).toEqual(a);
    expect(parseSweep(a.map((p) => JSON.stringify(p)).join('\n') + '\n', 'jsonl')).toEqual(a);
  });
  it('rejects unknown keys and points without net or arch', () => {
    expect(() => parseSweep('[{"net":"lenet5","arch":"isaac","colour":1}]', 'bad')).toThrow(/unknown key "colour"/);
    expect(() => parseSweep('[{"net":"lenet5"}]', 'bad')).toThrow(/"net" and "arch"/);
  });
  it('splits indices into chunks', () => {
    expect(chunkIndices(0, 4, 10)).toEqual([0, 1, 2, 3]);
    expect(chunkIndices(2, 4, 10)).toEqual([8, 9]);
    expect(() => chunkIndices(3, 4, 10)).toThrow(/out of range/);
  });
});
