// Public API of scripts/sweep: sweep files, per-index runs, local run-all, merge, cluster files.
export { parseSweep, loadSweep, expandGrid, chunkIndices, type SweepPoint } from './spec.js';
;
export { runIndices,  } from './run.js';
export { resultPath,  defaultOut } from './paths.js';
;
export { runAll, workerFile,  } from './runAll.js';
export { mergeResults, toCsv, writeMerged,    } from './merge.js';
export { slurmScript, k8sIndexedJob, chunks,  } from './emit.js';
export {  sweepProblems } from './validatePoint.js';
