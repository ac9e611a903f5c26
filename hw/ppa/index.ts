// Public API of hw/ppa: the analytical model.
//   const analytical = estimate(mapNetwork(net, arch, options), arch, loadTech(arch.tech));
export * from './types.js';
export { estimate } from './estimate.js';
export {  zeroCounts,  } from './opCounts.js';
export { networkTiming, tailRows,   } from './latency.js';
export { edgeFlows,    } from './flow.js';
export {  pixelWork,    } from './resources.js';
export { unitEnergies,  } from '../components/unitEnergies.js';
export { dynamicEnergyPj,  } from './energy.js';
export { growArchToFit, compareReload,  } from './compareReload.js';
export { inputActivityOf, measureInputActivity } from './activity.js';
