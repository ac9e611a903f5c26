// Public API of the cycle-level engine.
//   const result = simulate({ net, mapped, arch, tech, inputs, fidelity: 'exact' });
export { simulate, simulateYielding, type SimulateOptions } from './simulate.js';
export { checkFidelity, defaultFidelity, parseFidelity, FIDELITIES } from './fidelity.js';
export type { Fidelity } from './context.js';
export type { EngineResult, EngineLayerResult } from './types.js';
export { buildLayout, type CrossbarLayout, type Block } from './layout.js';
export { engineUnitEnergy, tallyEnergyPj, type OpTally } from './energy.js';
export { DEFAULT_ANALOG, analogProblem, type AnalogParams } from './compute/analog.js';
