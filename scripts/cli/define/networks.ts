// `ohmflow networks`: its options and help. The command's code loads only when it runs (--help stays fast).
import type { Command } from 'commander';
import { OhmflowError } from '../../../workloads/errors.js';
import { addCalibrationFlags } from './flags.js';
import type { NetworksFlags } from '../commands/networks.js';

function positiveInteger(flag: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) {
      throw new OhmflowError(`expected a positive integer, got '${value}'`, { field: flag });
    }
    return n;
  };
}

export function register(program: Command): void {
  addCalibrationFlags(program
    .command('networks')
    .description('List the model zoo: layers, MACs, parameters (torchvision counting, BN included), input shape, seeded or trained weights; or describe an ONNX file (--net)')
    .option('--json', 'print a JSON array of { name, layers, macs, params, input, weights } (plus unavailable: the reason, for a network that cannot be built at --resolution)')
    .option('--resolution <n>', 'input height = width of the ImageNet networks (fixed-input networks ignore it)', positiveInteger('--resolution'))
    .option('--export <net>', 'write this zoo network as a quantized ONNX model (QLinearConv, QGemm, ...) to --out')
    .option('--out <file>', 'destination .onnx file for --export')
    .option('--seed <s>', 'seed of the synthetic weights for --export (trained networks have none)', positiveInteger('--seed'))
    .option('--net <FILE.onnx>', 'describe this ONNX file instead: layers, MACs, params, input and output shapes and their quantization (--json: one object)')
    .option('--calibrate', 'with --net, a float model: calibrate it (as simulate does, cached) to report the input and output scales, and the int8 network against the float model on the calibration images, or those of --agreement-images/--agreement-input (top-1 agreement, cosine similarity, output SNR, max abs error)')
    .option('--no-agreement', 'with --calibrate: skip the int8-vs-float comparison (it runs both models on every calibration image)')
    .option('--agreement-images <N>', 'with --calibrate: compare on N seeded images the calibration never saw (uniform in [-1, 1), a stream of their own), or on the first N of --agreement-input')
    .option('--agreement-input <FILE.npy>', 'with --calibrate: compare on these float32 images [N, C, H, W] instead of the calibration images'), ' (networks --net FILE --calibrate)')
    .action(async (opts: NetworksFlags) => (await import('../commands/networks.js')).runNetworks(opts));
}
