// Public API of hw/dse: design-space exploration.
//   const r = synthesize(getNetwork('alexnet'), { objective: 'tops-per-w', seed: 1 });
//   writeDesign('out', r, 'alexnet');                      // out/arch.json + out/mapping.json
//   exploreBudgets(net, loadArch('aero-hybrid'), parseCrossbarBudgets('100%,50%,25%'));
export { OBJECTIVES, parseObjective, metricsOf, score, type Objective, type DesignMetrics } from './objective.js';
export { GENE_CHOICES, buildArch, genomeNear, randomGenome, breed, meshFor, type Genome } from './space.js';
export { annealDuplication, type AnnealOptions, type AnnealResult } from './anneal.js';
export { evaluateGenome, tilesForBudget, type Budget, type Candidate, type EvalContext } from './evaluate.js';
export { synthesize, evaluateBaseline, type SynthesisOptions, type SynthesisProgress, type SynthesisResult } from './synthesize.js';
export { writeDesign, type WrittenDesign } from './write.js';
export { exploreBudgets, parseCrossbarBudgets, withTiles, type AeroPoint, type AeroResult, type AeroOptions, type CrossbarBudget } from './aero.js';
