// `ohmflow simulate`: its options and help. The command's code loads only when it runs (--help stays fast).
import type { Command } from 'commander';
import { DEFAULT_ANALOG_SIGMAS } from '../../../sim/engine/compute/analogDefaults.js';
import { addCalibrationFlags, addNetArchFlags } from './flags.js';
import type { SimulateFlags } from '../commands/simulate.js';

export function register(program: Command): void {
  addCalibrationFlags(addNetArchFlags(program.command('simulate').description('cycle-level simulation of a network on a chip, with the analytical estimate and the reference for comparison')))
    .option('--images <N>', 'seeded input images to stream (default 2; 2+ measures the steady-state interval); with --input, the first N images of the file (default all)')
    .option('--fidelity <MODE>', 'exact | adc | analog (default: exact on a lossless ADC, else adc)')
    .option('--seed <S>', 'seed of the inputs and of zoo weights (default 1)')
    .option('--trace <FILE>', 'write a Perfetto trace (open it at ui.perfetto.dev; 1 trace-ns = 1 simulated ps)')
    .option('--trace-level <LEVEL>', 'layer | tile | component (default component): how fine the trace is')
    .option('--trace-window <A:B>', 'only activity in [A, B] ns of simulated time goes into the trace')
    .option('--conductance-sigma <S>', `analog fidelity: sigma of ln(conductance) per cell, lognormal (default: the arch's device.d2dSigma, else ${DEFAULT_ANALOG_SIGMAS.conductanceSigma})`)
    .option('--read-noise <LEVELS>', `analog fidelity: sigma of the read noise per conversion, in cell levels (default: device.readNoiseSigma, else ${DEFAULT_ANALOG_SIGMAS.readNoiseSigma})`)
    .option('--input <FILES>', 'the images to run instead of seeded or MNIST ones: an .npy file (int8 codes, or float32 values quantized with the '
      + 'network input\'s scale and zero point; one image or a batch [N, ...shape]), or PNG/JPEG files separated by commas')
    .option('--resize', 'with PNG/JPEG --input: scale each image to the network input\'s height and width')
    .option('--mean <M>', 'with PNG/JPEG --input: subtracted from pixel / 255, one value or one per channel (e.g. 0.485,0.456,0.406)')
    .option('--std <S>', 'with PNG/JPEG --input: divides (pixel / 255 - mean), one value or one per channel (e.g. 0.229,0.224,0.225)')
    .option('--save-output <FILE.npy>', "write the chip's output tensor(s) as int8 .npy ([N, ...output shape] for N images), only when the run succeeds")
    .option('--unbounded-buffers', 'no back-pressure: tile buffers and packet queues never refuse (the contention-free view of buffering)')
    .option('--plots <DIR>', 'write PNG charts (energy and area breakdowns, per-layer latency, pipeline occupancy) to DIR')
    .option('--report <FILE.html>', 'write a self-contained HTML report: totals, analytical vs simulated per layer, charts, floorplan with NoC load, waits')
    .option('--jobs <N>', 'worker threads for the reference check, which runs beside the engine, and for --functional-only images (default: the core count; results are the same for any N)')
    .option('--functional-only', "compute the chip's outputs without its timing (same kernels, no events), images on --jobs threads, checked against the reference: for accuracy over many images")
    .action(async (flags: SimulateFlags) => (await import('../commands/simulate.js')).runSimulate(flags));
}
