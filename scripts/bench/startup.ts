// Start-up benchmark: wall time of whole `ohmflow` processes, from spawn to exit, best and median
// of --runs runs each (default 7). Run after `npm run build`: it starts dist/scripts/cli/ohmflow.js.
// Prints one JSON line with the load average, since on a shared machine the load moves the figures.
//
// `estimate --net resnet50` on the default arch is refused (the weights do not fit): it measures
// loading the model and mapping ResNet-50, the original case; `--arch isaac` runs the model.
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../cli/ohmflow.js', import.meta.url));

const CASES: readonly { name: string; args: readonly string[]; exitCode: number }[] = [
  { name: '--help', args: ['--help'], exitCode: 0 },
  { name: 'estimate --net resnet50', args: ['estimate', '--net', 'resnet50'], exitCode: 2 },
  { name: 'estimate --net resnet50 --arch isaac', args: ['estimate', '--net', 'resnet50', '--arch', 'isaac'], exitCode: 0 },
];

function parseRuns(argv: readonly string[]): number {
  if (argv.length === 0) return 7;
  const runs = Number(argv[1]);
  if (argv[0] !== '--runs' || argv.length !== 2 || !Number.isInteger(runs) || runs < 1) throw new Error('usage: startup.js [--runs N>=1]');
  return runs;
}

/** Wall seconds of one run; a run that exits otherwise than the case expects is an error. */
function timeRun(args: readonly string[], exitCode: number): number {
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  const wallS = Number(process.hrtime.bigint() - start) / 1e9;
  if (run.status !== exitCode) throw new Error(`ohmflow ${args.join(' ')} exited ${run.status}, expected ${exitCode}: ${run.stderr}`);
  return wallS;
}

function main(): void {
  const runs = parseRuns(process.argv.slice(2));
  const loadBefore = loadavg()[0];
  const results = CASES.map(({ name, args, exitCode }) => {
    const times = Array.from({ length: runs }, () => timeRun(args, exitCode)).sort((a, b) => a - b);
    return { name, bestS: Number(times[0].toFixed(3)), medianS: Number(times[Math.floor(times.length / 2)].toFixed(3)) };
  });
  const load1m = [loadBefore, loadavg()[0]].map((l) => Number(l.toFixed(2)));
  process.stdout.write(`${JSON.stringify({ node: process.version, runs, load1m, results })}\n`);
}

main();
