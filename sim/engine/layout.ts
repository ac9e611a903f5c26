// The crossbar weight layout of one copy of a conv/dense layer, built by the engine from the
// network's weights and the mapping's partition geometry: which weight sits on which crossbar row
// and column. Both fidelity paths compute over this layout, block by block, so the partial sums
// are exactly those the crossbars produce. Counts (reads, DAC drives, conversions) come from it too.
import type { CrossbarPartition } from '../../hw/mapping/types.js';
import type { Conv2dLayer, DenseLayer } from '../../workloads/ir/types.js';

/** One crossbar: rows [r0, r1) of a set, weight columns [c0, c1) of the set. */
export interface Block {
  set: number;
  r0: number;
  r1: number;
  /** Output channel of each weight column of the block. */
  outChannels: Int32Array;
  /** Per weight column, the block rows [lo, hi) that hold its group's weights (block-relative). */
  lo: Int32Array;
  hi: Int32Array;
  /** Signed weights (w - zw), column-major: column j occupies [j * rows, (j + 1) * rows). */
  weights: Int32Array;
  /** int8 weight codes (as stored before the zero point), same order; the bit-serial path slices them. */
  codes: Int8Array;
  rows: number;
  /** Physical bitlines used: weight columns x columnsPerWeight. */
  usedCols: number;
  /** Reads per input bit-plane: ceil(rows / activeRows). */
  readsPerPlane: number;
}

export interface CrossbarLayout {
  /** Per set, the im2col patch index of each physical row (a set = one pack x one kernel-split array set). */
  setRows: Int32Array[];
  blocks: Block[];
  /** Patch length: inChannels * kh * kw (im2col order of the weights: ic, ky, kx). */
  patchLength: number;
  outChannels: number;
  /** Weight zero point per output channel. */
  weightZero: Int32Array;
}

interface LayoutGeometry {
  rows: number;
  activeRows: number;
}

/** Builds the layout of a conv2d or dense layer for `p` (one copy; copies hold the same weights). */
export function buildLayout(layer: Conv2dLayer | DenseLayer, inChannels: number, p: CrossbarPartition, g: LayoutGeometry): CrossbarLayout {
  const kh = layer.kind === 'conv2d' ? layer.kernel[0] : 1;
  const kw = layer.kind === 'conv2d' ? layer.kernel[1] : 1;
  const taps = kh * kw;
  const groups = p.groups;
  const icPerGroup = inChannels / groups;
  const tapsPerGroup = icPerGroup * taps;
  const outChannels = layer.kind === 'conv2d' ? layer.outChannels : layer.outFeatures;
  const zeroPoints = layer.weightQuant.zeroPoints;
  const weightZero = new Int32Array(outChannels);
  for (let oc = 0; oc < outChannels; oc++) weightZero[oc] = zeroPoints[zeroPoints.length > 1 ? oc : 0];

  const setRows: Int32Array[] = [];
  const blocks: Block[] = [];
  const kernelSplit = p.scheme === 'kernel-split';
  for (let pack = 0; pack < p.packs; pack++) {
    const g0 = pack * p.groupsPerPack;
    const gInPack = Math.min(p.groupsPerPack, groups - g0);
    for (let a = 0; a < p.arraySets; a++) {
      // Physical row j of the set: group g0 + floor(j / rowsPerGroup), local row r = j % rowsPerGroup.
      const physRows = gInPack * p.rowsPerGroup;
      const rowsIdx = new Int32Array(physRows);
      for (let j = 0; j < physRows; j++) {
        const grp = g0 + Math.floor(j / p.rowsPerGroup);
        const r = j % p.rowsPerGroup;
        // Patch index = global ic * taps + tap; im2col rows run over (ic, ky, kx), kernel-split
        // rows over ic for the set's tap a.
        const localTap = kernelSplit ? r * taps + a : r;
        rowsIdx[j] = grp * tapsPerGroup + localTap;
      }
      const set = setRows.length;
      setRows.push(rowsIdx);
      const physCols = gInPack * p.outChannelsPerGroup;
      for (let r0 = 0; r0 < physRows; r0 += g.rows) {
        const r1 = Math.min(physRows, r0 + g.rows);
        const rows = r1 - r0;
        for (let c0 = 0; c0 < physCols; c0 += p.weightsPerCrossbarRow) {
          const c1 = Math.min(physCols, c0 + p.weightsPerCrossbarRow);
          const n = c1 - c0;
          const block: Block = {
            set, r0, r1, rows,
            outChannels: new Int32Array(n), lo: new Int32Array(n), hi: new Int32Array(n),
            weights: new Int32Array(n * rows), codes: new Int8Array(n * rows),
            usedCols: n * p.columnsPerWeight,
            readsPerPlane: Math.ceil(rows / g.activeRows),
          };
          for (let j = 0; j < n; j++) {
            const q = c0 + j;
            const grp = g0 + Math.floor(q / p.outChannelsPerGroup);
            const oc = grp * p.outChannelsPerGroup + (q % p.outChannelsPerGroup);
            block.outChannels[j] = oc;
            // The group's rows in this set, clipped to the block.
            const gr0 = (grp - g0) * p.rowsPerGroup;
            block.lo[j] = Math.max(0, gr0 - r0);
            block.hi[j] = Math.max(block.lo[j], Math.min(rows, gr0 + p.rowsPerGroup - r0));
            for (let i = block.lo[j]; i < block.hi[j]; i++) {
              const tapInGroup = rowsIdx[r0 + i] - grp * tapsPerGroup;
              const code = layer.weights[oc * tapsPerGroup + tapInGroup];
              block.codes[j * rows + i] = code;
              block.weights[j * rows + i] = code - weightZero[oc];
            }
          }
          blocks.push(block);
        }
      }
    }
  }
  return { setRows, blocks, patchLength: inChannels * taps, outChannels, weightZero };
}
