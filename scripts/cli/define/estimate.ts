// `ohmflow estimate`: its options and help. The command's code loads only when it runs (--help stays fast).
import type { Command } from 'commander';
import { addCalibrationFlags, addNetArchFlags } from './flags.js';
import type { EstimateFlags } from '../commands/estimate.js';

export function register(program: Command): void {
  addCalibrationFlags(addNetArchFlags(program.command('estimate').description('analytical area, latency, throughput and energy of a network on a chip')), ' (with --activity-from-run)')
    .option('--compare-reload', 'weight reloading on this chip vs weight-stationary on the same design grown to fit')
    .option('--plots <DIR>', 'write PNG charts (energy and area breakdowns, per-layer latency, pipeline fill) to DIR')
    .option('--report <FILE.html>', 'write a self-contained HTML report: totals, per-layer table, charts, floorplan with NoC load')
    .option('--activity <A>', 'input activity: the fraction of (row, input bit-plane) digits that are not 0, which the DACs drive (default 0.5)')
    .option('--activity-from-run [IMAGES]', 'measure the input activity per layer with the integer reference on IMAGES seeded images (default 1)')
    .action(async (flags: EstimateFlags) => (await import('../commands/estimate.js')).runEstimate(flags));
}
