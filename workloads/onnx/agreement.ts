// The int8 network against the float model it was calibrated from: both run on the same real
// images, the float model in ONNX Runtime (float32, the file's own graph) when onnxruntime-node
// loads, else in float64 JavaScript on the drafts, and the int8 network in the integer reference
// (on worker threads).
// The figures (agreement-metrics.ts) tell a user what quantization costs their model.
import { OhmflowError } from '../errors.js';
import type { Network } from '../ir/types.js';
import { quantizeTensor } from '../quant/quantizeLinear.js';
import { runReferenceParallel } from '../reference/index.js';
import { agreementMetrics, type AgreementMetrics } from './agreement-metrics.js';
import type { CalibrationExecutor } from './calibration-cache.js';
import { runFloat } from './float-exec.js';
import { loadOnnxRuntime, withOutputs } from './ort-ranges.js';
import type { ParsedOnnx } from './parse.js';
import { DataType } from './proto.js';
import { outputQuants } from './quant-of.js';

export interface Agreement extends AgreementMetrics {
  /** What ran the float model. */
  readonly executor: CalibrationExecutor;
}

interface AgreementOptions {
  /** 'auto' (default): ONNX Runtime when it loads and the file names the output's float tensor. */
  executor?: 'auto' | CalibrationExecutor;
  /** Worker threads for the integer reference (default 1: this thread). */
  jobs?: number;
  /** Hears of the integer reference's progress, in MACs done of the total. */
  onProgress?: (macsDone: number, macsTotal: number) => void;
}

/** The float outputs of `images` in ONNX Runtime, or undefined when it cannot run them. */
async function ortOutputs(parsed: ParsedOnnx, images: readonly Float64Array[]): Promise<Float32Array[] | undefined> {
  const ort = await loadOnnxRuntime();
  const tensor = parsed.tensors.get(parsed.output);
  if (ort === undefined || tensor === undefined || parsed.input.elemType !== DataType.FLOAT) return undefined;
  const shape = [1, ...parsed.drafts.get(parsed.order[0])!.shape];
  // The network's output tensor, not the graph's: a dropped Softmax head is not in the int8 network.
  const session = await ort.InferenceSession.create(withOutputs(parsed.bytes, [tensor], parsed.label), { graphOptimizationLevel: 'disabled', logSeverityLevel: 3 });
  try {
    const outputs: Float32Array[] = [];
    for (const image of images) {
      const result = await session.run({ [parsed.input.name]: new ort.Tensor('float32', Float32Array.from(image), shape) }, [tensor]);
      outputs.push(Float32Array.from(result[tensor].data as Float32Array));
    }
    return outputs;
  } finally {
    await session.release();
  }
}

/** The float model's outputs of `images`: ONNX Runtime where it can run them (and `wanted` allows), else JavaScript. */
async function floatOutputs(parsed: ParsedOnnx, images: readonly Float64Array[], wanted: 'auto' | CalibrationExecutor): Promise<{ outputs: ArrayLike<number>[]; executor: CalibrationExecutor }> {
  const viaOrt = wanted === 'javascript' ? undefined : await ortOutputs(parsed, images);
  if (viaOrt === undefined && wanted === 'onnxruntime') throw new OhmflowError('ONNX Runtime cannot run the float model for the agreement report', { field: parsed.label, fix: 'install onnxruntime-node, or compare with the JavaScript executor' });
  if (viaOrt !== undefined) return { outputs: viaOrt, executor: 'onnxruntime' };
  return { outputs: images.map((image) => runFloat(parsed.drafts, parsed.order, image).get(parsed.output)!), executor: 'javascript' };
}

/**
 * Runs `parsed`'s float model and `net` (its int8 network, from finishImport or calibrateOnnx) on
 * each real image and compares the outputs. The int8 run takes the image quantized with the
 * network's input scale and zero point (QuantizeLinear), and its output is dequantized with the
 * output's: the input's rounding is part of the int8 network's error.
 */
export async function floatInt8Agreement(
  parsed: ParsedOnnx,
  net: Network,
  images: readonly Float64Array[],
  options: AgreementOptions = {},
): Promise<Agreement> {
  const { outputs: floatOut, executor } = await floatOutputs(parsed, images, options.executor ?? 'auto');
  const quants = outputQuants(net);
  const inQuant = net.layers.find((l) => l.kind === 'input')!;
  const outQuant = quants.get(net.output)!;
  const codes = images.map((image) => quantizeTensor(Float32Array.from(image), quants.get(inQuant.name)!));
  const results = await runReferenceParallel(net, codes, {}, options.jobs ?? 1, options.onProgress);
  const int8Out = results.map((r) => Float64Array.from(r.output.data, (q) => outQuant.scale * (q - outQuant.zeroPoint)));
  return { ...agreementMetrics(floatOut, int8Out), executor };
}

/**
 * Int8 outputs computed elsewhere (a simulated chip's) against the float model on the same images:
 * the float model runs on the int8 inputs dequantized with `net`'s input scale and zero point, so
 * both sides see exactly the same values, and the int8 outputs are dequantized with the output's.
 */
export async function int8OutputsAgreement(
  parsed: ParsedOnnx,
  net: Network,
  int8Inputs: readonly ArrayLike<number>[],
  int8Outputs: readonly ArrayLike<number>[],
  executor: 'auto' | CalibrationExecutor = 'auto',
): Promise<Agreement> {
  const quants = outputQuants(net);
  const inQuant = quants.get(net.layers.find((l) => l.kind === 'input')!.name)!;
  const outQuant = quants.get(net.output)!;
  const images = int8Inputs.map((codes) => Float64Array.from(codes, (q) => inQuant.scale * (q - inQuant.zeroPoint)));
  const float = await floatOutputs(parsed, images, executor);
  const int8Out = int8Outputs.map((o) => Float64Array.from(o, (q) => outQuant.scale * (q - outQuant.zeroPoint)));
  return { ...agreementMetrics(float.outputs, int8Out), executor: float.executor };
}
