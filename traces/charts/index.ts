// Public API of the charts: PNG Buffers from report-shaped data, and a helper writing them to a dir.
export { areaBreakdownConfig, renderAreaBreakdown } from './areaBreakdown.js';
export { energyBreakdownConfig, renderEnergyBreakdown } from './energyBreakdown.js';
export { latencyComparisonConfig, renderLatencyComparison } from './latencyComparison.js';
export { occupancyFromTrace } from './occupancyFromTrace.js';
export { accuracySweepConfig, renderAccuracySweep, type AccuracyChart, type AccuracySeries } from './accuracySweep.js';
export { paretoConfig, paretoFront, renderPareto } from './pareto.js';
export { pipelineOccupancyConfig, renderPipelineOccupancy } from './pipelineOccupancy.js';
export { DEFAULT_CHART_SIZE, renderPng } from './render.js';
export type { ChartLayer, ChartReport, ChartSize, OccupancyInterval, ParetoAxes, ParetoPoint } from './types.js';
export { writeCharts, type ChartsInput } from './writeCharts.js';
