// Public API of hw/mapping: place a network on a chip.
//   const mapped = mapNetwork(net, loadArch('isaac'), { mapping: 'kernel-split', dup: 'auto' });
export * from './types.js';
export { mapNetwork,  formatDup } from './mapNetwork.js';
export { partitionWeights,   } from './partition.js';
export { stageTimePs, pixelTimePs,  pesFor,   } from './stageTime.js';
export { routerOf, hopsBetween } from './placement.js';
export { chipPes,  } from './segments.js';
;
export { parseMapFlags, type MapFlags } from './options.js';
export {    rowBands,   } from './copies.js';
export { copySpans,  lineBuffers, partialSumBits,     } from './spans.js';
export { crossbarConversion } from './conversion.js';
