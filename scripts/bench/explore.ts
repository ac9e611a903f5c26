// DSE benchmark: one analytical design-point evaluation (map + PPA of a synthesized design, as the
// search does it: budget fit, annealed duplication, estimate) for AlexNet, VGG-16 and ResNet-18,
// then a full synthesis of AlexNet with the CLI's defaults and seed 1 (target: 200 designs/s on
// 2 cores; PIMSYN's Python needs 0.6-6.4 min per design point). Excludes building the zoo
// networks. One JSON line: designs/s and the best design, whose every field must stay the same
// for the seed (the golden test holds a hash of the whole result), and the load average.
import { loadavg } from 'node:os';
import { loadArch } from '../../hw/arch/index.js';
import { loadTech } from '../../hw/tech/load.js';
import { chipTotals } from '../../hw/arch/index.js';
import { formatDup } from '../../hw/mapping/index.js';
import { evaluateGenome, genomeNear, synthesize, type EvalContext } from '../../hw/dse/index.js';
import { genomeKey } from '../../hw/dse/space.js';
import { getNetwork } from '../../workloads/zoo/index.js';

const SEED = 1;
const base = loadArch('isaac');
const tech = loadTech(base.tech);
const msPerDesignPoint: Record<string, number> = {};
for (const name of ['alexnet', 'vgg16', 'resnet18']) {
  const net = getNetwork(name);
  const ctx: EvalContext = {
    net, base, tech, budget: { powerW: chipTotals(base, tech).powerW }, objective: 'tops-per-w',
    mapping: 'im2col', batch: 1, annealSteps: 1000, seed: SEED,
  };
  const g = genomeNear(base);
  evaluateGenome(g, ctx); // warm-up: JIT, not the model
  const repeats = 10;
  const t0 = performance.now();
  for (let i = 0; i < repeats; i++) evaluateGenome({ ...g, budgetShare: i % 4 }, ctx);
  msPerDesignPoint[name] = Number(((performance.now() - t0) / repeats).toFixed(2));
}
const alexnet = getNetwork('alexnet');
const r = synthesize(alexnet, { seed: SEED });
process.stdout.write(JSON.stringify({
  bench: 'explore',
  msPerDesignPoint,
  alexnetSynthesis: {
    seed: SEED,
    wallS: Number(r.wallS.toFixed(2)),
    evaluated: r.evaluated,
    designsPerS: Number((r.evaluated / r.wallS).toFixed(1)),
    targetDesignsPerS: 200,
    bestTopsPerW: r.best.metrics.topsPerW,
    isaacTopsPerW: Number(r.baseline.metrics.topsPerW.toFixed(3)),
    best: r.best.arch.description,
    bestGenome: genomeKey(r.best.genome),
    bestDup: formatDup(r.best.options.dup),
  },
  loadAverage1m: Number(loadavg()[0].toFixed(2)),
}) + '\n');
