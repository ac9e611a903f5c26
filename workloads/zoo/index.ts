// The model zoo in one import.
export { describeNetwork, getNetwork,   isZooNetwork } from './registry.js';
;
;
;
;
;
;
;
;
export { ZooBuilder,    } from './scales.js';
;
