// Post-training quantization of a trained float model into the IR, with the scales the ONNX
// importer gives float models (workloads/onnx/finalize.ts) so that ONNX Runtime runs the exported
// model exactly as the integer reference: power-of-two activation scales covering the calibrated
// range (calibratedQuant), and per-output-channel symmetric int8 weights whose requantization
// multiplier is m * 2^-s with 8-bit m (see workloads/zoo/scales.ts). The multiplier is rounded up,
// never down, so the channel's largest weight still fits in [-127, 127].
import { OhmflowError } from '../../workloads/errors.js';
import { validateNetwork } from '../../workloads/ir/validate.js';
import type { Layer, Network, TensorQuant, WeightQuant } from '../../workloads/ir/types.js';
import type { Range } from '../../workloads/onnx/float-exec.js';
import { calibratedQuant } from '../../workloads/onnx/finalize.js';
import { convMultiplier } from '../../workloads/quant/multiplier.js';
import type { FloatModel, FloatParams } from './model.js';

const MAX_RIGHT_SHIFT = 16;
const MANTISSA_LIMIT = 2 ** 8;
const INT32_MAX = 2 ** 31 - 1;

/** The smallest M = m * 2^-s >= ideal with 1 <= m < 2^8 and s <= 16 (2^-16 for any smaller ideal). */
function multiplierAtLeast(ideal: number): number {
  let s = MAX_RIGHT_SHIFT;
  let m = Math.ceil(ideal * 2 ** s);
  while (m >= MANTISSA_LIMIT) {
    s -= 1;
    m = Math.ceil(ideal * 2 ** s);
  }
  return Math.max(1, m) * 2 ** -s;
}

interface QuantizedParams {
  readonly weights: Int8Array;
  readonly bias: Int32Array;
  readonly weightQuant: WeightQuant;
}

function quantizeParams(name: string, p: FloatParams, inScale: number, outScale: number): QuantizedParams {
  const channels = p.bias.length;
  const fanIn = p.weights.length / channels;
  const weights = new Int8Array(p.weights.length);
  const bias = new Int32Array(channels);
  const scales: number[] = [];
  for (let c = 0; c < channels; c++) {
    let maxAbs = 0;
    for (let i = c * fanIn; i < (c + 1) * fanIn; i++) maxAbs = Math.max(maxAbs, Math.abs(p.weights[i]));
    const multiplier = multiplierAtLeast(((maxAbs / 127) * inScale) / outScale);
    const scale = (multiplier * outScale) / inScale;
    if (convMultiplier(inScale, scale, outScale) !== multiplier) throw new Error(`${name}: weight scale is not exact in float32`); // a bug here
    for (let i = c * fanIn; i < (c + 1) * fanIn; i++) weights[i] = Math.max(-127, Math.min(127, Math.round(p.weights[i] / scale)));
    const b = Math.round(p.bias[c] / (inScale * scale));
    if (Math.abs(b) > INT32_MAX) throw new OhmflowError(`bias ${p.bias[c]} of channel ${c} overflows int32 at its accumulator scale`, { field: name });
    bias[c] = b;
    scales.push(scale);
  }
  return { weights, bias, weightQuant: { scales, zeroPoints: scales.map(() => 0) } };
}

/**
 * The int8 network of a trained model: its input quantized as `inputQuant`, every conv and dense
 * output as calibrated (`ranges`, by layer name), average pools keeping their input's scale.
 */
export function quantizeModel(model: FloatModel, ranges: ReadonlyMap<string, Range>, inputQuant: TensorQuant, name: string): Network {
  const [input] = model.skeleton.layers;
  const layers: Layer[] = [{ kind: 'input', name: input.name, inputs: [], shape: model.inputShape, quant: inputQuant }];
  let quant = inputQuant;
  for (const { layer, params } of model.layers) {
    switch (layer.kind) {
      case 'conv2d':
      case 'dense': {
        const range = ranges.get(layer.name);
        if (range === undefined) throw new Error(`no calibration range for ${layer.name}`); // a bug here
        const outQuant = calibratedQuant(range);
        const q = quantizeParams(layer.name, params!, quant.scale, outQuant.scale);
        layers.push(layer.kind === 'conv2d' ? { ...layer, ...q, outQuant } : { ...layer, ...q, outQuant });
        quant = outQuant;
        break;
      }
      case 'avgpool':
        layers.push({ ...layer, outQuant: quant });
        break;
      case 'flatten':
        layers.push(layer);
        break;
      default:
        throw new Error(`cannot quantize ${layer.kind}`); // model.ts admits no other kind
    }
  }
  const net: Network = { name, layers, output: model.skeleton.output };
  validateNetwork(net);
  return net;
}
