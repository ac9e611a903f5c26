// Cell-write cost: the arch's own figure, else the tech table's cellWrite row (with its source).
import { describe, expect, it } from 'vitest';
import { loadArch } from '../../../hw/arch/index.js';
import { loadTech } from '../../../hw/tech/load.js';
import { mapNetwork } from '../../../hw/mapping/index.js';
import { isOhmflowError } from '../../../workloads/errors.js';
import { oneConv } from './fixtures.js';

describe('cell-write cost', () => {
  const tech = loadTech('isaac-32nm');
  it('the isaac-32nm table states it, marked as an estimate', () => {
    expect(tech.cellWrite?.energyPjPerCell.value).toBe(1);
    expect(tech.cellWrite?.latencyPsPerRow.value).toBe(100_000);
    expect(tech.cellWrite?.energyPjPerCell.source).toMatch(/^estimate:/);
  });
  it('an arch without cellWrite takes the table row, and says so', () => {
    const m = mapNetwork(oneConv(4, 6, 4, 3), loadArch('isaac'));
    expect(m.cellWrite.energyPjPerCell).toBe(1);
    expect(m.cellWrite.source).toMatch(/^tech isaac-32nm: cellWrite/);
  });
  it("an arch's own cellWrite wins", () => {
    expect(mapNetwork(oneConv(4, 6, 4, 3), loadArch('rram-lossless-32nm')).cellWrite.source).toMatch(/^arch rram-lossless-32nm/);
  });
  it('with neither, mapping names the fields that would fix it', () => {
    const { cellWrite: _, ...bare } = tech;
    try {
      mapNetwork(oneConv(4, 6, 4, 3), loadArch('isaac'), {}, bare);
      expect.unreachable();
    } catch (e) {
      expect(isOhmflowError(e)).toBe(true);
      expect(String((e as Error).message)).toMatch(/cell-write/);
    }
  });
});
