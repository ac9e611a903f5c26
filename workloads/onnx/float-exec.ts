// Float64 execution of draft layers, for calibration: records each layer's output range.
// Deliberately plain loops: it runs a handful of images once per import.
import { preActivationKey, type ClipBounds, type ConvDraft, type DenseDraft, type Draft, type PoolDraft } from './drafts.js';
import { tableFunction } from '../quant/table.js';

export interface Range {
  min: number;
  max: number;
}

/** A fused ReLU, then a fused Clip, as the draft's requantization applies them. */
function activate(v: number, relu: boolean, clip: ClipBounds | undefined): number {
  const r = relu ? Math.max(v, 0) : v;
  return clip ? Math.min(Math.max(r, clip.min), clip.max) : r;
}

function conv(d: ConvDraft, x: Float64Array, inShape: readonly number[]): Float64Array {
  const [c, h, w] = inShape;
  const [oc, oh, ow] = d.shape;
  const [kh, kw] = d.kernel;
  const [dh, dw] = d.dilation ?? [1, 1];
  const cg = c / d.groups;
  const ocg = oc / d.groups;
  const out = new Float64Array(oc * oh * ow);
  for (let o = 0; o < oc; o++) {
    const g = Math.floor(o / ocg);
    for (let y = 0; y < oh; y++) {
      for (let xo = 0; xo < ow; xo++) {
        let acc = d.bias.real[o];
        for (let ci = 0; ci < cg; ci++) {
          for (let ky = 0; ky < kh; ky++) {
            const iy = y * d.stride[0] - d.padding[0] + ky * dh;
            if (iy < 0 || iy >= h) continue;
            for (let kx = 0; kx < kw; kx++) {
              const ix = xo * d.stride[1] - d.padding[1] + kx * dw;
              if (ix < 0 || ix >= w) continue;
              acc += d.weights.real[((o * cg + ci) * kh + ky) * kw + kx] * x[((g * cg + ci) * h + iy) * w + ix];
            }
          }
        }
        out[(o * oh + y) * ow + xo] = activate(acc, d.relu, d.clip);
      }
    }
  }
  return out;
}

function dense(d: DenseDraft, x: Float64Array): Float64Array {
  const inF = x.length;
  return Float64Array.from({ length: d.outFeatures }, (_, o) => {
    let acc = d.bias.real[o];
    for (let i = 0; i < inF; i++) acc += d.weights.real[o * inF + i] * x[i];
    return activate(acc, d.relu, d.clip);
  });
}

/** Max or average (padding in the divisor only with countIncludePad) over each window. */
function pool(d: PoolDraft, x: Float64Array, inShape: readonly number[]): Float64Array {
  const [c, h, w] = inShape;
  const [, oh, ow] = d.shape;
  const out = new Float64Array(c * oh * ow);
  for (let ch = 0; ch < c; ch++) {
    for (let y = 0; y < oh; y++) {
      for (let xo = 0; xo < ow; xo++) {
        let acc = d.kind === 'maxpool' ? -Infinity : 0;
        let count = 0;
        for (let ky = 0; ky < d.kernel[0]; ky++) {
          const iy = y * d.stride[0] - d.padding[0] + ky;
          if (iy < 0 || iy >= h) continue;
          for (let kx = 0; kx < d.kernel[1]; kx++) {
            const ix = xo * d.stride[1] - d.padding[1] + kx;
            if (ix < 0 || ix >= w) continue;
            const v = x[(ch * h + iy) * w + ix];
            acc = d.kind === 'maxpool' ? Math.max(acc, v) : acc + v;
            count++;
          }
        }
        if (d.kind === 'avgpool' && d.countIncludePad) {
          const top = y * d.stride[0] - d.padding[0];
          const left = xo * d.stride[1] - d.padding[1];
          count = (Math.min(top + d.kernel[0], h + d.padding[2]) - top) * (Math.min(left + d.kernel[1], w + d.padding[3]) - left);
        }
        out[(ch * oh + y) * ow + xo] = d.kind === 'maxpool' ? acc : acc / count;
      }
    }
  }
  return out;
}

function run(d: Draft, inputs: Float64Array[], inShape: readonly number[]): Float64Array {
  switch (d.kind) {
    case 'input':
    case 'flatten':
      return inputs[0];
    case 'conv2d':
      return conv(d, inputs[0], inShape);
    case 'dense':
      return dense(d, inputs[0]);
    case 'maxpool':
    case 'avgpool':
      return pool(d, inputs[0], inShape);
    case 'globalavgpool': {
      const [c, h, w] = inShape;
      return Float64Array.from({ length: c }, (_, ch) => inputs[0].subarray(ch * h * w, (ch + 1) * h * w).reduce((a, b) => a + b, 0) / (h * w));
    }
    case 'add':
      return Float64Array.from(inputs[0], (a, i) => activate(a + inputs[1][i], d.relu, d.clip));
    case 'concat': {
      const out = new Float64Array(inputs.reduce((n, x) => n + x.length, 0));
      let offset = 0;
      for (const x of inputs) {
        out.set(x, offset);
        offset += x.length;
      }
      return out;
    }
    case 'channels': {
      const plane = inputs[0].length / inShape[0];
      const out = new Float64Array(d.indices.length * plane);
      d.indices.forEach((from, k) => out.set(inputs[0].subarray(from * plane, (from + 1) * plane), k * plane));
      return out;
    }
    case 'mul': {
      const plane = inputs[0].length / d.shape[0];
      return Float64Array.from(inputs[0], (v, i) => v * inputs[1][Math.floor(i / plane)]);
    }
    case 'affine': {
      const plane = inputs[0].length / d.shape[0];
      return Float64Array.from(inputs[0], (v, i) => {
        const c = Math.floor(i / plane);
        return activate(v * d.weights.real[c] + d.bias.real[c], d.relu, d.clip);
      });
    }
    case 'relu':
      return inputs[0].map((v) => Math.max(v, 0));
  }
}

/** Every draft's float output for one image, by layer name (`order` is topological), and tabled layers' pre-activation values (preActivationKey). */
export function runFloat(drafts: ReadonlyMap<string, Draft>, order: readonly string[], image: Float64Array): Map<string, Float64Array> {
  const outputs = new Map<string, Float64Array>();
  for (const name of order) {
    const d = drafts.get(name)!;
    const ins = d.kind === 'input' ? [image] : d.inputs.map((i) => outputs.get(i)!);
    const out = run(d, ins, d.kind === 'input' ? d.shape : drafts.get(d.inputs[0])!.shape);
    if ((d.kind === 'conv2d' || d.kind === 'dense') && d.table) {
      // A tabled layer's pre-activation values are observed too: they choose the table's input scale.
      outputs.set(preActivationKey(name), out);
      outputs.set(name, out.map(tableFunction(d.table.fn, d.table.hard)));
    } else {
      outputs.set(name, out);
    }
  }
  return outputs;
}

/** Widens `ranges[name]` with every value of `values`. */
export function widenRange(ranges: Map<string, Range>, name: string, values: ArrayLike<number>): void {
  const r = ranges.get(name) ?? { min: Infinity, max: -Infinity };
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < r.min) r.min = v;
    if (v > r.max) r.max = v;
  }
  ranges.set(name, r);
}

/**
 * Runs `order` on each input image and returns every layer's output range (by layer name);
 * `onImage` hears after each image.
 */
export function observeRanges(
  drafts: ReadonlyMap<string, Draft>,
  order: readonly string[],
  images: readonly Float64Array[],
  onImage?: (done: number, total: number) => void,
): Map<string, Range> {
  const ranges = new Map<string, Range>();
  for (const [k, image] of images.entries()) {
    const outputs = runFloat(drafts, order, image);
    for (const [name, values] of outputs) widenRange(ranges, name, values);
    onImage?.(k + 1, images.length);
  }
  return ranges;
}
