// NetworkBuilder: a small fluent way to write IR networks by hand (zoo, tests, examples).
// It infers shapes as layers are added so callers can size weights from `shapeOf(name)`. Weight
// layers may also be added as skeletons (geometry only), for a NetworkSkeleton.
import { OhmflowError } from '../errors.js';
import { inferLayerShape } from './shapes.js';
import type { Layer, Network, NetworkSkeleton, OutputClamp, Shape, SkeletonLayer, TensorQuant, WeightQuant } from './types.js';
import { validateNetwork, validateNetworkSkeleton } from './validate.js';

type Pair = number | readonly [number, number];
/** A single number pads all sides; [h, w] pads top/bottom by h and left/right by w; or [top, left, bottom, right]. */
type Padding = number | readonly [number, number] | readonly [number, number, number, number];

interface ConvOptions {
  outChannels: number;
  kernel: Pair;
  stride?: Pair;
  padding?: Padding;
  /** Tap spacing (Conv2dLayer.dilation); 1 by default. */
  dilation?: Pair;
  groups?: number;
  /** int8 weights, layout [outChannels, inChannels / groups, kh, kw]. */
  weights: Int8Array | readonly number[];
  bias?: Int32Array | readonly number[];
  weightQuant?: WeightQuant;
  outQuant?: TensorQuant;
  relu?: boolean;
  clamp?: OutputClamp;
  foldedBatchNorm?: boolean;
  hasBias?: boolean;
}

interface DenseOptions {
  outFeatures: number;
  /** int8 weights, layout [outFeatures, inFeatures]. */
  weights: Int8Array | readonly number[];
  bias?: Int32Array | readonly number[];
  weightQuant?: WeightQuant;
  outQuant?: TensorQuant;
  relu?: boolean;
  clamp?: OutputClamp;
  hasBias?: boolean;
}

/** A conv2d's options without its parameter arrays, for a skeleton layer. */
type ConvGeometry = Omit<ConvOptions, 'weights' | 'bias' | 'weightQuant'>;
/** A dense layer's options without its parameter arrays, for a skeleton layer. */
type DenseGeometry = Omit<DenseOptions, 'weights' | 'bias' | 'weightQuant'>;

interface PoolOptions {
  kernel: Pair;
  /** Defaults to the kernel size. */
  stride?: Pair;
  padding?: Padding;
  /** Output size rounded up (see MaxPoolLayer.ceilMode). */
  ceilMode?: boolean;
}

export const UNIT_QUANT: TensorQuant = { scale: 1, zeroPoint: 0 };
export const UNIT_WEIGHT_QUANT: WeightQuant = { scales: [1], zeroPoints: [0] };

function pair(p: Pair): [number, number] {
  return typeof p === 'number' ? [p, p] : [p[0], p[1]];
}

function padding4(p: Padding | undefined): [number, number, number, number] {
  if (p === undefined) return [0, 0, 0, 0];
  if (typeof p === 'number') return [p, p, p, p];
  if (p.length === 2) return [p[0], p[1], p[0], p[1]];
  return [p[0], p[1], p[2], p[3]];
}

// Typed arrays are taken as they are (not copied: the zoo's weights are large); arrays are converted.
function toInt8(values: Int8Array | readonly number[]): Int8Array {
  return values instanceof Int8Array ? values : Int8Array.from(values);
}

function toInt32(values: Int32Array | readonly number[]): Int32Array {
  return values instanceof Int32Array ? values : Int32Array.from(values);
}

export class NetworkBuilder {
  private readonly layers: SkeletonLayer[] = [];
  /** Names of the weight layers added without arrays: such a builder can only buildSkeleton(). */
  private readonly skeletonLayers: string[] = [];
  private readonly shapes = new Map<string, Shape>();
  private readonly quants = new Map<string, TensorQuant>();

  constructor(readonly name: string) {}

  /** Output shape of an already added layer. */
  shapeOf(name: string): Shape {
    const shape = this.shapes.get(name);
    if (shape === undefined) throw new OhmflowError(`no layer named '${name}' has been added yet`, { field: name });
    return shape;
  }

  /** Quantization of an already added layer's output tensor. */
  quantOf(name: string): TensorQuant {
    this.shapeOf(name);
    return this.quants.get(name)!;
  }

  input(name: string, shape: Shape, quant: TensorQuant = UNIT_QUANT): string {
    return this.push({ kind: 'input', name, inputs: [], shape: [...shape], quant }, quant);
  }

  conv2d(name: string, from: string, o: ConvOptions): string {
    const geometry = convGeometry(name, from, o);
    return this.push({
      ...geometry,
      weights: toInt8(o.weights),
      bias: o.bias === undefined ? new Int32Array(o.outChannels) : toInt32(o.bias),
      weightQuant: o.weightQuant ?? UNIT_WEIGHT_QUANT,
    }, geometry.outQuant);
  }

  dense(name: string, from: string, o: DenseOptions): string {
    const geometry = denseGeometry(name, from, o);
    return this.push({
      ...geometry,
      weights: toInt8(o.weights),
      bias: o.bias === undefined ? new Int32Array(o.outFeatures) : toInt32(o.bias),
      weightQuant: o.weightQuant ?? UNIT_WEIGHT_QUANT,
    }, geometry.outQuant);
  }

  /** A conv2d without weights, bias or weight quantization (see buildSkeleton). */
  conv2dSkeleton(name: string, from: string, o: ConvGeometry): string {
    this.skeletonLayers.push(name);
    const geometry = convGeometry(name, from, o);
    return this.push(geometry, geometry.outQuant);
  }

  /** A dense layer without weights, bias or weight quantization (see buildSkeleton). */
  denseSkeleton(name: string, from: string, o: DenseGeometry): string {
    this.skeletonLayers.push(name);
    const geometry = denseGeometry(name, from, o);
    return this.push(geometry, geometry.outQuant);
  }

  maxPool(name: string, from: string, o: PoolOptions): string {
    const kernel = pair(o.kernel);
    return this.push(
      { kind: 'maxpool', name, inputs: [from], kernel, stride: pair(o.stride ?? kernel), padding: padding4(o.padding), ...(o.ceilMode ? { ceilMode: true } : {}) },
      this.quantOf(from),
    );
  }

  /** Average pool; the output quantization defaults to the input's. */
  avgPool(name: string, from: string, o: PoolOptions & { outQuant?: TensorQuant; countIncludePad?: boolean }): string {
    const kernel = pair(o.kernel);
    const outQuant = o.outQuant ?? this.quantOf(from);
    const layer = {
      kind: 'avgpool' as const, name, inputs: [from], kernel, stride: pair(o.stride ?? kernel), padding: padding4(o.padding),
      ...(o.ceilMode ? { ceilMode: true } : {}), ...(o.countIncludePad ? { countIncludePad: true } : {}), outQuant,
    };
    return this.push(layer, outQuant);
  }

  globalAvgPool(name: string, from: string, o: { outQuant?: TensorQuant } = {}): string {
    const outQuant = o.outQuant ?? this.quantOf(from);
    return this.push({ kind: 'globalavgpool', name, inputs: [from], outQuant }, outQuant);
  }

  /** Residual add; the output quantization defaults to the first input's. */
  add(name: string, a: string, b: string, o: { outQuant?: TensorQuant; relu?: boolean; clamp?: OutputClamp } = {}): string {
    const outQuant = o.outQuant ?? this.quantOf(a);
    return this.push({ kind: 'add', name, inputs: [a, b], outQuant, relu: o.relu ?? false, ...(o.clamp === undefined ? {} : { clamp: o.clamp }) }, outQuant);
  }

  /** Channel concatenation of `from` in order; the output quantization defaults to the first input's. */
  concat(name: string, from: readonly string[], o: { outQuant?: TensorQuant } = {}): string {
    const outQuant = o.outQuant ?? this.quantOf(from[0]);
    return this.push({ kind: 'concat', name, inputs: [...from], outQuant }, outQuant);
  }

  /** Per-channel affine (AffineLayer) on the digital units; weights and bias one per channel. */
  affine(
    name: string,
    from: string,
    o: { weights: Int8Array; bias: Int32Array; weightQuant: WeightQuant; outQuant: TensorQuant; relu?: boolean; clamp?: OutputClamp },
  ): string {
    const layer = {
      kind: 'affine' as const, name, inputs: [from], weights: o.weights, bias: o.bias, weightQuant: o.weightQuant, outQuant: o.outQuant,
      relu: o.relu ?? false, ...(o.clamp === undefined ? {} : { clamp: o.clamp }),
    };
    return this.push(layer, o.outQuant);
  }

  /** Channel-broadcast product x * gate (ChannelMulLayer); the gate is [C, 1, 1]. */
  mul(name: string, x: string, gate: string, o: { outQuant: TensorQuant }): string {
    return this.push({ kind: 'mul', name, inputs: [x, gate], outQuant: o.outQuant }, o.outQuant);
  }

  /** Channel gather (ChannelsLayer): output channel k is input channel indices[k]. */
  channels(name: string, from: string, indices: readonly number[]): string {
    return this.push({ kind: 'channels', name, inputs: [from], indices: [...indices] }, this.quantOf(from));
  }

  relu(name: string, from: string): string {
    return this.push({ kind: 'relu', name, inputs: [from] }, this.quantOf(from));
  }

  flatten(name: string, from: string): string {
    return this.push({ kind: 'flatten', name, inputs: [from] }, this.quantOf(from));
  }

  /** Validates and returns the network; the output defaults to the last layer added. */
  build(output?: string): Network {
    if (this.skeletonLayers.length > 0) {
      throw new OhmflowError(`layer '${this.skeletonLayers[0]}' was added without weights, so this network can only be a skeleton`, {
        field: this.skeletonLayers[0],
        fix: 'add it with conv2d/dense and its weights, or call buildSkeleton()',
      });
    }
    // Checked just above: every weight layer was added with its arrays, so these are whole Layers.
    const layers = this.layers as Layer[];
    const net: Network = { name: this.name, layers: [...layers], output: this.outputName(output) };
    validateNetwork(net);
    return net;
  }

  /** Validates and returns the structure without weight arrays (any layer may have been added with them). */
  buildSkeleton(output?: string): NetworkSkeleton {
    const net: NetworkSkeleton = { name: this.name, layers: [...this.layers], output: this.outputName(output) };
    validateNetworkSkeleton(net);
    return net;
  }

  private outputName(output: string | undefined): string {
    return output ?? this.layers[this.layers.length - 1]?.name ?? '';
  }

  private push(layer: Layer | SkeletonLayer, quant: TensorQuant): string {
    if (this.shapes.has(layer.name)) throw new OhmflowError('duplicate layer name', { field: layer.name });
    const inputShapes = layer.inputs.map((n) => {
      const s = this.shapes.get(n);
      if (s === undefined) throw new OhmflowError(`dangling input '${n}': no layer has that name`, { field: layer.name });
      return s;
    });
    this.shapes.set(layer.name, inferLayerShape(layer, inputShapes));
    this.quants.set(layer.name, quant);
    this.layers.push(layer);
    return layer.name;
  }
}

/** The weightless part of a conv2d: what a skeleton holds and a full layer extends. */
function convGeometry(name: string, from: string, o: ConvGeometry) {
  return {
    kind: 'conv2d' as const,
    name,
    inputs: [from],
    outChannels: o.outChannels,
    kernel: pair(o.kernel),
    stride: pair(o.stride ?? 1),
    padding: padding4(o.padding),
    // Undilated convs carry no dilation field (the IR's canonical form, as an import gives).
    ...(o.dilation === undefined || pair(o.dilation).every((d) => d === 1) ? {} : { dilation: pair(o.dilation) }),
    groups: o.groups ?? 1,
    outQuant: o.outQuant ?? UNIT_QUANT,
    relu: o.relu ?? false,
    ...(o.clamp === undefined ? {} : { clamp: o.clamp }),
    ...(o.foldedBatchNorm === undefined ? {} : { foldedBatchNorm: o.foldedBatchNorm }),
    ...(o.hasBias === undefined ? {} : { hasBias: o.hasBias }),
  };
}

/** The weightless part of a dense layer. */
function denseGeometry(name: string, from: string, o: DenseGeometry) {
  return {
    kind: 'dense' as const,
    name,
    inputs: [from],
    outFeatures: o.outFeatures,
    outQuant: o.outQuant ?? UNIT_QUANT,
    relu: o.relu ?? false,
    ...(o.clamp === undefined ? {} : { clamp: o.clamp }),
    ...(o.hasBias === undefined ? {} : { hasBias: o.hasBias }),
  };
}
