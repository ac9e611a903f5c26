// DSE benchmark: one analytical design-point evaluation (map + PPA of a synthesized design, as the
// search does it: budget fit, annealed duplication, estimate) for AlexNet, VGG-16 and ResNet-18,
// then a full synthesis of AlexNet with the CLI's defaults (target < 60 s on 2 cores; PIMSYN's
// Python needs 0.6-6.4 min per design point). Excludes building the zoo networks. One JSON line.
import { loadArch } from '../../hw/arch/index.js';
import { loadTech } from '../../hw/tech/load.js';
import { chipTotals } from '../../hw/arch/index.js';
import { evaluateGenome, genomeNear, synthesize, type EvalContext } from '../../hw/dse/index.js';
import { getNetwork } from '../../workloads/zoo/index.js';

const base = loadArch('isaac');
const tech = loadTech(base.tech);
const msPerDesignPoint: Record<string, number> = {};
for (const name of ['alexnet', 'vgg16', 'resnet18']) {
  const net = getNetwork(name);
  const ctx: EvalContext = {
    net, base, tech, budget: { powerW: chipTotals(base, tech).powerW }, objective: 'tops-per-w',
    mapping: 'im2col', batch: 1, annealSteps: 1000, seed: 1,
  };
  const g = genomeNear(base);
  evaluateGenome(g, ctx); // warm-up: JIT, not the model
  const repeats = 10;
  const t0 = performance.now();
  for (let i = 0; i < repeats; i++) evaluateGenome({ ...g, budgetShare: i % 4 }, ctx);
  msPerDesignPoint[name] = Number(((performance.now() - t0) / repeats).toFixed(2));
}
const alexnet = getNetwork('alexnet');
const r = synthesize(alexnet, { seed: 1 });
process.stdout.write(JSON.stringify({
  bench: 'explore',
  msPerDesignPoint,
  alexnetSynthesis: {
    wallS: Number(r.wallS.toFixed(2)),
    evaluated: r.evaluated,
    designsPerS: Number((r.evaluated / r.wallS).toFixed(1)),
    bestTopsPerW: Number(r.best.metrics.topsPerW.toFixed(3)),
    isaacTopsPerW: Number(r.baseline.metrics.topsPerW.toFixed(3)),
    best: r.best.arch.description,
    targetS: 60,
  },
}) + '\n');
