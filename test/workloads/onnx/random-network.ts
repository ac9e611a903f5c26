// Random small IR networks for property tests: a fast-check arbitrary over a layer recipe, built
// into a valid network with seeded weights. Scales follow the zoo's ORT-exact rules (power-of-two
// activation scales, multipliers m * 2^-s with 8-bit m), so the reference and ONNX Runtime must
// agree bit for bit; zero points, strides, dilations, padding, groups, residual adds, fused clips, ceil-mode
// pools and padding counted by average pools vary freely.
import fc from 'fast-check';
import { NetworkBuilder } from '../../../workloads/ir/builder.js';
import type { Network, OutputClamp, TensorQuant } from '../../../workloads/ir/types.js';
import { SeededRandom } from '../../../workloads/random.js';
import { exactMultiplier } from '../../../workloads/zoo/scales.js';

export type Step =
  | { op: 'conv'; out: number; kh: number; kw: number; stride: number; pads: [number, number, number, number]; groupsPick: number; relu: boolean; clip?: Clip; dilation?: readonly [number, number] }
  | { op: 'residual'; kernel: number; relu: boolean; scaleShift: number; clip?: Clip }
  | { op: 'maxpool'; k: number; stride: number; pad: number; ceil?: boolean }
  | { op: 'avgpool'; k: number; stride: number; pad: number; scaleShift: number; ceil?: boolean; includePad?: boolean }
  | { op: 'relu' };

/** A fused clip as offsets from the zero point: min = zp - 20 + low, max = min + 5 + width (at most 126). */
export type Clip = readonly [low: number, width: number];

export interface Recipe {
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  readonly steps: readonly Step[];
  readonly head: 'gap-dense' | 'flatten-dense' | 'none';
  readonly denseOut: number;
  readonly seed: number;
}

const pads = fc.tuple(fc.nat(2), fc.nat(2), fc.nat(2), fc.nat(2));
// Absent half of the time; a max below 127 keeps the clip from reading back as a plain ReLU.
const clip = fc.option(fc.tuple(fc.nat(40), fc.nat(60)), { nil: undefined });
// Dilated convs now and then: [dh, dw] in 1..3 each.
const dilation = fc.option(fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })), { nil: undefined, freq: 3 });
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ op: fc.constant('conv' as const), out: fc.integer({ min: 1, max: 6 }), kh: fc.integer({ min: 1, max: 3 }), kw: fc.integer({ min: 1, max: 3 }), stride: fc.integer({ min: 1, max: 2 }), pads, groupsPick: fc.nat(3), relu: fc.boolean(), clip, dilation }, { requiredKeys: ['op', 'out', 'kh', 'kw', 'stride', 'pads', 'groupsPick', 'relu'] }),
  fc.record(
    { op: fc.constant('residual' as const), kernel: fc.constantFrom(1, 3), relu: fc.boolean(), scaleShift: fc.integer({ min: -1, max: 1 }), clip },
    { requiredKeys: ['op', 'kernel', 'relu', 'scaleShift'] },
  ),
  fc.record(
    { op: fc.constant('maxpool' as const), k: fc.integer({ min: 1, max: 3 }), stride: fc.integer({ min: 1, max: 3 }), pad: fc.nat(1), ceil: fc.boolean() },
    { requiredKeys: ['op', 'k', 'stride', 'pad'] },
  ),
  fc.record(
    {
      op: fc.constant('avgpool' as const), k: fc.integer({ min: 1, max: 3 }), stride: fc.integer({ min: 1, max: 3 }), pad: fc.nat(1),
      scaleShift: fc.integer({ min: -1, max: 1 }), ceil: fc.boolean(), includePad: fc.boolean(),
    },
    { requiredKeys: ['op', 'k', 'stride', 'pad', 'scaleShift'] },
  ),
  fc.constant({ op: 'relu' as const }),
);

export const recipeArbitrary: fc.Arbitrary<Recipe> = fc.record({
  channels: fc.integer({ min: 1, max: 4 }),
  height: fc.integer({ min: 3, max: 10 }),
  width: fc.integer({ min: 3, max: 10 }),
  steps: fc.array(step, { minLength: 1, maxLength: 5 }),
  head: fc.constantFrom('gap-dense' as const, 'flatten-dense' as const, 'none' as const),
  denseOut: fc.integer({ min: 1, max: 8 }),
  seed: fc.nat(1000),
});

/** Output quantization with a power-of-two scale near `scale` and a random zero point. */
function activationQuant(random: SeededRandom, scale: number, relu: boolean): TensorQuant {
  return { scale, zeroPoint: relu ? random.nextInt(-128, -100) : random.nextInt(-20, 20) };
}


/** Weights, bias and per-channel scales giving an output spread of tens of codes. */
function weighted(random: SeededRandom, channels: number, fanIn: number, inScale: number, outScale: number) {
  const weights = random.fillInt8(new Int8Array(channels * fanIn));
  const scales = Array.from({ length: channels }, () => {
    const ideal = (40 / (Math.sqrt(fanIn) * 74 * 73)) * (0.5 + 1.5 * random.nextFloat());
    return (exactMultiplier(ideal) * outScale) / inScale;
  });
  const bias = Int32Array.from({ length: channels }, () => random.nextInt(-2000, 2000));
  return { weights, bias, weightQuant: { scales, zeroPoints: new Array<number>(channels).fill(0) } };
}

const fits = (size: number, k: number, padSum: number) => size + padSum >= k;

/** The clip's codes around `quant`'s zero point; it replaces the ReLU (the export writes one Clip). */
function clampOf(c: Clip | undefined, quant: TensorQuant): { relu?: false; clamp?: OutputClamp } {
  if (c === undefined) return {};
  const min = Math.max(-128, quant.zeroPoint - 20 + c[0]);
  return { relu: false, clamp: { min, max: Math.min(126, min + 5 + c[1]) } };
}

/** Builds the recipe; steps that do not fit the current shape are skipped. */
export function buildNetwork(recipe: Recipe): Network {
  const random = new SeededRandom(recipe.seed, 'random-network');
  const b = new NetworkBuilder('random');
  let x = b.input('input', [recipe.channels, recipe.height, recipe.width], { scale: 2 ** -4, zeroPoint: random.nextInt(-10, 10) });
  let index = 0;
  const conv = (
    from: string,
    name: string,
    out: number,
    kh: number,
    kw: number,
    stride: number,
    padding: [number, number, number, number],
    groups: number,
    relu: boolean,
    outQuant: TensorQuant,
    clip?: Clip,
    dilation?: readonly [number, number],
  ) => {
    const [c] = b.shapeOf(from);
    return b.conv2d(name, from, {
      outChannels: out, kernel: [kh, kw], stride, padding, groups, relu, outQuant, ...clampOf(clip, outQuant),
      ...(dilation ? { dilation: [dilation[0], dilation[1]] as const } : {}),
      ...weighted(random, out, (c / groups) * kh * kw, b.quantOf(from).scale, outQuant.scale),
    });
  };
  for (const s of recipe.steps) {
    const [c, h, w] = b.shapeOf(x);
    const name = `${s.op}${index++}`;
    if (s.op === 'conv') {
      const [dh, dw] = s.dilation ?? [1, 1];
      if (!fits(h, (s.kh - 1) * dh + 1, s.pads[0] + s.pads[2]) || !fits(w, (s.kw - 1) * dw + 1, s.pads[1] + s.pads[3])) continue;
      const divisors = [1, 2, 3, 4].filter((g) => c % g === 0);
      const groups = divisors[s.groupsPick % divisors.length];
      x = conv(x, name, groups * s.out, s.kh, s.kw, s.stride, s.pads, groups, s.relu, activationQuant(random, 2 ** -4, s.relu), s.clip, s.dilation);
    } else if (s.op === 'residual') {
      const p = (s.kernel - 1) / 2;
      const branch = conv(x, `${name}.conv`, c, s.kernel, s.kernel, 1, [p, p, p, p], 1, false, activationQuant(random, 2 ** (-4 + s.scaleShift), false));
      const outQuant = activationQuant(random, 2 ** -4, s.relu);
      x = b.add(name, x, branch, { relu: s.relu, outQuant, ...clampOf(s.clip, outQuant) });
    } else if (s.op === 'maxpool' || s.op === 'avgpool') {
      const pad = Math.min(s.pad, s.k - 1);
      if (!fits(h, s.k, 2 * pad) || !fits(w, s.k, 2 * pad)) continue;
      const o = { kernel: s.k, stride: s.stride, padding: pad, ceilMode: s.ceil === true };
      // countIncludePad only with padding (the importer sets it only where it changes a divisor) and
      // not in ceil mode: there ORT's QLinearAveragePool divides a window reaching past the padding
      // by the whole kernel, where its float AveragePool, PyTorch and the IR count the cells inside.
      if (s.op === 'maxpool') {
        x = b.maxPool(name, x, o);
      } else {
        const countIncludePad = s.includePad === true && pad > 0 && s.ceil !== true;
        x = b.avgPool(name, x, { ...o, outQuant: activationQuant(random, 2 ** (-4 + s.scaleShift), false), countIncludePad });
      }
    } else {
      x = b.relu(name, x);
    }
  }
  if (recipe.head !== 'none') {
    if (recipe.head === 'gap-dense') x = b.globalAvgPool('gap', x, { outQuant: activationQuant(random, 2 ** -4, false) });
    x = b.flatten('flatten', x);
    const [features] = b.shapeOf(x);
    const outQuant = activationQuant(random, 2 ** -3, false);
    x = b.dense('fc', x, { outFeatures: recipe.denseOut, outQuant, relu: false, ...weighted(random, recipe.denseOut, features, b.quantOf(x).scale, outQuant.scale) });
  }
  return b.build(x);
}

/** Seeded int8 input images for `net`. */
export function randomInputs(net: Network, count: number, seed: number): Int8Array[] {
  const input = net.layers.find((l) => l.kind === 'input');
  const size = input && input.kind === 'input' ? input.shape.reduce((p, d) => p * d, 1) : 0;
  const random = new SeededRandom(seed, 'random-inputs');
  return Array.from({ length: count }, () => random.fillInt8(new Int8Array(size)));
}
