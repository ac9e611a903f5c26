// Analytical-model benchmark: mapping + PPA time per network, excluding start-up, building the
// zoo network (weights are not part of the model) and reading the tech table (the caller's, as
// the search and the CLI pass it). Prints one JSON line, with the load average: the machine is
// shared, so read the figures beside it.
import { loadavg } from 'node:os';
import { loadArch } from '../../hw/arch/index.js';
import { loadTech } from '../../hw/tech/load.js';
import { mapNetwork } from '../../hw/mapping/index.js';
import { estimate } from '../../hw/ppa/index.js';
import { getNetwork } from '../../workloads/zoo/index.js';

const NETWORKS = ['resnet50', 'alexnet', 'vgg16', 'resnet18'];
// V8 tiers the model's functions up over its first few dozen runs (ResNet-50: about 9x the steady
// time on the first ten, 3x on the next twenty): the timed runs come after 50, and the first
// (cold) run is printed apart.
const WARM_UP_RUNS = 50;
const RUNS = 20;
const archName = process.argv[2] ?? 'isaac';
const arch = loadArch(archName);
const tech = loadTech(arch.tech);
const msPerNetwork: Record<string, number> = {};
const medianMsPerNetwork: Record<string, number> = {};
const firstRunMs: Record<string, number> = {};
for (const name of NETWORKS) {
  const net = getNetwork(name);
  const run = () => estimate(mapNetwork(net, arch, { reload: true, batch: 16 }, tech), arch, tech);
  const t1 = performance.now();
  run();
  firstRunMs[name] = Number((performance.now() - t1).toFixed(3));
  for (let i = 1; i < WARM_UP_RUNS; i++) run();
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    run();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  msPerNetwork[name] = Number((ms.reduce((s, x) => s + x, 0) / RUNS).toFixed(3));
  medianMsPerNetwork[name] = Number(((ms[RUNS / 2 - 1] + ms[RUNS / 2]) / 2).toFixed(3));
}
process.stdout.write(JSON.stringify({
  bench: 'estimate', arch: archName, mapping: 'im2col', dup: 'auto', runs: RUNS, warmUpRuns: WARM_UP_RUNS,
  msPerNetwork, medianMsPerNetwork, firstRunMs, targetMs: { resnet50: 30 }, loadAverage1m: Number(loadavg()[0].toFixed(2)),
}) + '\n');
