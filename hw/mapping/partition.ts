// Weight partitioning: cuts one copy of a conv/dense weight matrix into crossbar blocks (im2col or
// kernel-split) and sums, in closed form, the per-read quantities every later model needs.
import type { CrossbarPartition, MappingScheme } from './types.js';
import type { ReadShape } from '../timing.js';

interface CrossbarGeometry {
  rows: number;
  cols: number;
  activeRows: number;
  /** Physical columns per weight (slices, doubled by differential encoding). */
  columnsPerWeight: number;
}

interface WeightShape {
  inChannels: number;
  outChannels: number;
  kernel: readonly [number, number];
  groups: number;
}

/** Sizes of a split of `total` into pieces of at most `size`: [full pieces, size], [1, remainder]. */
function pieces(total: number, size: number): Array<[count: number, length: number]> {
  const full = Math.floor(total / size);
  const rest = total - full * size;
  const out: Array<[number, number]> = [];
  if (full > 0) out.push([full, size]);
  if (rest > 0) out.push([1, rest]);
  return out;
}

/** Appends a run of crossbars, merged into the last run when it has the same shape. */
function pushRun(runs: Array<[number, ReadShape]>, [count, shape]: [number, ReadShape]): void {
  const last = runs[runs.length - 1];
  if (last !== undefined && last[1] === shape) last[0] += count;
  else runs.push([count, shape]);
}

/**
 * Partition of one copy. A group's logical matrix is rowsPerGroup x (Cout/g) weights. Small groups
 * (depthwise, grouped convs) are packed block-diagonally: k groups share a crossbar, group i on rows
 * [i*R, (i+1)*R) and its own columns, so no partial sum mixes groups. Larger groups each get their
 * own blocks (packs = groups, groupsPerPack = 1).
 */
export function partitionWeights(w: WeightShape, scheme: MappingScheme, g: CrossbarGeometry): CrossbarPartition {
  const [kh, kw] = w.kernel;
  const inPerGroup = w.inChannels / w.groups;
  const outPerGroup = w.outChannels / w.groups;
  const arraySets = scheme === 'kernel-split' ? kh * kw : 1;
  const rowsPerGroup = scheme === 'kernel-split' ? inPerGroup : inPerGroup * kh * kw;
  const weightsPerCrossbarRow = Math.floor(g.cols / g.columnsPerWeight);

  let groupsPerPack = 1;
  if (w.groups > 1 && rowsPerGroup <= g.rows && outPerGroup <= weightsPerCrossbarRow) {
    groupsPerPack = Math.min(w.groups, Math.floor(g.rows / rowsPerGroup), Math.floor(weightsPerCrossbarRow / outPerGroup));
  }
  const packs = Math.ceil(w.groups / groupsPerPack);
  // Packs differ only in the last one (fewer groups); sum over [count, groupsInPack].
  const packSizes = pieces(w.groups, groupsPerPack);

  let crossbarsPerCopy = 0;
  let rowsDriven = 0;
  let reads = 0;
  let conversions = 0;
  let rounds = 0;
  let cells = 0;
  let rowsUsed = 0;
  let rowBlocksMax = 0;
  let colBlocksMax = 0;
  const shapes = new Map<string, ReadShape>();
  const sequence: Array<[number, ReadShape]> = [];
  for (const [packCount, groupsInPack] of packSizes) {
    const rowSplit = pieces(groupsInPack * rowsPerGroup, g.rows);
    const colSplit = pieces(groupsInPack * outPerGroup, weightsPerCrossbarRow);
    const rowBlocks = rowSplit.reduce((s, [n]) => s + n, 0);
    const colBlocks = colSplit.reduce((s, [n]) => s + n, 0);
    rowBlocksMax = Math.max(rowBlocksMax, rowBlocks);
    colBlocksMax = Math.max(colBlocksMax, colBlocks);
    for (const [nr, usedRows] of rowSplit) {
      const readsOfBlock = Math.ceil(usedRows / g.activeRows);
      rounds = Math.max(rounds, readsOfBlock);
      for (const [nc, usedWeights] of colSplit) {
        const usedCols = usedWeights * g.columnsPerWeight;
        shapes.set(`${readsOfBlock}x${usedCols}`, { readsPerPlane: readsOfBlock, usedCols });
        const blocks = packCount * arraySets * nr * nc;
        crossbarsPerCopy += blocks;
        rowsDriven += blocks * usedRows;
        reads += blocks * readsOfBlock;
        conversions += blocks * readsOfBlock * usedCols;
        // Block-diagonal packs hold weights only on each group's own rows x columns.
        cells += blocks * usedRows * usedCols / (groupsPerPack > 1 ? groupsInPack : 1);
        rowsUsed += blocks * usedRows;
      }
    }
    const packRuns: Array<[number, ReadShape]> = [];
    for (let a = 0; a < arraySets; a++) {
      for (const [nr, usedRows] of rowSplit) {
        for (let r = 0; r < nr; r++) {
          for (const [nc, usedWeights] of colSplit) packRuns.push([nc, shapes.get(`${Math.ceil(usedRows / g.activeRows)}x${usedWeights * g.columnsPerWeight}`)!]);
        }
      }
    }
    for (let p = 0; p < packCount; p++) for (const run of packRuns) pushRun(sequence, run);
  }
  return {
    scheme,
    groups: w.groups,
    groupsPerPack,
    packs,
    arraySets,
    rowsPerGroup,
    outChannelsPerGroup: outPerGroup,
    columnsPerWeight: g.columnsPerWeight,
    weightsPerCrossbarRow,
    rowBlocks: rowBlocksMax,
    colBlocks: colBlocksMax,
    crossbarsPerCopy,
    rowsDrivenPerPlane: rowsDriven,
    readsPerPlane: reads,
    conversionsPerPlane: conversions,
    readRoundsPerPlane: rounds,
    readShapes: [...shapes.values()],
    readSequence: sequence,
    cellsUsed: Math.round(cells),
    rowsUsed,
  };
}
