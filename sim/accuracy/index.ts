// Public API of accuracy studies: sweep axes, top-k ranking, the study on one pool of threads.
export { archAt, fullPath, parseSweep, sweepPoints,  type SweepAxis } from './axes.js';
export { countHits, labelRank,  } from './topk.js';
export { runStudy, spread,  type Spread, type StudyFidelity, type StudyInput, type StudyResult } from './study.js';
export { floatAccuracy, type FloatAccuracy } from './float.js';
export { designTop1Meter } from './designTop1.js';
