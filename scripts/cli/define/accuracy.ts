// `ohmflow accuracy`: its options and help. The command's code loads only when it runs (--help stays fast).
import type { Command } from 'commander';
import type { AccuracyFlags } from '../commands/accuracy.js';

export const DEFAULT_ACCURACY_NET = 'lenet5';
export const DEFAULT_ACCURACY_IMAGES = 1000;
export const DEFAULT_ANALOG_TRIALS = 3;

export function register(program: Command): void {
  program.command('accuracy').description('top-1/top-5 accuracy against labels on a chip, swept over one or two arch fields, over trials of the device variation')
    .option('--net <NET>', `zoo network name or .onnx path (default ${DEFAULT_ACCURACY_NET})`)
    .option('--arch <ARCH>', 'arch preset name or JSON path (default: the default preset)')
    .option('--images <N>', `labelled images (default ${DEFAULT_ACCURACY_IMAGES} MNIST digits; with --dataset, the whole file)`)
    .option('--sweep <FIELD=VALUES>', 'an arch field and its values: FIELD an arch JSON path or a short form (adc.bits, crossbar.activeRows, dac.bits, device.d2dSigma), '
      + 'VALUES a..b (whole numbers) or v1,v2,...; at most twice', (v: string, all: string[]) => [...all, v], [] as string[])
    .option('--trials <T>', `analog fidelity: trials of the device variation and noise, seeds S..S+T-1 (default ${DEFAULT_ANALOG_TRIALS}; adc fidelity runs one)`)
    .option('--fidelity <MODE>', 'adc | analog (default: analog when a device field is swept or the arch has a device section, else adc)')
    .option('--seed <S>', 'seed of the first trial (default 1)')
    .option('--jobs <N>', 'worker threads, one pool for the whole study (default: the core count; results are the same for any N)')
    .option('--dataset <IMAGES.npy>', 'labelled images instead of MNIST, shape [N, ...network input]: int8, uint8 codes with the zero point + 128, '
      + 'or float32 values (quantized with the input\'s scale and zero point)')
    .option('--labels <LABELS.npy>', 'with --dataset: one class index per image (any integer dtype), shape [N]')
    .option('--plots <DIR>', 'write DIR/accuracy.png: top-1 accuracy vs the first swept field, one line per value of the second')
    .option('--json', 'print one JSON object on stdout')
    .action(async (flags: AccuracyFlags) => (await import('../commands/accuracy.js')).runAccuracy(flags));
}
