// Public API of the charts: PNG Buffers from report-shaped data, and a helper writing them to a dir.
export { areaBreakdownConfig, renderAreaBreakdown } from './areaBreakdown.js';
export { energyBreakdownConfig, renderEnergyBreakdown } from './energyBreakdown.js';
export {  renderLatencyComparison } from './latencyComparison.js';
export { occupancyFromTrace } from './occupancyFromTrace.js';
export { accuracySweepConfig, renderAccuracySweep, type AccuracyChart,  } from './accuracySweep.js';
export { paretoConfig, paretoFront, renderPareto } from './pareto.js';
export {  renderPipelineOccupancy } from './pipelineOccupancy.js';
export { DEFAULT_CHART_SIZE,  } from './render.js';
export type {  ChartReport,  OccupancyInterval,  ParetoPoint } from './types.js';
export { writeCharts,  } from './writeCharts.js';
