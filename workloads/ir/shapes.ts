// Shape inference for the IR: the output shape of every layer from its inputs' shapes.
// Errors name the layer (field = layer name) so a user can find the culprit in a big network.
import { OhmflowError } from '../errors.js';
import type { NetworkSkeleton, Shape, SkeletonLayer } from './types.js';

/**
 * Output length of a sliding window along one axis: floor mode by default, as ONNX and torchvision;
 * in ceil mode rounded up, minus the last window when it would start past the input and its
 * leading padding (PyTorch's rule, which ONNX Runtime follows: every window holds an input cell).
 */
export function windowOutputSize(inSize: number, kernel: number, stride: number, padBefore: number, padAfter: number, ceil = false): number {
  const span = inSize + padBefore + padAfter - kernel;
  if (!ceil) return Math.floor(span / stride) + 1;
  const out = Math.ceil(span / stride) + 1;
  return (out - 1) * stride >= inSize + padBefore ? out - 1 : out;
}

/** A conv's tap spacing [dh, dw]: its dilation, [1, 1] when absent (every layer but a dilated conv). */
export function dilationOf(layer: { readonly dilation?: readonly [number, number] }): readonly [number, number] {
  return layer.dilation ?? [1, 1];
}

/** Input rows (or columns) one window covers: (kernel - 1) * dilation + 1. */
export function kernelSpan(kernel: number, dilation: number): number {
  return (kernel - 1) * dilation + 1;
}

function shapeText(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

function expectFeatureMap(layer: SkeletonLayer, shape: Shape): readonly [number, number, number] {
  if (shape.length !== 3) {
    throw new OhmflowError(`${layer.kind} needs a [C, H, W] input, got ${shapeText(shape)}`, {
      field: layer.name,
      fix: 'feed it a feature map (insert no flatten before it)',
    });
  }
  return [shape[0], shape[1], shape[2]];
}

function windowShape(
  layer: SkeletonLayer,
  channels: number,
  inH: number,
  inW: number,
  kernel: readonly [number, number],
  stride: readonly [number, number],
  padding: readonly [number, number, number, number],
  ceil = false,
): [number, number] {
  const outH = windowOutputSize(inH, kernel[0], stride[0], padding[0], padding[2], ceil);
  const outW = windowOutputSize(inW, kernel[1], stride[1], padding[1], padding[3], ceil);
  if (outH < 1 || outW < 1) {
    throw new OhmflowError(
      `kernel ${kernel[0]}x${kernel[1]} does not fit the padded input ${channels}x${inH}x${inW}`,
      { field: layer.name, fix: 'use a larger input resolution or a smaller kernel' },
    );
  }
  return [outH, outW];
}

/** Output shape of one layer given its inputs' shapes (in the order of layer.inputs); reads geometry only. */
export function inferLayerShape(layer: SkeletonLayer, inputShapes: readonly Shape[]): Shape {
  switch (layer.kind) {
    case 'input':
      return layer.shape;
    case 'conv2d': {
      const [c, h, w] = expectFeatureMap(layer, inputShapes[0]);
      if (c % layer.groups !== 0 || layer.outChannels % layer.groups !== 0) {
        throw new OhmflowError(
          `groups ${layer.groups} must divide input channels ${c} and output channels ${layer.outChannels}`,
          { field: layer.name },
        );
      }
      const [dh, dw] = dilationOf(layer);
      const span: [number, number] = [kernelSpan(layer.kernel[0], dh), kernelSpan(layer.kernel[1], dw)];
      return [layer.outChannels, ...windowShape(layer, c, h, w, span, layer.stride, layer.padding)];
    }
    case 'dense': {
      const shape = inputShapes[0];
      if (shape.length !== 1) {
        throw new OhmflowError(`dense needs a [F] input, got ${shapeText(shape)}`, {
          field: layer.name,
          fix: 'insert a flatten layer before it',
        });
      }
      return [layer.outFeatures];
    }
    case 'maxpool':
    case 'avgpool': {
      const [c, h, w] = expectFeatureMap(layer, inputShapes[0]);
      return [c, ...windowShape(layer, c, h, w, layer.kernel, layer.stride, layer.padding, layer.ceilMode === true)];
    }
    case 'globalavgpool': {
      const [c] = expectFeatureMap(layer, inputShapes[0]);
      return [c, 1, 1];
    }
    case 'add': {
      const [a, b] = inputShapes;
      if (a.length !== b.length || a.some((d, i) => d !== b[i])) {
        throw new OhmflowError(
          `shape mismatch: ${layer.inputs[0]} is ${shapeText(a)} but ${layer.inputs[1]} is ${shapeText(b)}`,
          { field: layer.name, fix: 'both inputs of an add must have the same shape' },
        );
      }
      return a;
    }
    case 'concat':
      return concatShape(layer, inputShapes);
    case 'affine':
      return expectFeatureMap(layer, inputShapes[0]);
    case 'channels': {
      const [c, h, w] = expectFeatureMap(layer, inputShapes[0]);
      if (layer.indices.length === 0 || layer.indices.some((i) => !Number.isInteger(i) || i < 0 || i >= c)) {
        throw new OhmflowError(`channel indices must be integers in [0, ${c}) and at least one`, { field: layer.name, fix: 'gather existing channels of the input' });
      }
      return [layer.indices.length, h, w];
    }
    case 'mul': {
      const [c, h, w] = expectFeatureMap(layer, inputShapes[0]);
      const g = inputShapes[1];
      if (g.length !== 3 || g[0] !== c || g[1] !== 1 || g[2] !== 1) {
        throw new OhmflowError(`the gate ${layer.inputs[1]} is ${shapeText(g)}, not [${c}, 1, 1] (one value per channel of ${layer.inputs[0]})`, {
          field: layer.name,
          fix: 'multiply a feature map only by a per-channel gate of shape [N, C, 1, 1] (squeeze-and-excitation)',
        });
      }
      return [c, h, w];
    }
    case 'relu':
      return inputShapes[0];
    case 'flatten':
      return [inputShapes[0].reduce((p, d) => p * d, 1)];
  }
}

/** Channels add up; every input must be a feature map of the first input's height and width. */
function concatShape(layer: SkeletonLayer, inputShapes: readonly Shape[]): Shape {
  const [, h, w] = expectFeatureMap(layer, inputShapes[0]);
  let channels = 0;
  inputShapes.forEach((shape, i) => {
    const [c, hi, wi] = expectFeatureMap(layer, shape);
    if (hi !== h || wi !== w) {
      throw new OhmflowError(
        `concat inputs differ in height or width: ${layer.inputs[0]} is ${shapeText(inputShapes[0])} but ${layer.inputs[i]} is ${shapeText(shape)}`,
        { field: layer.name, fix: 'concatenate along channels only feature maps of equal H and W (resize or pad the smaller one first)' },
      );
    }
    channels += c;
  });
  return [channels, h, w];
}

/**
 * Shapes of every layer's output, by layer name. Assumes layers are in topological order
 * (validateNetwork checks that first and gives a clearer error if not).
 */
export function inferShapes(net: NetworkSkeleton): Map<string, Shape> {
  const shapes = new Map<string, Shape>();
  for (const layer of net.layers) {
    const inputShapes = layer.inputs.map((name) => {
      const shape = shapes.get(name);
      if (shape === undefined) {
        throw new OhmflowError(`input '${name}' is not produced by an earlier layer`, { field: layer.name });
      }
      return shape;
    });
    shapes.set(layer.name, inferLayerShape(layer, inputShapes));
  }
  return shapes;
}

export function shapeSize(shape: Shape): number {
  return shape.reduce((p, d) => p * d, 1);
}
