// The WebAssembly SIMD twin of the exact kernel for one crossbar layout: the layout's weights are
// laid out once as int16 in the instance's own memory, then each pixel costs one copy of the input
// vectors in and one call that computes every column of every block. Each layout has its own
// memory, sized at construction and never grown: views stay valid and no state is shared between
// layers or simulations.
import type { Block, CrossbarLayout } from '../../layout.js';
import { CHUNK_BYTES, CHUNK_LANES, CHUNKS_PER_STEP, TASK_BYTES, TASK_COLUMNS, TASK_INTS, compileDotModule } from './dotModule.js';
import { wasmApi } from './runtime.js';

/** Compiled once per process; undefined where WebAssembly SIMD is unavailable. */
const DOT_MODULE = compileDotModule();

export function wasmDotAvailable(): boolean {
  return DOT_MODULE !== undefined;
}

const PAGE_BYTES = 65536;
const STEP_BYTES = CHUNK_BYTES * CHUNKS_PER_STEP;
const INT16_MIN = -32768;
const INT16_MAX = 32767;

interface Task {
  block: Block;
  lo: number;
  hi: number;
  columns: number[];
}

/** Columns of a block grouped by equal row range [lo, hi), TASK_COLUMNS at most per task. */
function planTasks(blocks: readonly Block[]): Task[] {
  const tasks: Task[] = [];
  for (const block of blocks) {
    const open = new Map<string, Task>();
    for (let j = 0; j < block.outChannels.length; j++) {
      const lo = block.lo[j];
      const hi = block.hi[j];
      if (hi <= lo) continue;
      const key = `${lo}:${hi}`;
      let t = open.get(key);
      if (t === undefined || t.columns.length === TASK_COLUMNS) {
        t = { block, lo, hi, columns: [] };
        open.set(key, t);
        tasks.push(t);
      }
      t.columns.push(j);
    }
  }
  return tasks;
}

function fitsInt16(values: Int32Array): boolean {
  for (let i = 0; i < values.length; i++) if (values[i] < INT16_MIN || values[i] > INT16_MAX) return false;
  return true;
}

const chunksOf = (t: Task): number => Math.ceil((t.hi - t.lo) / (CHUNK_LANES * CHUNKS_PER_STEP)) * CHUNKS_PER_STEP;
const alignUp = (bytes: number, to: number): number => Math.ceil(bytes / to) * to;

export class WasmDotKernel {
  /** Blocks whose weights do not fit int16 lanes: the caller runs them through the TypeScript twin. */
  readonly fallbackBlocks: Block[];
  private readonly setRows: Int32Array[];
  /** The whole memory as int16: input vectors and weights. */
  private readonly memory16: Int16Array;
  /** Per set, the int16 index of its input vector in memory. */
  private readonly setOffsets: number[];
  private readonly accView: Int32Array;
  private readonly firstTaskByte: number;
  private readonly endTaskByte: number;
  private readonly run: (first: number, end: number) => void;

  constructor(layout: CrossbarLayout) {
    if (DOT_MODULE === undefined || wasmApi === undefined) throw new Error('WebAssembly SIMD is not available in this runtime (set OHMFLOW_KERNEL=ts)');
    this.setRows = layout.setRows;
    this.fallbackBlocks = layout.blocks.filter((b) => !fitsInt16(b.weights));
    const tasks = planTasks(layout.blocks.filter((b) => !this.fallbackBlocks.includes(b)));

    // Memory: input vectors (a step of zero padding each, so the last step never reads past its
    // set), accumulators plus a dummy slot for padding columns, the task table, the weights.
    this.setOffsets = [];
    let bytes = 0;
    for (const rows of layout.setRows) {
      this.setOffsets.push(bytes / 2);
      bytes += alignUp(rows.length * 2, CHUNK_BYTES) + STEP_BYTES;
    }
    const accByte = bytes;
    const dummyByte = accByte + layout.outChannels * 4;
    bytes = alignUp(dummyByte + 4, CHUNK_BYTES);
    this.firstTaskByte = bytes;
    this.endTaskByte = bytes + tasks.length * TASK_BYTES;
    const weightBytes = tasks.map((t) => chunksOf(t) * TASK_COLUMNS * CHUNK_BYTES);
    const totalBytes = this.endTaskByte + weightBytes.reduce((a, b) => a + b, 0);

    // Sized once for the layout and never grown, so the views below stay valid.
    const pages = Math.max(1, Math.ceil(totalBytes / PAGE_BYTES));
    const memory = new wasmApi.Memory({ initial: pages, maximum: pages });
    const instance = new wasmApi.Instance(DOT_MODULE, { env: { memory } });
    this.run = instance.exports.run as (first: number, end: number) => void;
    this.memory16 = new Int16Array(memory.buffer);
    this.accView = new Int32Array(memory.buffer, accByte, layout.outChannels);
    const table = new Int32Array(memory.buffer, this.firstTaskByte, tasks.length * TASK_INTS);

    let weightByte = this.endTaskByte;
    const mem = this.memory16;
    for (let n = 0; n < tasks.length; n++) {
      const t = tasks[n];
      const b = t.block;
      const len = t.hi - t.lo;
      for (let k = 0; k < t.columns.length; k++) {
        const src = t.columns[k] * b.rows + t.lo;
        const dst = (weightByte >> 1) + k * CHUNK_LANES;
        // Row rel goes to chunk floor(rel / 8), lane rel % 8 of column k's slot in that chunk.
        for (let rel = 0; rel < len; rel++) {
          const lane = rel % CHUNK_LANES;
          mem[dst + (rel - lane) * TASK_COLUMNS + lane] = b.weights[src + rel];
        }
      }
      const rec = n * TASK_INTS;
      table[rec] = weightByte;
      table[rec + 1] = (this.setOffsets[b.set] + b.r0 + t.lo) * 2;
      table[rec + 2] = weightByte + weightBytes[n];
      for (let k = 0; k < TASK_COLUMNS; k++) table[rec + 3 + k] = k < t.columns.length ? accByte + b.outChannels[t.columns[k]] * 4 : dummyByte;
      weightByte += weightBytes[n];
    }
  }

  /**
   * acc[oc] += the blocks' partial sums (all but fallbackBlocks). Returns false, with acc untouched,
   * when an input value window - zx does not fit int16 (never with int8 codes and zero points).
   */
  accumulate(window: Int32Array, zx: number, acc: Int32Array): boolean {
    const v16 = this.memory16;
    let spread = 0;
    for (let s = 0; s < this.setRows.length; s++) {
      const rows = this.setRows[s];
      const off = this.setOffsets[s];
      for (let j = 0; j < rows.length; j++) {
        const x = (window[rows[j]] - zx) | 0;
        // Any bit above 15 of x + 32768 means x is outside int16.
        spread |= x + 32768;
        v16[off + j] = x;
      }
    }
    if (spread >>> 16 !== 0) return false;
    const n = this.accView.length;
    this.accView.set(acc.length === n ? acc : acc.subarray(0, n));
    this.run(this.firstTaskByte, this.endTaskByte);
    acc.set(this.accView);
    return true;
  }
}
