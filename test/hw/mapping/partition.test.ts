// Crossbar counts of im2col and kernel-split, worked out by hand.
import { describe, expect, it } from 'vitest';
import { partitionWeights } from '../../../hw/mapping/partition.js';

// 128 x 128 arrays, 8-bit weights on 2-bit cells: 4 columns per weight, 32 weights per row.
const g = { rows: 128, cols: 128, activeRows: 128, columnsPerWeight: 4 };
const conv3x3x64to64 = { inChannels: 64, outChannels: 64, kernel: [3, 3] as const, groups: 1 };

describe('partitionWeights', () => {
  it('im2col: a 3x3x64 -> 64 conv needs ceil(576/128) x ceil(64/32) = 5 x 2 = 10 crossbars', () => {
    const p = partitionWeights(conv3x3x64to64, 'im2col', g);
    expect(p.rowsPerGroup).toBe(576);
    expect(p.rowBlocks).toBe(5);
    expect(p.colBlocks).toBe(2);
    expect(p.crossbarsPerCopy).toBe(10);
    // Four full row blocks and one of 64 rows; every block drives its rows once per plane.
    expect(p.rowsDrivenPerPlane).toBe(2 * 576);
    expect(p.readsPerPlane).toBe(10);
    expect(p.conversionsPerPlane).toBe(10 * 128);
    expect(p.cellsUsed).toBe(576 * 64 * 4);
  });

  it('kernel-split: the same conv needs 9 positions x ceil(64/128) x 2 = 18 crossbars of 64 used rows', () => {
    const p = partitionWeights(conv3x3x64to64, 'kernel-split', g);
    expect(p.arraySets).toBe(9);
    expect(p.rowsPerGroup).toBe(64);
    expect(p.crossbarsPerCopy).toBe(18);
    expect(p.rowsDrivenPerPlane).toBe(18 * 64);
    expect(p.conversionsPerPlane).toBe(18 * 128);
    expect(p.cellsUsed).toBe(576 * 64 * 4);
  });

  it('differential encoding doubles the columns: 16 weights per row, 4 column blocks', () => {
    const p = partitionWeights(conv3x3x64to64, 'im2col', { ...g, columnsPerWeight: 8 });
    expect(p.crossbarsPerCopy).toBe(5 * 4);
  });

  it('with 8 active rows, a 64-row block takes 8 reads per plane and a 128-row block 16', () => {
    const p = partitionWeights(conv3x3x64to64, 'im2col', { ...g, activeRows: 8 });
    expect(p.readsPerPlane).toBe(2 * (4 * 16 + 8));
    expect(p.readRoundsPerPlane).toBe(16);
    expect(partitionWeights(conv3x3x64to64, 'kernel-split', { ...g, activeRows: 8 }).readRoundsPerPlane).toBe(8);
  });

  it('depthwise 3x3 over 64 channels packs groups block-diagonally: min(128/9, 32/1) = 14 per crossbar', () => {
    const p = partitionWeights({ inChannels: 64, outChannels: 64, kernel: [3, 3], groups: 64 }, 'im2col', g);
    expect(p.groupsPerPack).toBe(14);
    expect(p.packs).toBe(5); // ceil(64 / 14)
    expect(p.crossbarsPerCopy).toBe(5);
    expect(p.cellsUsed).toBe(64 * 9 * 4); // only the diagonal blocks hold weights
  });

  it('a dense 25088 -> 4096 layer is a 1x1 conv over one pixel: 196 x 128 crossbars', () => {
    const p = partitionWeights({ inChannels: 25088, outChannels: 4096, kernel: [1, 1], groups: 1 }, 'im2col', g);
    expect(p.crossbarsPerCopy).toBe(196 * 128);
  });
});
