// Per-layer facts the mapping needs, from shapes only (never the weight arrays, so mapping a
// ResNet-50 costs microseconds): engine, work counts, line buffer and, for weight layers, the
// crossbar partition of one copy. Duplication, segments and placement are filled in later.
import type { SkeletonLayer, NetworkSkeleton, Shape } from '../../workloads/ir/types.js';
import { dilationOf, inferShapes, kernelSpan } from '../../workloads/ir/shapes.js';
import { hasActivation } from '../../workloads/ir/activation.js';
import { tensorQuants } from '../../workloads/ir/quants.js';
import { concatNeedsRequantize } from '../../workloads/quant/concat.js';
import type { Arch } from '../arch/schema.js';
import { weightSlices } from '../arch/derived.js';
import { partitionWeights } from './partition.js';
import type { DigitalUnitKind, MappedLayer, MappingScheme } from './types.js';

const product = (s: readonly number[]): number => s.reduce((p, d) => p * d, 1);

function emptyPlacement(): MappedLayer['placement'] {
  return { firstPe: 0, endPe: 0, tiles: [], routers: [] };
}

/** Bytes one activation occupies in a buffer (inputBits rounded up to whole bytes). */
function bytesPerValue(arch: Arch): number {
  return Math.ceil(arch.precision.inputBits / 8);
}

/** Input rows a window must hold before its first output: (Kh-1) full rows plus Kw pixels. */
function windowLineBufferBytes(inShape: Shape, kh: number, kw: number, bytes: number): number {
  const [c, h, w] = inShape;
  if (kh >= h) return c * h * w * bytes;
  return ((kh - 1) * w + kw) * c * bytes;
}

function base(layer: SkeletonLayer, inShape: Shape, outShape: Shape): MappedLayer {
  return {
    name: layer.name,
    kind: layer.kind,
    inputs: [...layer.inputs],
    engine: 'none',
    inShape: [...inShape],
    outShape: [...outShape],
    kernel: [1, 1],
    stride: [1, 1],
    padding: [0, 0, 0, 0],
    macs: 0,
    outputPixels: outShape.length === 3 ? outShape[1] * outShape[2] : 1,
    outputValues: product(outShape),
    inputValuesRead: 0,
    duplication: 1,
    folds: 1,
    crossbars: 0,
    pes: 0,
    digitalLanes: 0,
    requantizeOps: 0,
    activationOps: 0,
    digitalUnitOps: 0,
    lineBufferBytes: 0,
    segment: 0,
    placement: emptyPlacement(),
  };
}

function unitLayer(m: MappedLayer, unit: DigitalUnitKind, ops: number): MappedLayer {
  return { ...m, engine: 'digitalUnit', digitalUnit: unit, digitalUnitOps: ops };
}

/** Describes every layer of `net` for `arch` (topological order kept). */
/**
 * The scheme a conv actually uses. Kernel-split gives each kernel position its own arrays of Cin/g
 * rows; where Cin/g leaves those rows mostly empty (a first conv with Cin = 3 gets Kh*Kw arrays of
 * 3 rows) every array still converts all its columns, so it can take more ADC conversions than
 * im2col for the same outputs; with fallback 'im2col' such a layer is unrolled as im2col
 * (docs/ppa-model.md, "Partitioning").
 */
function layerScheme(
  w: { inChannels: number; outChannels: number; kernel: readonly [number, number]; groups: number },
  scheme: MappingScheme,
  geometry: Parameters<typeof partitionWeights>[2],
  fallback: 'im2col' | 'never' = 'im2col',
): MappingScheme {
  if (scheme !== 'kernel-split' || fallback === 'never' || w.kernel[0] * w.kernel[1] === 1) return scheme;
  const split = partitionWeights(w, 'kernel-split', geometry);
  const unrolled = partitionWeights(w, 'im2col', geometry);
  // ADC conversions are most of the dynamic energy (and, through the read rounds, set the pixel
  // time): split only where it converts no more columns than im2col.
  return split.conversionsPerPlane > unrolled.conversionsPerPlane ? 'im2col' : 'kernel-split';
}

export function describeLayers(net: NetworkSkeleton, arch: Arch, requested: MappingScheme, fallback: 'im2col' | 'never' = 'im2col'): MappedLayer[] {
  const shapes = inferShapes(net);
  const { rows, cols, activeRows } = arch.tile.pe.crossbar;
  const geometry = { rows, cols, activeRows, columnsPerWeight: weightSlices(arch) };
  const bytes = bytesPerValue(arch);
  const quants = tensorQuants(net);
  return net.layers.map((layer) => {
    const outShape = shapes.get(layer.name)!;
    const inShape = layer.inputs.length > 0 ? shapes.get(layer.inputs[0])! : [];
    const m = base(layer, inShape, outShape);
    const inValues = product(inShape);
    switch (layer.kind) {
      case 'conv2d': {
        const [cin, hin, win] = inShape;
        const [kh, kw] = layer.kernel;
        const [dh, dw] = dilationOf(layer);
        const perPixel = cin * kh * kw;
        const weights = { inChannels: cin, outChannels: layer.outChannels, kernel: [kh, kw] as const, groups: layer.groups };
        const scheme = layerScheme(weights, requested, geometry, fallback);
        // Kernel-split feeds each input pixel once to all Kh*Kw array sets (Peng et al. 2020); a
        // stride larger than the kernel skips pixels, hence the min.
        const read = scheme === 'kernel-split' ? cin * Math.min(hin * win, m.outputPixels * kh * kw) : m.outputPixels * perPixel;
        return {
          ...m,
          engine: 'crossbar',
          kernel: [kh, kw],
          stride: [layer.stride[0], layer.stride[1]],
          padding: [...layer.padding],
          ...(dh !== 1 || dw !== 1 ? { dilation: [dh, dw] as [number, number] } : {}),
          macs: m.outputPixels * layer.outChannels * (cin / layer.groups) * kh * kw,
          inputValuesRead: read,
          partition: partitionWeights(weights, scheme, geometry),
          requantizeOps: m.outputValues,
          activationOps: hasActivation(layer) ? m.outputValues : 0,
          // A dilated window holds the rows between its taps too.
          lineBufferBytes: windowLineBufferBytes(inShape, kernelSpan(kh, dh), kernelSpan(kw, dw), bytes),
        };
      }
      case 'dense': {
        const inFeatures = inValues;
        return {
          ...m,
          engine: 'crossbar',
          macs: inFeatures * layer.outFeatures,
          inputValuesRead: inFeatures,
          partition: partitionWeights({ inChannels: inFeatures, outChannels: layer.outFeatures, kernel: [1, 1], groups: 1 }, requested, geometry),
          requantizeOps: m.outputValues,
          activationOps: hasActivation(layer) ? m.outputValues : 0,
          lineBufferBytes: inFeatures * bytes,
        };
      }
      case 'maxpool':
      case 'avgpool': {
        const [kh, kw] = layer.kernel;
        const windowed: MappedLayer = {
          ...m,
          kernel: [kh, kw],
          stride: [layer.stride[0], layer.stride[1]],
          padding: [...layer.padding],
          inputValuesRead: inValues,
          requantizeOps: layer.kind === 'avgpool' ? m.outputValues : 0,
          lineBufferBytes: windowLineBufferBytes(inShape, kh, kw, bytes),
        };
        return unitLayer(windowed, layer.kind === 'maxpool' ? 'maxPool' : 'avgPool', m.outputValues * kh * kw);
      }
      case 'globalavgpool':
        return unitLayer(
          { ...m, kernel: [inShape[1], inShape[2]], inputValuesRead: inValues, requantizeOps: m.outputValues, lineBufferBytes: inValues * bytes },
          'avgPool',
          inValues,
        );
      case 'add':
        return unitLayer(
          { ...m, inputValuesRead: 2 * inValues, requantizeOps: m.outputValues, activationOps: hasActivation(layer) ? m.outputValues : 0 },
          'residualAdd',
          m.outputValues,
        );
      case 'concat': {
        // Data movement: each output pixel gathers every input's channels from the tile buffer;
        // only inputs at another quantization than the output's pass through the requantize units.
        const requantized = layer.inputs.reduce((n, name) => n + (concatNeedsRequantize(quants.get(name)!, layer.outQuant) ? shapes.get(name)![0] : 0), 0);
        const ops = m.outputPixels * requantized;
        return unitLayer({ ...m, inputValuesRead: m.outputValues, requantizeOps: ops }, 'requantize', ops);
      }
      case 'affine':
        // Per value one multiply-add on the int32 path (costed on the residual-add units, which add
        // int32 operands as this does), then a requantize and any fused activation.
        return unitLayer(
          { ...m, inputValuesRead: inValues, requantizeOps: m.outputValues, activationOps: hasActivation(layer) ? m.outputValues : 0 },
          'residualAdd',
          m.outputValues,
        );
      case 'channels':
        // Data movement: each output pixel fetches the selected channels from the tile buffer; no unit work.
        return unitLayer({ ...m, inputValuesRead: m.outputValues }, 'requantize', 0);
      case 'mul':
        // Per value one product of two int8 operands (costed on the residual-add units, as an
        // affine layer's multiply-add), then a requantize; each pixel reads its values and the gate's.
        return unitLayer({ ...m, inputValuesRead: inValues + m.outputPixels * inShape[0], requantizeOps: m.outputValues }, 'residualAdd', m.outputValues);
      case 'relu':
        return unitLayer({ ...m, inputValuesRead: inValues, activationOps: m.outputValues }, 'activation', 0);
      case 'input':
      case 'flatten':
        return m;
    }
  });
}
