// Public API of hw/ppa: the analytical model.
//   const analytical = estimate(mapNetwork(net, arch, options), arch, loadTech(arch.tech));
export * from './types.js';
export { estimate } from './estimate.js';
export { layerOpCounts, zeroCounts, addCounts } from './opCounts.js';
export { networkTiming, tailRows, type NetworkTiming, type LayerTiming } from './latency.js';
export { edgeFlows, flitPs, type EdgeFlow, type Route } from './flow.js';
export { resourceModel, pixelWork, ownStagePs, type ResourceModel, type LayerBound } from './resources.js';
export { unitEnergies, type UnitEnergies } from '../components/unitEnergies.js';
export { dynamicEnergyPj, sumEnergy } from './energy.js';
export { growArchToFit, compareReload, type ReloadComparison } from './compareReload.js';
export { inputActivityOf, measureInputActivity } from './activity.js';
