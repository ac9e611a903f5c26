// Public API of hw/dse: design-space exploration.
//   const r = synthesize(getNetwork('alexnet'), { objective: 'tops-per-w', seed: 1 });
//   writeDesign('out', r, 'alexnet');                      // out/arch.json + out/mapping.json
//   exploreBudgets(net, loadArch('aero-hybrid'), parseCrossbarBudgets('100%,50%,25%'));
export { OBJECTIVES, parseObjective,   type Objective, type DesignMetrics } from './objective.js';
export {  buildArch, genomeNear, randomGenome,    } from './space.js';
;
export { budgetText, evaluateGenome,  type EvalContext } from './evaluate.js';
export { synthesize,    type SynthesisResult } from './synthesize.js';
export { writeDesign,  } from './write.js';
export { exploreBudgets, parseCrossbarBudgets,   type AeroResult,   } from './aero.js';
