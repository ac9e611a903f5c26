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
  const wanted = options.executor ?? 'auto';
  const viaOrt = wanted === 'javascript' ? undefined : await ortOutputs(parsed, images);
  if (viaOrt === undefined && wanted === 'onnxruntime') throw new OhmflowError('ONNX Runtime cannot run the float model for the agreement report', { field: parsed.label, fix: 'install onnxruntime-node, or compare with the JavaScript executor' });
  const floatOut = viaOrt ?? images.map((image) => runFloat(parsed.drafts, parsed.order, image).get(parsed.output)!);
  const quants = outputQuants(net);
  const inQuant = net.layers.find((l) => l.kind === 'input')!;
  const outQuant = quants.get(net.output)!;
  const codes = images.map((image) => quantizeTensor(Float32Array.from(image), quants.get(inQuant.name)!));
  const results = await runReferenceParallel(net, codes, {}, options.jobs ?? 1, options.onProgress);
  const int8Out = results.map((r) => Float64Array.from(r.output.data, (q) => outQuant.scale * (q - outQuant.zeroPoint)));
  return { ...agreementMetrics(floatOut, int8Out), executor: viaOrt === undefined ? 'javascript' : 'onnxruntime' };
}
