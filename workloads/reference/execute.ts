// The integer reference executor: runs a validated network over one int8 image (or a batch) and
// returns the output tensor, and on request every layer's output by name. This is the golden
// model every other view is compared against; it shares no code with the crossbar engine.
import { OhmflowError } from '../errors.js';
import { validateNetwork } from '../ir/validate.js';
import { shapeSize } from '../ir/shapes.js';
import { macsByLayer } from '../ir/counts.js';
import type { Layer, Network, Shape, Tensor } from '../ir/types.js';
import { conv2d } from './conv2d.js';
import { dense } from './dense.js';
import { avgPool, globalAvgPool, maxPool } from './pool.js';
import { add, flatten, relu } from './elementwise.js';
import { concat } from './concat.js';
import { affine } from './affine.js';
import { channelMul } from './mul.js';
import { gatherChannels } from './channels.js';
import { adcConv2d, adcDense, type AdcModel, type ReadPlan } from './adcAware.js';
import { adcConv2dFast } from './adcConvFast.js';
import { adcConv2dChannelLanes } from './adcConvLanes.js';
import { adcDenseFast } from './adcDenseFast.js';
import { adcDenseKernel } from './adcDenseKernel.js';

export interface ReferenceOptions {
  /** Keep every layer's output tensor (memory grows with the network); default false. */
  keepIntermediates?: boolean;
  /** Run conv2d/dense layers that have a read plan through the chip's lossy conversions (adcAware.ts). */
  crossbar?: CrossbarConversion;
  /** Called after each conv2d or dense layer with its MACs (for progress; not sent to workers). */
  onLayerMacs?: (macs: number) => void;
}

/** A chip's conversion and, per crossbar layer name, where its rows sit. */
export interface CrossbarConversion {
  model: AdcModel;
  plans: ReadonlyMap<string, ReadPlan>;
}

export interface ReferenceResult {
  readonly output: Tensor;
  /** Every layer's output by name (the input layer included), when keepIntermediates is set. */
  readonly tensors?: Map<string, Tensor>;
}

function runLayer(layer: Layer, inputs: Tensor[], outShape: Shape, crossbar?: CrossbarConversion): Tensor {
  const plan = crossbar?.plans.get(layer.name);
  if (plan !== undefined && layer.kind === 'conv2d') {
    // The scalar loops stay the fallback (a chip the kernel's lanes cannot hold, OHMFLOW_REFERENCE=scalar).
    const m = crossbar!.model;
    return adcConv2dChannelLanes(layer, inputs[0], outShape, m, plan) ?? adcConv2dFast(layer, inputs[0], outShape, m, plan)
      ?? adcConv2d(layer, inputs[0], outShape, m, plan);
  }
  if (plan !== undefined && layer.kind === 'dense') {
    const m = crossbar!.model;
    return adcDenseKernel(layer, inputs[0], m, plan) ?? adcDenseFast(layer, inputs[0], m, plan) ?? adcDense(layer, inputs[0], m, plan);
  }
  switch (layer.kind) {
    case 'input':
      return inputs[0];
    case 'conv2d':
      return conv2d(layer, inputs[0], outShape);
    case 'dense':
      return dense(layer, inputs[0]);
    case 'maxpool':
      return maxPool(layer, inputs[0], outShape);
    case 'avgpool':
      return avgPool(layer, inputs[0], outShape);
    case 'globalavgpool':
      return globalAvgPool(layer, inputs[0]);
    case 'add':
      return add(layer, inputs[0], inputs[1]);
    case 'concat':
      return concat(layer, inputs, outShape);
    case 'affine':
      return affine(layer, inputs[0]);
    case 'mul':
      return channelMul(layer, inputs[0], inputs[1]);
    case 'channels':
      return gatherChannels(layer, inputs[0]);
    case 'relu':
      return relu(inputs[0]);
    case 'flatten':
      return flatten(inputs[0]);
  }
}

/** The network's input tensor from raw int8 codes, with the input layer's shape and quantization. */
function inputTensor(net: Network, data: Int8Array): Tensor {
  const layer = net.layers.find((l) => l.kind === 'input');
  if (layer === undefined || layer.kind !== 'input') throw new OhmflowError('network has no input layer', { field: net.name });
  if (data.length !== shapeSize(layer.shape)) {
    throw new OhmflowError(`input has ${data.length} values, the network expects ${shapeSize(layer.shape)} ([${layer.shape.join(', ')}])`,
      { field: 'input' });
  }
  return { shape: layer.shape, data, quant: layer.quant };
}

/** Runs one image. `input` is the int8 codes in the input layer's shape and quantization. */
export function runReference(net: Network, input: Int8Array | Tensor, options: ReferenceOptions = {}): ReferenceResult {
  const shapes = validateNetwork(net);
  const image = input instanceof Int8Array ? inputTensor(net, input) : inputTensor(net, input.data);
  // Drop each tensor after its last reader so big networks do not hold every activation.
  const lastUse = new Map<string, number>();
  net.layers.forEach((layer, i) => layer.inputs.forEach((name) => lastUse.set(name, i)));
  const live = new Map<string, Tensor>();
  const kept = options.keepIntermediates ? new Map<string, Tensor>() : undefined;

  const macs = options.onLayerMacs === undefined ? undefined : macsByLayer(net);
  net.layers.forEach((layer, i) => {
    const inputs = layer.kind === 'input' ? [image] : layer.inputs.map((name) => live.get(name)!);
    const out = runLayer(layer, inputs, shapes.get(layer.name)!, options.crossbar);
    if (macs !== undefined && macs.get(layer.name)! > 0) options.onLayerMacs!(macs.get(layer.name)!);
    live.set(layer.name, out);
    kept?.set(layer.name, out);
    for (const name of layer.inputs) if (lastUse.get(name) === i && name !== net.output) live.delete(name);
  });
  const output = live.get(net.output)!;
  return kept === undefined ? { output } : { output, tensors: kept };
}

/** Runs a batch of images one after another; returns their outputs in order. */
export function runReferenceBatch(net: Network, inputs: readonly Int8Array[]): Tensor[] {
  return inputs.map((data) => runReference(net, data).output);
}
