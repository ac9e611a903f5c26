// The chip's function without its timing: every layer's outputs computed by the engine's own
// compute kernels (the packed ADC path, analog conductances and read noise, the exact int8
// kernel, digital MAC lanes, the tile digital units), one image at a time, with no events. An
// accuracy study needs only the outputs of many images; this computes them at the kernels' speed
// and lets images run on separate threads (parallel.ts).
//
// Images run in batches (runBatch): a layer runs pixel by pixel, each pixel over the batch's
// images, so a weight copy's conductances and tables stay in cache across the batch (LeNet-5's
// first conv on neurosim-vgg8 has 784 copies, one per pixel, each used once per image). Every
// copy still sees the images in order, and each image keeps its own read-noise stream and draw
// indices, so the outputs equal running the images one by one, bit for bit.
//
// What equals the engine: exact and adc outputs, bit for bit (the kernels are deterministic and
// every copy of a layer holds the same weights). Analog: each copy's conductance variation is the
// engine's (same seeds per layer and copy), pixel p runs on copy p mod duplication, and read noise
// is drawn per image and layer (imageNoiseKey), where the engine draws one stream per layer in
// event order. So analog outputs follow the same distribution as the engine's, not the same draws,
// and they do not depend on how images are spread over threads.
import type { Arch } from '../../hw/arch/schema.js';
import type { MappedLayer, MappedNetwork } from '../../hw/mapping/types.js';
import type { Conv2dLayer, DenseLayer, Layer, Network, TensorQuant } from '../../workloads/ir/types.js';
import { layerRequantizers, requantize, type Requantizer } from '../../workloads/quant/index.js';
import type { Fidelity } from '../engine/context.js';
import { buildLayout, type CrossbarLayout } from '../engine/layout.js';
import { layoutScratch } from '../engine/compute/exact.js';
import type { AnalogParams } from '../engine/compute/analog.js';
import { imageNoiseKey, ReadNoise } from '../engine/compute/readNoise.js';
import { analogParamsFor } from '../engine/compute/device.js';
import { crossbarTapKernel } from '../engine/compute/crossbarKernel.js';
import type { RowCodeCache } from '../engine/compute/rowCodeCache.js';
import { ROW_BATCH_IMAGES } from '../engine/compute/rowBatch.js';
import { gatherTaps, pixelTaps, weightLayerGeometry, type WindowGeometry } from '../engine/compute/window.js';
import { macPixel } from '../engine/compute/digitalMac.js';
import { digitalOp, digitalPixel, type DigitalOp, type PlaneShape } from '../engine/compute/digital.js';

export interface FunctionalOptions {
  fidelity: Fidelity;
  /** `analog` fidelity's variation and noise (defaults: DEFAULT_ANALOG). */
  analog?: Partial<AnalogParams>;
}

/** [C, H, W], or [F] as F x 1 x 1. */
function plane(shape: readonly number[]): PlaneShape {
  return shape.length === 3 ? { c: shape[0], h: shape[1], w: shape[2] } : { c: shape.reduce((p, d) => p * d, 1), h: 1, w: 1 };
}

/** One layer's computation over a batch of images: per image, its inputs' tensors in, its output
 *  tensor out; `images[b]` is image b's index in the run (it seeds analog noise). */
type Step = (inputs: ReadonlyArray<readonly Int8Array[]>, images: readonly number[]) => Int8Array[];

/** A conv / dense layer, on crossbars (any fidelity) or on digital MAC lanes. */
function weightStep(
  m: MappedLayer,
  index: number,
  layer: Conv2dLayer | DenseLayer,
  inShape: PlaneShape,
  zx: number,
  inScale: number,
  arch: Arch,
  o: FunctionalOptions,
  codeCache: RowCodeCache | undefined,
): Step {
  const geometry: WindowGeometry = weightLayerGeometry(layer, inShape);
  const out = plane(m.outShape);
  const pixels = out.h * out.w;
  const requantizers: Requantizer[] = layerRequantizers(layer, inScale);
  const taps = new Int32Array(geometry.inC * geometry.kh * geometry.kw);
  const acc = new Int32Array(out.c);
  /** Adds batch image b's partial sums for `pixel` (its window: `taps` into `input`) into acc. */
  let accumulate: (b: number, pixel: number, input: Int8Array) => void;
  /** Called once per batch, before its first pixel. */
  let startBatch: (images: readonly number[]) => void = () => undefined;
  if (m.engine === 'digitalMac') {
    const window = new Int32Array(taps.length);
    accumulate = (_b, _pixel, input) => macPixel(layer, geometry.inC, gatherTaps(input, taps, zx, window), zx, acc);
  } else {
    const { crossbar } = arch.tile.pe;
    const layout: CrossbarLayout = buildLayout(layer, geometry.inC, m.partition!, { rows: crossbar.rows, activeRows: crossbar.activeRows });
    // Read noise drawn per image: each image of the batch has its own stream (its key, and the
    // next index, kept while the other images run), so images do not depend on which thread ran
    // them or what they were batched with (used by analog fidelity only).
    const a: AnalogParams = analogParamsFor(arch, o.analog);
    const noise = new ReadNoise(0);
    const keys: number[] = [];
    const nextDraw: number[] = [];
    const spec = { inputLength: inShape.c * inShape.h * inShape.w, pixels, outChannels: out.c, bias: layer.bias, zx, requantizers };
    const { accumulate: compute, batch } = crossbarTapKernel(layout, layoutScratch(layout), arch, o.fidelity, a, index, noise, codeCache, spec);
    if (batch !== undefined) {
      // The row kernel's batch calls: one module call per pixel and up to ROW_BATCH_IMAGES images.
      return (inputs, images) => {
        const ys = images.map(() => new Int8Array(out.c * pixels));
        for (let first = 0; first < images.length; first += ROW_BATCH_IMAGES) {
          const part = images.slice(first, first + ROW_BATCH_IMAGES);
          batch.start(part.map((_, b) => inputs[first + b][0]), part.map((image) => imageNoiseKey(a.seed, index, image)));
          for (let p = 0; p < pixels; p++) {
            pixelTaps(geometry, p, out.w, taps);
            const accs = batch.pixel(p % m.duplication, taps, p);
            for (let b = 0; b < part.length; b++) {
              const y = ys[first + b];
              if (batch.requantized) for (let oc = 0; oc < out.c; oc++) y[oc * pixels + p] = accs[b * out.c + oc];
              else for (let oc = 0; oc < out.c; oc++) y[oc * pixels + p] = requantize(accs[b * out.c + oc], requantizers[oc]);
            }
          }
        }
        return ys;
      };
    }
    if (o.fidelity === 'analog') {
      startBatch = (images) => {
        keys.length = images.length;
        nextDraw.length = images.length;
        images.forEach((image, b) => {
          keys[b] = imageNoiseKey(a.seed, index, image);
          nextDraw[b] = 0;
        });
      };
      accumulate = (b, pixel, input) => {
        noise.reseed(keys[b]);
        noise.take(nextDraw[b]);
        compute(pixel % m.duplication, input, taps, zx, acc);
        nextDraw[b] = noise.take(0);
      };
    } else {
      accumulate = (_b, pixel, input) => compute(pixel % m.duplication, input, taps, zx, acc);
    }
  }
  return (inputs, images) => {
    const ys = images.map(() => new Int8Array(out.c * pixels));
    startBatch(images);
    for (let p = 0; p < pixels; p++) {
      pixelTaps(geometry, p, out.w, taps);
      for (let b = 0; b < ys.length; b++) {
        acc.set(layer.bias);
        accumulate(b, p, inputs[b][0]);
        const y = ys[b];
        for (let oc = 0; oc < out.c; oc++) y[oc * pixels + p] = requantize(acc[oc], requantizers[oc]);
      }
    }
    return ys;
  };
}

/** A layer on the tile digital units. */
function unitStep(m: MappedLayer, op: DigitalOp, inShape: PlaneShape, zx: number): Step {
  const out = plane(m.outShape);
  const values = new Int8Array(out.c);
  const pixels = out.h * out.w;
  return (batch) => batch.map((inputs) => {
    const y = new Int8Array(out.c * pixels);
    for (let p = 0; p < pixels; p++) {
      const ox = p % out.w;
      digitalPixel(op, inputs, inShape, (p - ox) / out.w, ox, values, zx);
      for (let c = 0; c < out.c; c++) y[c * pixels + p] = values[c];
    }
    return y;
  });
}

export class FunctionalChip {
  private readonly steps: Array<{ name: string; inputs: string[]; step: Step } | { name: string; alias: string }> = [];
  private readonly inputName: string;
  private readonly outputName: string;

  /** `codeCache`: analog copies' conductance codes kept across chips built on the same device
   *  (rowCodeCache.ts), so a chip that differs from the last only in its ADC copies them in. */
  constructor(net: Network, mapped: MappedNetwork, arch: Arch, o: FunctionalOptions, codeCache?: RowCodeCache) {
    const byName = new Map<string, Layer>(net.layers.map((l) => [l.name, l]));
    const quant = new Map<string, TensorQuant>();
    for (const l of net.layers) quant.set(l.name, l.kind === 'input' ? l.quant : 'outQuant' in l ? l.outQuant : quant.get(l.inputs[0])!);
    const shapeOf = new Map<string, readonly number[]>(mapped.layers.map((m) => [m.name, m.outShape]));
    this.inputName = net.layers.find((l) => l.kind === 'input')!.name;
    this.outputName = net.output;
    mapped.layers.forEach((m, index) => {
      const layer = byName.get(m.name)!;
      if (layer.kind === 'input') return;
      if (layer.kind === 'flatten') {
        this.steps.push({ name: m.name, alias: layer.inputs[0] });
        return;
      }
      const inShape = plane(shapeOf.get(layer.inputs[0])!);
      const zx = quant.get(layer.inputs[0])!.zeroPoint;
      const step = layer.kind === 'conv2d' || layer.kind === 'dense'
        ? weightStep(m, index, layer, inShape, zx, quant.get(layer.inputs[0])!.scale, arch, o, codeCache)
        : unitStep(m, digitalOp(layer, layer.inputs.map((n) => quant.get(n)!), layer.inputs.map((n) => shapeOf.get(n)!)), inShape, zx);
      this.steps.push({ name: m.name, inputs: [...layer.inputs], step });
    });
  }

  /** The network's output for one image; `image` is its index in the run (it seeds analog noise). */
  run(input: Int8Array, image = 0): Int8Array {
    return this.runBatch([input], [image])[0];
  }

  /** The network's outputs for a batch of images, equal to running them one by one with `run`;
   *  `images[b]` is input b's index in the run. A batch of a few to a few tens of images keeps each
   *  weight copy in cache across them. */
  runBatch(inputs: readonly Int8Array[], images: readonly number[]): Int8Array[] {
    const tensors = new Map<string, Int8Array[]>([[this.inputName, [...inputs]]]);
    for (const s of this.steps) {
      if ('alias' in s) tensors.set(s.name, tensors.get(s.alias)!);
      else {
        const perTensor = s.inputs.map((n) => tensors.get(n)!);
        tensors.set(s.name, s.step(inputs.map((_, b) => perTensor.map((t) => t[b])), images));
      }
    }
    return tensors.get(this.outputName)!;
  }
}
