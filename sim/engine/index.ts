// Public API of the cycle-level engine.
//   const result = simulate({ net, mapped, arch, tech, inputs, fidelity: 'exact' });
export { simulate, simulateYielding,  } from './simulate.js';
export { checkFidelity, defaultFidelity, parseFidelity,  } from './fidelity.js';
export type { Fidelity } from './context.js';
export type { EngineResult,  } from './types.js';
;
;
export { DEFAULT_ANALOG, analogProblem, type AnalogParams } from './compute/analog.js';
