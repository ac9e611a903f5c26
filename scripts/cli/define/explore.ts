// `ohmflow explore`: its options and help. The command's code loads only when it runs (--help stays fast).
import type { Command } from 'commander';
import { LIMITS } from '../limits.js';
import { DEFAULT_NET } from './flags.js';
import type { ExploreFlags } from '../commands/explore.js';

/** Held-out digits per design measured under --min-accuracy: enough to tell 1-point steps apart, cheap in adc fidelity. */
export const DEFAULT_ACCURACY_IMAGES = 200;

export function register(program: Command): void {
  program
    .command('explore')
    .description('design-space exploration: synthesize a chip for a network under a budget (PIMSYN), or with --crossbars explore limited crossbars on one arch (AERO)')
    .option('--net <NET>', `zoo network name or .onnx path (default ${DEFAULT_NET})`)
    .option('--objective <OBJ>', 'tops-per-w | fps | energy | area (area = TOPS/mm2) (default tops-per-w)')
    .option('--power-budget <W>', 'peak chip power budget, W (default: the base preset\'s peak power)')
    .option('--area-budget <MM2>', 'chip area budget, mm2')
    .option('--seed <S>', 'seed of the search (default 1)')
    .option('--out <DIR>', 'where arch.json and mapping.json go (default explore-out)')
    .option('--iterations <N>', 'generations of the evolutionary search (default 60)')
    .option('--population <N>', 'designs per generation (default 32)')
    .option('--anneal-steps <N>', 'simulated-annealing moves per design (default 1000)')
    .option('--base <ARCH>', 'preset the design inherits precision, tech, clock and NoC from (default isaac)')
    .option('--adc-bits <B>', 'fix the ADC resolution instead of the minimum lossless one')
    .option('--min-accuracy <P>', 'only designs with top-1 >= P percent are eligible, measured in adc fidelity on held-out digits; needs a trained network (lenet5-mnist, mlp-mnist); matters with --adc-bits, as the default lossless ADCs are exact')
    .option('--accuracy-images <N>', `with --min-accuracy: held-out digits per measured design (default ${DEFAULT_ACCURACY_IMAGES})`)
    .option('--mapping <SCHEME>', 'im2col | kernel-split (default im2col)')
    .option('--batch <B>', 'images per weight load for designs that must reload (default 1)')
    .option('--resolution <N>', `input resolution of ImageNet zoo networks (default 224; above ${LIMITS.resolution} needs --force)`)
    .option('--force', 'run past the resolution limit')
    .option('--arch <ARCH>', 'with --crossbars: the arch whose crossbars are limited')
    .option('--crossbars <LIST>', 'AERO mode: crossbar budgets, percentages of what the network needs or counts, e.g. 100%,50%,25%,10%')
    .option('--batches <LIST>', 'AERO mode: batch sizes (default 1,16,64)')
    .option('--plots <DIR>', 'AERO mode: write budget.png (throughput and energy vs budget)')
    .option('--json', 'print one JSON object on stdout (progress stays on stderr)')
    .action(async (flags: ExploreFlags) => (await import('../commands/explore.js')).runExplore(flags));
}
