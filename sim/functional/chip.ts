// The chip's function without its timing: every layer's outputs computed by the engine's own
// compute kernels (the packed ADC path, analog conductances and read noise, the exact int8
// kernel, digital MAC lanes, the tile digital units), one image at a time, with no events. An
// accuracy study needs only the outputs of many images; this computes them at the kernels' speed
// and lets images run on separate threads (parallel.ts).
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
import { crossbarKernel } from '../engine/compute/crossbarKernel.js';
import { gatherPixelWindow, weightLayerGeometry, type WindowGeometry } from '../engine/compute/window.js';
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

/** One layer's computation: its inputs' tensors in, its output tensor out. */
type Step = (inputs: readonly Int8Array[], image: number) => Int8Array;

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
): Step {
  const geometry: WindowGeometry = weightLayerGeometry(layer, inShape);
  const out = plane(m.outShape);
  const pixels = out.h * out.w;
  const requantizers: Requantizer[] = layerRequantizers(layer, inScale);
  const window = new Int32Array(geometry.inC * geometry.kh * geometry.kw);
  const acc = new Int32Array(out.c);
  let accumulate: (image: number, pixel: number) => void;
  if (m.engine === 'digitalMac') {
    accumulate = () => macPixel(layer, geometry.inC, window, zx, acc);
  } else {
    const { crossbar } = arch.tile.pe;
    const layout: CrossbarLayout = buildLayout(layer, geometry.inC, m.partition!, { rows: crossbar.rows, activeRows: crossbar.activeRows });
    // Read noise drawn per image: reseeded when the image changes, so images do not depend on
    // which thread ran them (used by analog fidelity only).
    const a: AnalogParams = analogParamsFor(arch, o.analog);
    const noise = new ReadNoise(0);
    let noiseImage = -1;
    const compute = crossbarKernel(layout, layoutScratch(layout), arch, o.fidelity, a, index, noise);
    accumulate = (image, pixel) => {
      if (image !== noiseImage) {
        noise.reseed(imageNoiseKey(a.seed, index, image));
        noiseImage = image;
      }
      compute(pixel % m.duplication, window, zx, acc);
    };
  }
  return (inputs, image) => {
    const y = new Int8Array(out.c * pixels);
    for (let p = 0; p < pixels; p++) {
      gatherPixelWindow(inputs[0], geometry, p, out.w, zx, window);
      acc.set(layer.bias);
      accumulate(image, p);
      for (let oc = 0; oc < out.c; oc++) y[oc * pixels + p] = requantize(acc[oc], requantizers[oc]);
    }
    return y;
  };
}

/** A layer on the tile digital units. */
function unitStep(m: MappedLayer, op: DigitalOp, inShape: PlaneShape, zx: number): Step {
  const out = plane(m.outShape);
  const values = new Int8Array(out.c);
  return (inputs) => {
    const pixels = out.h * out.w;
    const y = new Int8Array(out.c * pixels);
    for (let p = 0; p < pixels; p++) {
      const ox = p % out.w;
      digitalPixel(op, inputs, inShape, (p - ox) / out.w, ox, values, zx);
      for (let c = 0; c < out.c; c++) y[c * pixels + p] = values[c];
    }
    return y;
  };
}

export class FunctionalChip {
  private readonly steps: Array<{ name: string; inputs: string[]; step: Step } | { name: string; alias: string }> = [];
  private readonly inputName: string;
  private readonly outputName: string;

  constructor(net: Network, mapped: MappedNetwork, arch: Arch, o: FunctionalOptions) {
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
        ? weightStep(m, index, layer, inShape, zx, quant.get(layer.inputs[0])!.scale, arch, o)
        : unitStep(m, digitalOp(layer, layer.inputs.map((n) => quant.get(n)!), layer.inputs.map((n) => shapeOf.get(n)!)), inShape, zx);
      this.steps.push({ name: m.name, inputs: [...layer.inputs], step });
    });
  }

  /** The network's output for one image; `image` is its index in the run (it seeds analog noise). */
  run(input: Int8Array, image = 0): Int8Array {
    const tensors = new Map<string, Int8Array>([[this.inputName, input]]);
    for (const s of this.steps) {
      if ('alias' in s) tensors.set(s.name, tensors.get(s.alias)!);
      else tensors.set(s.name, s.step(s.inputs.map((n) => tensors.get(n)!), image));
    }
    return tensors.get(this.outputName)!;
  }
}
