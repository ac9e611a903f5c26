// The part of the row kernel's copies (analogRows.ts) that is the same for every copy of a layer,
// computed once per layer: the image's plan (its tables, the columns' conversion indices and
// scales, the read noise's tail counts), the slot bookkeeping of the digital side, and the cells
// in the order they are programmed, with where each one's code goes in the row layout. A copy
// then copies the tables in and draws its conductances straight into its rows
// (programRowCodes): no packed image, no re-layout, no per-copy planning. The order is the packed
// path's (packedLayout.ts: packedTasks, then slices, then rows), so a copy draws the same
// conductances from the same streams as the packed path would.
import type { CrossbarLayout } from '../layout.js';
import type { BitSerialParams } from './bitSerial.js';
import { packedTasks, planPackedLayout, storedValues } from './packedLayout.js';
import { ROW_GROUP_INTS, ROW_SET_INTS, rowModule, type RowShape } from './wasm/rowModule.js';
import { readNoiseSteps, type ReadNoiseSteps } from './readNoise.js';
import type { WasmModule } from './wasm/runtime.js';
import type { CellProgrammer } from './device.js';
import type { KeptCodes } from './rowCodeCache.js';

/** A padding column's conversion index (its sums are 0, so its code is 0 whatever it draws). */
const PAD_AT = -(2 ** 30);
const V128_BYTES = 16;

/** Per run of cells (a task's slice column: consecutive rows, one column): RUN_INTS i32. */
const RUN_INTS = 5;

/** One layer's row-kernel plan, shared by its copies. Byte offsets are from a copy's base. */
export interface RowLayer {
  layout: CrossbarLayout;
  p: BitSerialParams;
  rowShape: RowShape;
  module: WasmModule;
  /** Bytes of a copy's image. */
  bytes: number;
  /** The image's first `head.length` words as every copy starts: the tables, the sets' row
   *  indices, the columns' conversion indices and scales (zeros elsewhere). */
  head: Int32Array;
  /** The read noise in raw units (readNoiseSteps; undefined: none the codes can feel); its tail
   *  counts sit at noiseByte. */
  noiseSteps: ReadNoiseSteps | undefined;
  noiseByte: number;
  tableByte: number;
  tableEnd: number;
  windowByte: number;
  outByte: number;
  codesByte: number;
  /** Columns of all groups (a multiple of 4: quads). */
  colCount: number;
  conversions: number;
  slices: number;
  planes: number;
  lsb: number;
  sliceScale: number[];
  /** Conductance codes: one level is `codeOne`, capped at `codeTop`. */
  codeOne: number;
  codeTop: number;
  /** Per quad of columns: its sum slot; per task: its sum slot. */
  quadSlot: Int32Array;
  taskSlot: Int32Array;
  /** Per slot: the digital side's constant (fillPackedImage's return), output channel, rows
   *  [lo, hi) in its set, and the words of its set's prefix sums at lo and at hi. */
  weightSum: Float64Array;
  slotChannel: Int32Array;
  slotLo: Int32Array;
  slotHi: Int32Array;
  prefixLo: Int32Array;
  prefixHi: Int32Array;
  /** The cells in programming order: per run, RUN_INTS i32 (its first code's word from
   *  codesByte, words per row, its first row in the block, its crossbar column, cells); the
   *  level each cell holds, run after run. */
  runs: Int32Array;
  levels: Uint8Array;
}

/** The plan of `layout`'s copies under `rowShape` (rowShapeFor's: the module exists). */
export function rowLayer(layout: CrossbarLayout, p: BitSerialParams, rowShape: RowShape): RowLayer {
  const plan = planPackedLayout(layout, p, true);
  const { shape } = plan;
  const tasks = packedTasks(layout, p, plan);
  const groupBytes = shape.planes * shape.dacBits * shape.words * 8;

  // Groups in x-byte order; each group's tasks in task order, each task's slices in order.
  const groupOf = tasks.map((t) => plan.groupByte.get(`${layout.blocks[t.block].set}:${layout.blocks[t.block].r0 + t.g0}`)!);
  const groupTasks = new Map<number, number[]>();
  const taskSlot = new Int32Array(tasks.length);
  tasks.forEach((t, i) => {
    if (!groupTasks.has(groupOf[i])) groupTasks.set(groupOf[i], []);
    groupTasks.get(groupOf[i])!.push(i);
    taskSlot[i] = t.slot;
  });
  const groupRows = new Map<number, { set: number; first: number; rows: number }>();
  for (const [key, byte] of plan.groupByte) {
    const [s, g0] = key.split(':').map(Number);
    const words = plan.rowWord[s];
    let rows = 0;
    while (g0 + rows < words.length && Math.floor((words[g0 + rows] * 4) / groupBytes) * groupBytes === byte) rows++;
    groupRows.set(byte, { set: s, first: g0, rows });
  }
  const taskCols = Math.ceil(shape.slices / 4) * 4;
  const groups = [...groupTasks.keys()].sort((x, y) => x - y).map((byte) => {
    const cols = groupTasks.get(byte)!.length * taskCols;
    return { byte, tasks: groupTasks.get(byte)!, ...groupRows.get(byte)!, stride: cols * 4 };
  });
  const setBase: number[] = [];
  let uCount = 0;
  for (const rows of layout.setRows) {
    setBase.push(uCount);
    uCount += rows.length;
  }
  const sets = layout.setRows.length;
  const colCount = groups.reduce((n, g) => n + g.stride / 4, 0);
  const conversions = tasks.length * shape.slices * shape.planes;
  const align = (bytes: number) => Math.ceil(bytes / V128_BYTES) * V128_BYTES;
  // Each group's sums by plane, kept between calls (a window seen again converts them anew), then
  // its total T (the row module's rows of many one bits: wasm/rowModule.ts).
  const uByte = (shape.planes + 1) * colCount * 4;
  // Set s's prefix sums at prefixByte + (setBase[s] + s) x 4, its row indices at indexByte + setBase[s] x 4.
  const prefixByte = uByte + align(uCount * 4);
  const indexByte = prefixByte + align((uCount + sets) * 4);
  const windowByte = indexByte + align(uCount * 4);
  const tableByte = windowByte + align(layout.patchLength * 4);
  const groupTableByte = tableByte + 4 + sets * ROW_SET_INTS * 4;
  const atByte = align(groupTableByte + groups.length * ROW_GROUP_INTS * 4);
  const scaleByte = atByte + colCount * 4;
  const outByte = scaleByte + colCount * 4;
  // [out]: colCount / 4 quads of 4 bytes each.
  const codesByte = outByte + align(colCount);
  const noiseByte = codesByte + groups.reduce((n, g) => n + g.rows * g.stride, 0);
  const noiseSteps = rowShape.noise === undefined ? undefined : readNoiseSteps(rowShape.noise.sigmaRaw);
  const bytes = noiseByte + (noiseSteps?.tail.length ?? 0) * 4;

  const lsb = 2 ** shape.lsbShift;
  const w = new Int32Array(outByte / 4);
  w[tableByte / 4] = sets;
  layout.setRows.forEach((rows, s) => {
    const rec = tableByte / 4 + 1 + s * ROW_SET_INTS;
    w[rec] = windowByte;
    w[rec + 1] = indexByte + setBase[s] * 4;
    w[rec + 2] = rows.length;
    w[rec + 3] = uByte + setBase[s] * 4;
    w[rec + 4] = prefixByte + (setBase[s] + s) * 4;
    w.set(rows, indexByte / 4 + setBase[s]);
  });
  // Where each task's slice c goes: its group's codes (word from codesByte), words per row, column.
  const taskCodes = new Int32Array(tasks.length);
  const taskWidth = new Int32Array(tasks.length);
  const quadSlot = new Int32Array(colCount / 4);
  let col = 0;
  let codes = 0;
  let acc = 0;
  groups.forEach((g, gi) => {
    const rec = groupTableByte / 4 + gi * ROW_GROUP_INTS;
    w[rec] = uByte + (setBase[g.set] + g.first) * 4;
    w[rec + 1] = g.rows;
    w[rec + 2] = codesByte + codes * 4;
    w[rec + 3] = g.stride;
    w[rec + 4] = atByte + col * 4;
    w[rec + 5] = scaleByte + col * 4;
    w[rec + 6] = outByte + col;
    w[rec + 7] = acc;
    acc += (shape.planes + 1) * g.stride;
    const width = g.stride / 4;
    for (let k = 0; k < width; k++) w[atByte / 4 + col + k] = PAD_AT;
    g.tasks.forEach((t, i) => {
      for (let q = 0; q < taskCols / 4; q++) quadSlot[(col + i * taskCols) / 4 + q] = taskSlot[t];
      for (let c = 0; c < shape.slices; c++) {
        const j = i * taskCols + c;
        w[atByte / 4 + col + j] = (t * shape.slices + c) * shape.planes;
        w[scaleByte / 4 + col + j] = lsb * shape.sliceScale[c];
      }
      taskCodes[t] = codes + i * taskCols;
      taskWidth[t] = width;
    });
    col += width;
    codes += g.rows * width;
  });

  // The cells in the packed path's programming order (fillPackedImage): task, slice, row. Row r
  // of a task sits at row (first + r - g0) of its group: bit r of the packed cell planes.
  const weightSum = new Float64Array(plan.columns.length);
  const K = p.cellBits;
  const L = shape.maxLevel;
  const perWeight = Math.ceil(p.weightBits / K);
  const positive = new Int32Array(p.activeRows);
  const negative = new Int32Array(p.activeRows);
  const runs = new Int32Array(tasks.length * shape.slices * RUN_INTS);
  const levels = new Uint8Array(tasks.reduce((n, t) => n + t.rows, 0) * shape.slices);
  let run = 0;
  let cell = 0;
  tasks.forEach((t, ti) => {
    weightSum[t.slot] += storedValues(layout, p, t, positive, negative);
    for (let c = 0; c < shape.slices; c++) {
      const stored = c < perWeight ? positive : negative;
      const shift = (c % perWeight) * K;
      runs[run] = taskCodes[ti] + (t.first - t.g0) * taskWidth[ti] + c;
      runs[run + 1] = taskWidth[ti];
      runs[run + 2] = t.first;
      runs[run + 3] = t.column * shape.slices + c;
      runs[run + 4] = t.rows;
      run += RUN_INTS;
      for (let r = 0; r < t.rows; r++) levels[cell++] = (stored[r] >> shift) & L;
    }
  });

  const slots = plan.columns.length;
  const slotChannel = new Int32Array(slots);
  const slotLo = new Int32Array(slots);
  const slotHi = new Int32Array(slots);
  const prefixLo = new Int32Array(slots);
  const prefixHi = new Int32Array(slots);
  plan.columns.forEach(({ block, column }, slot) => {
    const b = layout.blocks[block];
    slotChannel[slot] = b.outChannels[column];
    slotLo[slot] = b.r0 + b.lo[column];
    slotHi[slot] = b.r0 + b.hi[column];
    const prefixWord = (prefixByte + (setBase[b.set] + b.set) * 4) / 4;
    prefixLo[slot] = prefixWord + slotLo[slot];
    prefixHi[slot] = prefixWord + slotHi[slot];
  });
  return {
    layout, p, rowShape, module: rowModule(rowShape)!, bytes, head: w, noiseSteps, noiseByte,
    tableByte, tableEnd: groupTableByte + groups.length * ROW_GROUP_INTS * 4, windowByte, outByte, codesByte, colCount, conversions,
    slices: shape.slices, planes: shape.planes, lsb, sliceScale: shape.sliceScale,
    codeOne: 2 ** shape.fractionBits, codeTop: 2 ** shape.cellBits - 1,
    quadSlot, taskSlot, weightSum, slotChannel, slotLo, slotHi, prefixLo, prefixHi, runs, levels,
  };
}

/** Draws one copy's conductances (`programmer`, in the packed path's order) straight into its
 *  image `w` (fresh: zeros) as codes, row by row; an ideal level-0 cell stays 0 and draws nothing.
 *  With `kept`, codes kept for the same copy of the same device and cells are copied in instead
 *  (the same values), and codes drawn here are kept. */
export function programRowCodes(layer: RowLayer, programmer: CellProgrammer, w: Int32Array, kept?: KeptCodes): void {
  const codes = layer.codesByte / 4;
  const keptCodes = kept?.cache.codes(kept, layer);
  if (keptCodes !== undefined) {
    w.set(keptCodes, codes);
    return;
  }
  const { runs, levels, codeOne, codeTop } = layer;
  const skipsZero = programmer.skipsZero;
  let cell = 0;
  for (let q = 0; q < runs.length; q += RUN_INTS) {
    const width = runs[q + 1];
    const row = runs[q + 2];
    const col = runs[q + 3];
    const n = runs[q + 4];
    let at = codes + runs[q];
    for (let r = 0; r < n; r++, at += width) {
      const held = levels[cell + r];
      if (held === 0 && skipsZero) continue;
      w[at] = Math.min(codeTop, Math.round(programmer.conductance(held, row + r, col) * codeOne));
    }
    cell += n;
  }
  kept?.cache.keep(kept, layer, w.slice(codes, layer.noiseByte / 4));
}
