// The network of a command that runs it (`simulate`): its skeleton at once, for mapping, and its
// weights only when asked, after the mapping has accepted it. A float .onnx model is parsed once
// and calibrated in load(), so a network that does not fit the chip is refused in seconds, before
// a calibration that can take minutes.
import type { Network, NetworkSkeleton } from '../../workloads/ir/types.js';
import { getNetwork, isZooNetwork } from '../../workloads/zoo/index.js';
import { parseOnnx, type ParsedOnnx } from '../../workloads/onnx/parse.js';
import { onnxSkeleton } from '../../workloads/onnx/skeleton.js';
import { calibrateForRun } from './calibration.js';
import { checkNoCalibrationFlags, type CalibrationFlags } from './calibrationFlags.js';
import { quantizationOf, type QuantizationReport } from './quantization.js';
import { checkOnnxPath, loadNet, wholeNumber, type NetFlags } from './commands/map.js';
import { DEFAULT_NET } from './define/flags.js';

interface NetForRun {
  readonly skeleton: NetworkSkeleton;
  /**
   * The network with its weights: the zoo's (seeded with `seed`), or the .onnx model, calibrated
   * as `flags` say where it is a float model (progress on stderr, cached: calibration.ts).
   * `floatModel`: the parsed float model, for a run's int8-vs-float agreement; only where the
   * file was calibrated (a quantized file has no float model).
   */
  load(): Promise<{ net: Network; quantization: QuantizationReport; floatModel?: ParsedOnnx }>;
}

const zoo = (net: Network) => ({ net, quantization: quantizationOf(net, 'zoo') });

export function netForRun(flags: NetFlags & CalibrationFlags, seed: number | undefined): NetForRun {
  const ref = flags.net ?? DEFAULT_NET;
  if (ref.toLowerCase().endsWith('.onnx')) {
    checkOnnxPath(ref);
    const parsed = parseOnnx(ref);
    return {
      skeleton: onnxSkeleton(parsed),
      load: async () => {
        const { net, calibration } = await calibrateForRun(parsed, flags);
        return { net, quantization: quantizationOf(net, 'file', calibration, parsed.droppedHead), ...(calibration === undefined ? {} : { floatModel: parsed }) };
      },
    };
  }
  checkNoCalibrationFlags(flags, `${ref} is a zoo network, built quantized`);
  const skeleton = loadNet(ref, flags.resolution, { weights: false });
  if (seed !== undefined && isZooNetwork(ref)) {
    const res = flags.resolution === undefined ? {} : { resolution: wholeNumber(flags.resolution, 0, '--resolution', 1) };
    return { skeleton, load: async () => zoo(getNetwork(ref, { ...res, seed })) };
  }
  return { skeleton, load: async () => zoo(loadNet(ref, flags.resolution)) };
}
