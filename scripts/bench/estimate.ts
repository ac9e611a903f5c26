// Analytical-model benchmark: mapping + PPA time per network, excluding start-up and building the
// zoo network (weights are not part of the model). Prints one JSON line.
import { loadArch } from '../../hw/arch/index.js';
import { loadTech } from '../../hw/tech/load.js';
import { mapNetwork } from '../../hw/mapping/index.js';
import { estimate } from '../../hw/ppa/index.js';
import { getNetwork } from '../../workloads/zoo/index.js';

const NETWORKS = ['resnet50', 'alexnet', 'vgg16', 'resnet18'];
const archName = process.argv[2] ?? 'isaac';
const arch = loadArch(archName);
const tech = loadTech(arch.tech);
const msPerNetwork: Record<string, number> = {};
for (const name of NETWORKS) {
  const net = getNetwork(name);
  const run = () => estimate(mapNetwork(net, arch, { reload: true, batch: 16 }), arch, tech);
  run(); // warm-up: JIT, not the model
  const repeats = 10;
  const t0 = performance.now();
  for (let i = 0; i < repeats; i++) run();
  msPerNetwork[name] = Number(((performance.now() - t0) / repeats).toFixed(3));
}
process.stdout.write(JSON.stringify({ bench: 'estimate', arch: archName, mapping: 'im2col', dup: 'auto', msPerNetwork, targetMs: { resnet50: 100 } }) + '\n');
