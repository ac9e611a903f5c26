// The tile digital units' arithmetic, one output pixel (all channels) at a time: max/avg pooling,
// global average pooling, residual add, ReLU, channel concat, per-channel affine, channel-broadcast
// product and channel gather. Rounding is the shared integer requantization of
// workloads/quant (shared arithmetic by design); the loops are the engine's own.
import {
  concatNeedsRequantize, concatTable, layerRequantizers, makeAddRequantizer, makeAverageRequantizer, makeGlobalAverageRequantizer, makeMulRequantizer,
  requantize, requantizeMul, requantizeAdd, requantizeAverage, requantizeGlobalAverage,
  type AddRequantizer, type AverageRequantizer, type GlobalAverageRequantizer, type MulRequantizer, type Requantizer,
} from '../../../workloads/quant/index.js';
import type { Layer, TensorQuant } from '../../../workloads/ir/types.js';

export interface PlaneShape {
  c: number;
  h: number;
  w: number;
}

export type DigitalOp =
  | { kind: 'maxpool'; kernel: readonly [number, number]; stride: readonly [number, number]; padding: readonly number[] }
  | {
    kind: 'avgpool';
    kernel: readonly [number, number];
    stride: readonly [number, number];
    padding: readonly number[];
    /** Divide by the window's cells inside the padded input, not the input (AvgPoolLayer.countIncludePad). */
    countIncludePad: boolean;
    r: AverageRequantizer;
  }
  /** ORT's float32 steps (quant/elementwise.ts), as the reference: the exact average of avgpool would
   *  differ on ties at odd output zero points and on near-ties where H x W is no power of two. */
  | { kind: 'globalavgpool'; r: GlobalAverageRequantizer }
  | { kind: 'add'; r: AddRequantizer }
  | { kind: 'relu'; zeroPoint: number }
  /** Per channel: the int8 weight less its zero point, the int32 bias and the requantizer. */
  | { kind: 'affine'; weights: Int32Array; bias: Int32Array; r: readonly Requantizer[] }
  /** x (input 0) times the gate (input 1, one value per channel) less its zero point `zg`. */
  | { kind: 'mul'; zg: number; r: MulRequantizer }
  /** Output channel k is input channel indices[k]. */
  | { kind: 'channels'; indices: readonly number[] }
  /** Per input in order: its channels and, when its quantization differs from the output's, the
   *  requantize unit's 256-entry table (index code + 128); undefined = copied as is. */
  | { kind: 'concat'; channels: readonly number[]; tables: ReadonlyArray<Int8Array | undefined> };

/** `inShapes`: the inputs' shapes, in order (concat reads their channel counts). */
export function digitalOp(layer: Layer, inQuant: readonly TensorQuant[], inShapes: ReadonlyArray<readonly number[]> = []): DigitalOp {
  switch (layer.kind) {
    case 'maxpool':
      return { kind: 'maxpool', kernel: layer.kernel, stride: layer.stride, padding: layer.padding };
    case 'avgpool':
      return {
        kind: 'avgpool', kernel: layer.kernel, stride: layer.stride, padding: layer.padding, countIncludePad: layer.countIncludePad === true,
        r: makeAverageRequantizer(inQuant[0], layer.outQuant),
      };
    case 'globalavgpool':
      return { kind: 'globalavgpool', r: makeGlobalAverageRequantizer(inQuant[0], layer.outQuant, inShapes[0][1] * inShapes[0][2]) };
    case 'add':
      return { kind: 'add', r: makeAddRequantizer(inQuant[0], inQuant[1], layer.outQuant, layer.relu, layer.clamp) };
    case 'relu':
      return { kind: 'relu', zeroPoint: inQuant[0].zeroPoint };
    case 'channels':
      return { kind: 'channels', indices: layer.indices };
    case 'mul':
      return { kind: 'mul', zg: inQuant[1].zeroPoint, r: makeMulRequantizer(inQuant[0].scale, inQuant[1].scale, layer.outQuant) };
    case 'affine': {
      const zw = layer.weightQuant.zeroPoints;
      const weights = Int32Array.from(layer.weights, (w, c) => w - zw[zw.length > 1 ? c : 0]);
      return { kind: 'affine', weights, bias: layer.bias, r: layerRequantizers(layer, inQuant[0].scale) };
    }
    case 'concat':
      return {
        kind: 'concat',
        channels: inShapes.map((s) => s[0]),
        tables: inQuant.map((q) => (concatNeedsRequantize(q, layer.outQuant) ? concatTable(q, layer.outQuant) : undefined)),
      };
    default:
      throw new Error(`layer "${layer.name}" (${layer.kind}) is not a digital-unit layer`);
  }
}

/** Per requantizer, its outputs by window sum (averageCodes), per count and zero point. */
const averageTables = new WeakMap<AverageRequantizer, Map<number, Int8Array>>();

/** requantizeAverage(sum, count, r) for every sum a window of `count` int8 inputs less `zx` can
 *  have, at index sum + count x (128 + zx): computed once, then looked up per output (a pool's
 *  outputs are many, its sums few). */
function averageCodes(r: AverageRequantizer, count: number, zx: number): Int8Array {
  let tables = averageTables.get(r);
  if (tables === undefined) {
    tables = new Map();
    averageTables.set(r, tables);
  }
  const key = count * 256 + zx + 128;
  let codes = tables.get(key);
  if (codes === undefined) {
    const lo = -count * (128 + zx);
    codes = new Int8Array(count * 255 + 1);
    for (let i = 0; i < codes.length; i++) codes[i] = requantizeAverage(lo + i, count, r);
    tables.set(key, codes);
  }
  return codes;
}

/** Output pixel (oy, ox) of `op` for all channels into out[c]. */
export function digitalPixel(op: DigitalOp, inputs: readonly Int8Array[], s: PlaneShape, oy: number, ox: number, out: Int8Array, zx: number): void {
  const plane = s.h * s.w;
  switch (op.kind) {
    case 'maxpool':
    case 'avgpool': {
      const top = oy * op.stride[0] - op.padding[0];
      const left = ox * op.stride[1] - op.padding[1];
      const y0 = Math.max(0, top);
      const y1 = Math.min(s.h, top + op.kernel[0]);
      const x0 = Math.max(0, left);
      const x1 = Math.min(s.w, left + op.kernel[1]);
      const count = op.kind === 'avgpool' && op.countIncludePad
        ? (Math.min(top + op.kernel[0], s.h + op.padding[2]) - top) * (Math.min(left + op.kernel[1], s.w + op.padding[3]) - left)
        : (y1 - y0) * (x1 - x0);
      const codes = op.kind === 'avgpool' ? averageCodes(op.r, count, zx) : undefined;
      const at = count * (128 + zx);
      for (let c = 0; c < s.c; c++) {
        const base = c * plane;
        if (op.kind === 'maxpool') {
          let best = -128;
          for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) best = Math.max(best, inputs[0][base + y * s.w + x]);
          out[c] = best;
        } else {
          let sum = 0;
          for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) sum += inputs[0][base + y * s.w + x] - zx;
          out[c] = codes![sum + at];
        }
      }
      return;
    }
    case 'globalavgpool':
      for (let c = 0; c < s.c; c++) {
        let sum = 0;
        for (let i = 0; i < plane; i++) sum += inputs[0][c * plane + i] - zx;
        out[c] = requantizeGlobalAverage(sum, op.r);
      }
      return;
    case 'add': {
      const p = oy * s.w + ox;
      for (let c = 0; c < s.c; c++) out[c] = requantizeAdd(inputs[0][c * plane + p], inputs[1][c * plane + p], op.r);
      return;
    }
    case 'relu': {
      const p = oy * s.w + ox;
      for (let c = 0; c < s.c; c++) out[c] = Math.max(inputs[0][c * plane + p], op.zeroPoint);
      return;
    }
    case 'channels': {
      const p = oy * s.w + ox;
      op.indices.forEach((from, k) => {
        out[k] = inputs[0][from * plane + p];
      });
      return;
    }
    case 'mul': {
      const p = oy * s.w + ox;
      for (let c = 0; c < s.c; c++) out[c] = requantizeMul((inputs[0][c * plane + p] - zx) * (inputs[1][c] - op.zg), op.r);
      return;
    }
    case 'affine': {
      const p = oy * s.w + ox;
      for (let c = 0; c < s.c; c++) out[c] = requantize((inputs[0][c * plane + p] - zx) * op.weights[c] + op.bias[c], op.r[c]);
      return;
    }
    case 'concat': {
      // Input k's channels land after those of inputs 0 .. k-1; all inputs share H and W.
      const p = oy * s.w + ox;
      let base = 0;
      op.channels.forEach((channels, k) => {
        const table = op.tables[k];
        const x = inputs[k];
        for (let c = 0; c < channels; c++) out[base + c] = table === undefined ? x[c * plane + p] : table[x[c * plane + p] + 128];
        base += channels;
      });
      return;
    }
  }
}
