// Public API of scripts/sweep: sweep files, per-index runs, local run-all, merge, cluster files.
export { parseSweep, loadSweep, expandGrid, chunkIndices, type SweepPoint } from './spec.js';
export { evaluatePoint, archForPoint, type PointResult, type NetCache } from './evaluatePoint.js';
export { runIndices, writeResultAtomic } from './run.js';
export { resultPath, resultsDir, defaultOut } from './paths.js';
export { isFinished, resultState, samePoint, type ResultState } from './resultState.js';
export { runAll, workerFile, type RunAllResult } from './runAll.js';
export { mergeResults, toCsv, writeMerged, METRIC_COLUMNS, type Merged, type MergedRow } from './merge.js';
export { slurmScript, k8sIndexedJob, chunks, type EmitOptions } from './emit.js';
export { pointProblem, sweepProblems } from './validatePoint.js';
