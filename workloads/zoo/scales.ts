// ZooBuilder: builds zoo networks with seeded synthetic weights and quantization scales chosen so
// activations use the int8 range (neither all zero nor all saturated) and so that ONNX Runtime's
// float32 requantization is exact, hence bit-identical to the integer reference:
//
// - Activation scales are powers of two: the input 2^-7, every conv/dense/add output ACT_SCALE,
//   global average pools a power-of-two ratio of their input. Add inputs share the output scale, so
//   an add is an integer sum (never a rounding tie) and pools divide by powers of two times a count.
// - Each conv/dense output channel gets a multiplier M = m * 2^-s with integer 1 <= m < 2^8 and
//   s <= 16; the weight scale is then M * outScale / inScale, so float32(inScale * wScale) / outScale
//   is exactly M. In the unsaturated range |acc * M| <= 255, so |acc * m| < 2^24: float32(acc) * M is
//   exact in ORT and its round-half-even equals the reference's (see quant/requantize.ts).
// - M is picked from an analytic estimate of the accumulator's spread (fan-in x input second moment
//   x the channel's actual weight second moment) so the pre-activation std is ~64 codes for ReLU
//   outputs (zero point -128: the full [0, 255] range for real >= 0) and ~32 codes otherwise.
import { NetworkBuilder } from '../ir/builder.js';
import { convMultiplier } from '../quant/multiplier.js';
import { SeededRandom } from '../random.js';
import { OhmflowError } from '../errors.js';
import type { Network, NetworkSkeleton, Shape, TensorQuant } from '../ir/types.js';

export const INPUT_QUANT: TensorQuant = { scale: 2 ** -7, zeroPoint: 0 };
const ACT_SCALE = 2 ** -5;
const RELU_ZERO_POINT = -128;
const RELU_TARGET_STD = 64;
const LINEAR_TARGET_STD = 32;
const MAX_RIGHT_SHIFT = 16;
const MANTISSA_LIMIT = 2 ** 8;

/** Mean and second moment of (q - zeroPoint), in integer codes. */
interface Moments {
  readonly mean: number;
  readonly meanSquare: number;
}

/** Uniform int8 codes in [-128, 127]: the seeded input the zoo is scaled for. */
const UNIFORM_INT8: Moments = { mean: -0.5, meanSquare: 5461.5 };

/** The closest M = m * 2^-s to `ideal` with 1 <= m < 2^8 and s <= 16 (see the file header). */
export function exactMultiplier(ideal: number): number {
  let s = MAX_RIGHT_SHIFT;
  let m = Math.round(ideal * 2 ** s);
  while (m >= MANTISSA_LIMIT) {
    s -= 1;
    m = Math.round(ideal * 2 ** s);
  }
  return Math.max(1, m) * 2 ** -s;
}

function erf(x: number): number {
  // Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7): enough for a scale estimate.
  const sign = x < 0 ? -1 : 1;
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return sign * y;
}

/** Moments of max(0, Z) for Z ~ N(mean, std^2). */
function rectifiedGaussian(mean: number, std: number): Moments {
  if (std <= 0) return { mean: Math.max(0, mean), meanSquare: Math.max(0, mean) ** 2 };
  const a = mean / std;
  const cdf = 0.5 * (1 + erf(a / Math.SQRT2));
  const pdf = Math.exp(-0.5 * a * a) / Math.sqrt(2 * Math.PI);
  return { mean: mean * cdf + std * pdf, meanSquare: (mean * mean + std * std) * cdf + mean * std * pdf };
}

/** Average number of in-bounds kernel offsets per output position along one axis. */
function averageValidTaps(kernel: number, stride: number, padBefore: number, inSize: number, outSize: number): number {
  let total = 0;
  for (let o = 0; o < outSize; o++) {
    for (let k = 0; k < kernel; k++) {
      const i = o * stride + k - padBefore;
      if (i >= 0 && i < inSize) total += 1;
    }
  }
  return total / outSize;
}

/** Sum of squared weights per output channel (rows of fanIn weights). */
function channelSumSquares(weights: Int8Array, channels: number, fanIn: number): Float64Array {
  const sums = new Float64Array(channels);
  for (let c = 0; c < channels; c++) {
    let sum = 0;
    const end = (c + 1) * fanIn;
    for (let i = c * fanIn; i < end; i++) {
      const w = weights[i];
      sum += w * w;
    }
    sums[c] = sum;
  }
  return sums;
}

type Pair = number | readonly [number, number];
const pairOf = (p: Pair): [number, number] => (typeof p === 'number' ? [p, p] : [p[0], p[1]]);

interface ZooConvOptions {
  outChannels: number;
  kernel: Pair;
  stride?: Pair;
  padding?: number;
  groups?: number;
  relu: boolean;
  /** The source model had BatchNorm after this conv (folded here). */
  batchNorm?: boolean;
  /** The source model had a bias (default true unless batchNorm). */
  bias?: boolean;
}

interface ZooBuilderOptions {
  /**
   * False builds a skeleton: no weight arrays are generated (the cost of a zoo build), while
   * shapes and output quantization stay exactly those of the full network (default true).
   */
  weights?: boolean;
}

export class ZooBuilder {
  private readonly builder: NetworkBuilder;
  private readonly moments = new Map<string, Moments>();
  private readonly withWeights: boolean;

  constructor(name: string, private readonly seed: number, options: ZooBuilderOptions = {}) {
    this.builder = new NetworkBuilder(name);
    this.withWeights = options.weights ?? true;
  }

  shapeOf(name: string): Shape {
    return this.builder.shapeOf(name);
  }

  input(shape: Shape, name = 'input'): string {
    this.moments.set(name, UNIFORM_INT8);
    return this.builder.input(name, shape, INPUT_QUANT);
  }

  conv(name: string, from: string, o: ZooConvOptions): string {
    const [inC, inH, inW] = this.shapeOf(from);
    const groups = o.groups ?? 1;
    const [kh, kw] = pairOf(o.kernel);
    const [sh, sw] = pairOf(o.stride ?? 1);
    const pad = o.padding ?? 0;
    const outH = Math.floor((inH + 2 * pad - kh) / sh) + 1;
    const outW = Math.floor((inW + 2 * pad - kw) / sw) + 1;
    if (outH < 1 || outW < 1) {
      throw new OhmflowError(`input ${inC}x${inH}x${inW} is too small for this network`, {
        field: name,
        fix: 'use a larger --resolution',
      });
    }
    const taps = (inC / groups) * averageValidTaps(kh, sh, pad, inH, outH) * averageValidTaps(kw, sw, pad, inW, outW);
    const fanIn = (inC / groups) * kh * kw;
    const hasBias = o.bias ?? !o.batchNorm;
    const geometry = {
      outChannels: o.outChannels,
      kernel: [kh, kw] as const,
      stride: [sh, sw] as const,
      padding: pad,
      groups,
      outQuant: outputQuant(o.relu),
      relu: o.relu,
      ...(o.batchNorm ? { foldedBatchNorm: true } : {}),
      ...(hasBias ? {} : { hasBias: false }),
    };
    if (this.withWeights) {
      const q = this.choose(name, from, o.outChannels, fanIn, taps, o.relu, hasBias || o.batchNorm === true);
      this.builder.conv2d(name, from, { ...geometry, weights: q.weights, bias: q.bias, weightQuant: q.weightQuant });
    } else {
      this.builder.conv2dSkeleton(name, from, geometry);
    }
    this.setOutputMoments(name, o.relu);
    return name;
  }

  dense(name: string, from: string, o: { outFeatures: number; relu: boolean; bias?: boolean }): string {
    const [inF] = this.shapeOf(from);
    const hasBias = o.bias ?? true;
    const geometry = {
      outFeatures: o.outFeatures,
      outQuant: outputQuant(o.relu),
      relu: o.relu,
      ...(hasBias ? {} : { hasBias: false }),
    };
    if (this.withWeights) {
      const q = this.choose(name, from, o.outFeatures, inF, inF, o.relu, hasBias);
      this.builder.dense(name, from, { ...geometry, weights: q.weights, bias: q.bias, weightQuant: q.weightQuant });
    } else {
      this.builder.denseSkeleton(name, from, geometry);
    }
    this.setOutputMoments(name, o.relu);
    return name;
  }

  maxPool(name: string, from: string, o: { kernel: number; stride?: number; padding?: number }): string {
    const m = this.moments.get(from)!;
    // Max of k*k neighbours of a rectified spread: larger mean and second moment. Factors are rough
    // estimates for correlated neighbours; the next conv only needs the right order of magnitude.
    const big = o.kernel * o.kernel >= 9;
    this.moments.set(name, { mean: m.mean * (big ? 2.5 : 2), meanSquare: m.meanSquare * (big ? 3.5 : 2.5) });
    return this.builder.maxPool(name, from, { kernel: o.kernel, stride: o.stride ?? o.kernel, padding: o.padding ?? 0 });
  }

  avgPool(name: string, from: string, o: { kernel: number; stride?: number }): string {
    const m = this.moments.get(from)!;
    const variance = m.meanSquare - m.mean * m.mean;
    this.moments.set(name, { mean: m.mean, meanSquare: m.mean * m.mean + variance / 2 });
    return this.builder.avgPool(name, from, { kernel: o.kernel, stride: o.stride ?? o.kernel });
  }

  /** Global average pool whose output scale is the input's over a power of two, to refill the range. */
  globalAvgPool(name: string, from: string): string {
    const m = this.moments.get(from)!;
    const inQuant = this.builder.quantOf(from);
    // Averages of many cells keep the mean and lose most of the spread.
    const rms = Math.sqrt(m.mean * m.mean * 1.1) || 1;
    const target = inQuant.zeroPoint === RELU_ZERO_POINT ? RELU_TARGET_STD : LINEAR_TARGET_STD;
    const gain = 2 ** Math.max(0, Math.round(Math.log2(target / rms)));
    this.moments.set(name, { mean: m.mean * gain, meanSquare: m.mean * m.mean * 1.1 * gain * gain });
    return this.builder.globalAvgPool(name, from, { outQuant: { scale: inQuant.scale / gain, zeroPoint: inQuant.zeroPoint } });
  }

  /** Residual add: both inputs and the output share ACT_SCALE, so the add is an exact integer sum. */
  add(name: string, a: string, b: string, o: { relu: boolean }): string {
    for (const n of [a, b]) {
      if (this.builder.quantOf(n).scale !== ACT_SCALE) {
        throw new OhmflowError(`add input '${n}' must have the activation scale`, { field: name });
      }
    }
    const ma = this.moments.get(a)!;
    const mb = this.moments.get(b)!;
    const mean = ma.mean + mb.mean;
    const std = Math.sqrt(Math.max(0, ma.meanSquare - ma.mean ** 2 + mb.meanSquare - mb.mean ** 2));
    this.moments.set(name, o.relu ? rectifiedGaussian(mean, std) : { mean, meanSquare: mean * mean + std * std });
    return this.builder.add(name, a, b, {
      outQuant: { scale: ACT_SCALE, zeroPoint: o.relu ? RELU_ZERO_POINT : 0 },
      relu: o.relu,
    });
  }

  /**
   * Channel concat. Inputs that share a quantization keep it (a plain copy). Mixed ones (a ReLU
   * branch beside a linear one) meet at twice the activation scale with zero point 0, which holds
   * both ranges; requantizing by 1/2 then rounds odd codes half to even, as ONNX Runtime does.
   */
  concat(name: string, from: readonly string[]): string {
    const quants = from.map((n) => this.builder.quantOf(n));
    const same = quants.every((q) => q.scale === quants[0].scale && q.zeroPoint === quants[0].zeroPoint);
    const outQuant = same ? quants[0] : { scale: 2 * ACT_SCALE, zeroPoint: 0 };
    // Moments of (q - zeroPoint) are real values over the scale: they scale by the ratio of scales.
    let channels = 0;
    let mean = 0;
    let meanSquare = 0;
    from.forEach((n, k) => {
      const c = this.shapeOf(n)[0];
      const m = this.moments.get(n)!;
      const r = quants[k].scale / outQuant.scale;
      mean += c * m.mean * r;
      meanSquare += c * m.meanSquare * r * r;
      channels += c;
    });
    this.moments.set(name, { mean: mean / channels, meanSquare: meanSquare / channels });
    return this.builder.concat(name, from, { outQuant });
  }

  flatten(name: string, from: string): string {
    this.moments.set(name, this.moments.get(from)!);
    return this.builder.flatten(name, from);
  }

  build(output?: string): Network {
    return this.builder.build(output);
  }

  /** The structure without weight arrays; the only build of a builder made with `weights: false`. */
  buildSkeleton(output?: string): NetworkSkeleton {
    return this.builder.buildSkeleton(output);
  }

  /** A conv/dense output's spread as choose() scales it for, whatever the weights turned out to be. */
  private setOutputMoments(name: string, relu: boolean): void {
    const target = relu ? RELU_TARGET_STD : LINEAR_TARGET_STD;
    this.moments.set(name, relu ? rectifiedGaussian(0, target) : { mean: 0, meanSquare: target * target });
  }

  /** Weights, bias and weight quantization of one conv/dense layer (see the file header). */
  private choose(name: string, from: string, channels: number, fanIn: number, taps: number, relu: boolean, withBias: boolean) {
    const inQuant = this.builder.quantOf(from);
    const inMoments = this.moments.get(from)!;
    const rng = new SeededRandom(this.seed, name);
    const weights = rng.fillInt8(new Int8Array(channels * fanIn));
    const bias = new Int32Array(channels);
    const scales: number[] = [];
    const sumSquares = channelSumSquares(weights, channels, fanIn);
    const target = relu ? RELU_TARGET_STD : LINEAR_TARGET_STD;
    for (let c = 0; c < channels; c++) {
      const accStd = Math.sqrt(taps * inMoments.meanSquare * (sumSquares[c] / fanIn)) || 1;
      // A small bias (an eighth of the spread) exercises the bias path without shifting the range.
      if (withBias) bias[c] = Math.round((rng.nextFloat() * 2 - 1) * accStd / 8);
      const multiplier = exactMultiplier(target / accStd);
      const weightScale = (multiplier * ACT_SCALE) / inQuant.scale;
      if (convMultiplier(inQuant.scale, weightScale, ACT_SCALE) !== multiplier) {
        throw new Error(`zoo scale for ${name} is not exact in float32`); // a bug here, not bad input
      }
      scales.push(weightScale);
    }
    return { weights, bias, weightQuant: { scales, zeroPoints: scales.map(() => 0) } };
  }
}

/** Every conv/dense output: ACT_SCALE, zero point at the bottom of the range after a ReLU. */
function outputQuant(relu: boolean): TensorQuant {
  return { scale: ACT_SCALE, zeroPoint: relu ? RELU_ZERO_POINT : 0 };
}
