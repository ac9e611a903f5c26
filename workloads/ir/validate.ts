// Network validation: structure (names, one input, arity, dangling inputs, cycles, order), then
// per-layer parameters and quantization, then shapes and weight sizes. Every error names the layer.
// A skeleton (no weight arrays) gets the same checks except those of the arrays themselves.
import { OhmflowError } from '../errors.js';
import { inferLayerShape, shapeSize } from './shapes.js';
import type { ActivationTable, Layer, LayerKind, Network, NetworkSkeleton, OutputClamp, Shape, SkeletonLayer, TensorQuant, WeightQuant } from './types.js';

/** Inputs each kind takes; concat takes that many or more. */
const ARITY: Record<LayerKind, number> = {
  input: 0,
  conv2d: 1,
  dense: 1,
  maxpool: 1,
  avgpool: 1,
  globalavgpool: 1,
  add: 2,
  concat: 2,
  affine: 1,
  mul: 2,
  channels: 1,
  relu: 1,
  flatten: 1,
};

/** Largest |x - zx| * |w - zw| for int8 operands: an accumulator of fanIn such terms must fit int32. */
const MAX_PRODUCT = 255 * 255;
const INT32_MAX = 2 ** 31 - 1;

function fail(layer: string, message: string, fix?: string): never {
  throw new OhmflowError(message, fix === undefined ? { field: layer } : { field: layer, fix });
}

function isInt(x: number): boolean {
  return Number.isInteger(x);
}

function checkStructure(net: NetworkSkeleton): void {
  if (net.layers.length === 0) fail(net.name, 'network has no layers');
  const byName = new Map<string, SkeletonLayer>();
  for (const layer of net.layers) {
    if (typeof layer.name !== 'string' || layer.name === '') fail(net.name, 'a layer has an empty name');
    if (byName.has(layer.name)) fail(layer.name, 'duplicate layer name', 'give every layer a unique name');
    if (!(layer.kind in ARITY)) fail(layer.name, `unknown layer kind '${String((layer as { kind: unknown }).kind)}'`);
    byName.set(layer.name, layer);
  }
  const inputs = net.layers.filter((l) => l.kind === 'input');
  if (inputs.length !== 1) {
    fail(net.name, `a network needs exactly one input layer, found ${inputs.length}` +
      (inputs.length > 1 ? ` (${inputs.map((l) => l.name).join(', ')})` : ''));
  }
  for (const layer of net.layers) {
    const arity = ARITY[layer.kind];
    if (layer.kind === 'concat' ? layer.inputs.length < arity : layer.inputs.length !== arity) {
      fail(layer.name, `${layer.kind} takes ${layer.kind === 'concat' ? `${arity} or more` : arity} input(s), got ${layer.inputs.length}`);
    }
    for (const name of layer.inputs) {
      if (!byName.has(name)) fail(layer.name, `dangling input '${name}': no layer has that name`);
    }
  }
  checkAcyclic(net, byName);
  const seen = new Set<string>();
  for (const layer of net.layers) {
    for (const name of layer.inputs) {
      if (!seen.has(name)) {
        fail(layer.name, `input '${name}' comes later in the layer list (layers must be in topological order)`,
          'list every layer after the layers it reads');
      }
    }
    seen.add(layer.name);
  }
  if (!byName.has(net.output)) fail(net.name, `output '${net.output}' names no layer`);
}

/** Depth-first search with colours; the first back edge found is reported with its cycle. */
function checkAcyclic(net: NetworkSkeleton, byName: Map<string, SkeletonLayer>): void {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (name: string): void => {
    // Iterative over inputs, recursive over depth: network depth is a few hundred at most.
    state.set(name, 'open');
    stack.push(name);
    for (const input of byName.get(name)!.inputs) {
      const s = state.get(input);
      if (s === 'open') {
        const cycle = stack.slice(stack.indexOf(input)).concat(input);
        fail(name, `cycle: ${cycle.join(' -> ')}`, 'a network must be a DAG');
      }
      if (s === undefined) visit(input);
    }
    stack.pop();
    state.set(name, 'done');
  };
  for (const layer of net.layers) if (!state.has(layer.name)) visit(layer.name);
}

function checkTensorQuant(layer: string, what: string, q: TensorQuant): void {
  if (!(Number.isFinite(q.scale) && q.scale > 0)) fail(layer, `${what} scale must be a finite positive number, got ${q.scale}`);
  if (!isInt(q.zeroPoint) || q.zeroPoint < -128 || q.zeroPoint > 127) {
    fail(layer, `${what} zero point must be an integer in [-128, 127], got ${q.zeroPoint}`);
  }
}

function checkWeightQuant(layer: string, q: WeightQuant, channels: number): void {
  const n = q.scales.length;
  if (n !== 1 && n !== channels) fail(layer, `weight scales must have 1 or ${channels} entries, got ${n}`);
  if (q.zeroPoints.length !== n) fail(layer, `weight zero points must have ${n} entries like the scales, got ${q.zeroPoints.length}`);
  q.scales.forEach((s) => {
    if (!(Number.isFinite(s) && s > 0)) fail(layer, `weight scales must be finite positive numbers, got ${s}`);
  });
  q.zeroPoints.forEach((z) => {
    if (!isInt(z) || z < -128 || z > 127) fail(layer, `weight zero points must be integers in [-128, 127], got ${z}`);
  });
}

function checkTable(layer: { name: string; table?: ActivationTable }): void {
  if (layer.table === undefined) return;
  if (layer.table.table.length !== 256) fail(layer.name, `an activation table holds 256 codes, got ${layer.table.table.length}`, 'build it with buildTable (workloads/quant/table.ts)');
  checkTensorQuant(layer.name, 'table input', layer.table.preQuant);
}

function checkClamp(layer: { name: string; relu: boolean; clamp?: OutputClamp; outQuant: TensorQuant }): void {
  if (layer.clamp === undefined) return;
  const { min, max } = layer.clamp;
  if (!isInt(min) || !isInt(max) || min < -128 || max > 127 || min > max) {
    fail(layer.name, `clamp must be int8 codes with min <= max, got [${min}, ${max}]`, 'give min and max in [-128, 127], min first');
  }
  // Below the zero point a ReLU and the clip disagree on which bound wins.
  if (layer.relu && max < layer.outQuant.zeroPoint) {
    fail(layer.name, `clamp max ${max} lies below the output zero point ${layer.outQuant.zeroPoint} of a fused ReLU`, 'drop the ReLU or raise the clamp max');
  }
}

function checkPositiveInts(layer: string, what: string, values: readonly number[], min: number): void {
  if (values.some((v) => !isInt(v) || v < min)) fail(layer, `${what} must be integers >= ${min}, got [${values.join(', ')}]`);
}

function checkWindow(layer: SkeletonLayer & { kernel: readonly number[]; stride: readonly number[]; padding: readonly number[] }): void {
  if (layer.kernel.length !== 2) fail(layer.name, 'kernel must be [kh, kw]');
  if (layer.stride.length !== 2) fail(layer.name, 'stride must be [sh, sw]');
  if (layer.padding.length !== 4) fail(layer.name, 'padding must be [top, left, bottom, right]');
  checkPositiveInts(layer.name, 'kernel sizes', layer.kernel, 1);
  checkPositiveInts(layer.name, 'strides', layer.stride, 1);
  checkPositiveInts(layer.name, 'paddings', layer.padding, 0);
  if ('dilation' in layer && layer.dilation !== undefined) {
    if (layer.dilation.length !== 2) fail(layer.name, 'dilation must be [dh, dw]');
    checkPositiveInts(layer.name, 'dilations', layer.dilation, 1);
  }
}

/**
 * Checks parameters that need the input shape: geometry and quantization of every layer and, for
 * a full layer (`full` true: it has its weight arrays), weight and bias sizes and the accumulator
 * range including the bias.
 */
function checkParameters(layer: SkeletonLayer, inputShapes: readonly Shape[], full: boolean): void {
  switch (layer.kind) {
    case 'input':
      checkPositiveInts(layer.name, 'input dimensions', layer.shape, 1);
      checkTensorQuant(layer.name, 'input', layer.quant);
      return;
    case 'conv2d': {
      checkWindow(layer);
      checkPositiveInts(layer.name, 'outChannels and groups', [layer.outChannels, layer.groups], 1);
      const inChannels = inputShapes[0][0];
      if (inChannels % layer.groups !== 0 || layer.outChannels % layer.groups !== 0) {
        fail(layer.name, `groups ${layer.groups} must divide input channels ${inChannels} and output channels ${layer.outChannels}`);
      }
      const fanIn = (inChannels / layer.groups) * layer.kernel[0] * layer.kernel[1];
      checkClamp(layer);
      checkTable(layer);
      if (!full) {
        checkQuantAndRange(layer.name, layer.outQuant, fanIn, 0);
        return;
      }
      // `full` comes only from validateNetwork(net: Network): the layer is a whole Conv2dLayer.
      const { weights, bias, weightQuant } = layer as Layer & { kind: 'conv2d' };
      const expected = layer.outChannels * fanIn;
      if (weights.length !== expected) {
        fail(layer.name, `weights have ${weights.length} entries, expected ${expected} ` +
          `(${layer.outChannels} x ${inChannels / layer.groups} x ${layer.kernel[0]} x ${layer.kernel[1]})`);
      }
      checkBiasAndQuant(layer.name, bias, layer.outChannels, weightQuant, layer.outQuant, fanIn);
      return;
    }
    case 'dense': {
      checkPositiveInts(layer.name, 'outFeatures', [layer.outFeatures], 1);
      const fanIn = inputShapes[0].length === 1 ? inputShapes[0][0] : shapeSize(inputShapes[0]);
      checkClamp(layer);
      checkTable(layer);
      if (!full) {
        checkQuantAndRange(layer.name, layer.outQuant, fanIn, 0);
        return;
      }
      const { weights, bias, weightQuant } = layer as Layer & { kind: 'dense' };
      const expected = layer.outFeatures * fanIn;
      if (weights.length !== expected) {
        fail(layer.name, `weights have ${weights.length} entries, expected ${expected} (${layer.outFeatures} x ${fanIn})`);
      }
      checkBiasAndQuant(layer.name, bias, layer.outFeatures, weightQuant, layer.outQuant, fanIn);
      return;
    }
    case 'maxpool':
      checkWindow(layer);
      return;
    case 'avgpool':
      checkWindow(layer);
      checkTensorQuant(layer.name, 'output', layer.outQuant);
      return;
    case 'globalavgpool':
      checkTensorQuant(layer.name, 'output', layer.outQuant);
      return;
    case 'add':
      checkTensorQuant(layer.name, 'output', layer.outQuant);
      checkClamp(layer);
      return;
    case 'concat':
    case 'mul':
      checkTensorQuant(layer.name, 'output', layer.outQuant);
      return;
    case 'affine': {
      checkClamp(layer);
      if (!full) {
        checkQuantAndRange(layer.name, layer.outQuant, 1, 0);
        return;
      }
      const { weights, bias, weightQuant } = layer as Layer & { kind: 'affine' };
      const channels = inputShapes[0][0];
      if (weights.length !== channels) fail(layer.name, `weights have ${weights.length} entries, expected ${channels} (one per channel)`);
      checkBiasAndQuant(layer.name, bias, channels, weightQuant, layer.outQuant, 1);
      return;
    }
    case 'channels':
    case 'relu':
    case 'flatten':
      return;
  }
}

function checkBiasAndQuant(
  layer: string,
  bias: Int32Array,
  channels: number,
  weightQuant: WeightQuant,
  outQuant: TensorQuant,
  fanIn: number,
): void {
  if (bias.length !== channels) fail(layer, `bias has ${bias.length} entries, expected ${channels}`);
  checkWeightQuant(layer, weightQuant, channels);
  let maxBias = 0;
  for (let i = 0; i < bias.length; i++) maxBias = Math.max(maxBias, Math.abs(bias[i]));
  checkQuantAndRange(layer, outQuant, fanIn, maxBias);
}

function checkQuantAndRange(layer: string, outQuant: TensorQuant, fanIn: number, maxBias: number): void {
  checkTensorQuant(layer, 'output', outQuant);
  if (fanIn * MAX_PRODUCT + maxBias > INT32_MAX) {
    fail(layer, `an int32 accumulator may overflow: fan-in ${fanIn} x 255 x 255 + |bias| ${maxBias} > 2^31 - 1`,
      'split the layer or reduce its fan-in');
  }
}

/**
 * Validates a network and returns the output shape of every layer, by name.
 * Throws OhmflowError (field = the offending layer's name) on the first problem found.
 */
export function validateNetwork(net: Network): Map<string, Shape> {
  return validate(net, true);
}

/** Validates a skeleton as validateNetwork does a network, minus the checks of weight arrays. */
export function validateNetworkSkeleton(net: NetworkSkeleton): Map<string, Shape> {
  return validate(net, false);
}

function validate(net: NetworkSkeleton, full: boolean): Map<string, Shape> {
  checkStructure(net);
  const shapes = new Map<string, Shape>();
  for (const layer of net.layers) {
    const inputShapes = layer.inputs.map((name) => shapes.get(name)!);
    if (layer.kind === 'input') checkParameters(layer, inputShapes, full);
    else if (layer.kind === 'conv2d' || layer.kind === 'maxpool' || layer.kind === 'avgpool') checkWindow(layer);
    const shape = inferLayerShape(layer, inputShapes);
    if (layer.kind !== 'input') checkParameters(layer, inputShapes, full);
    shapes.set(layer.name, shape);
  }
  return shapes;
}
