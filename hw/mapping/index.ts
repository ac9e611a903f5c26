// Public API of hw/mapping: place a network on a chip.
//   const mapped = mapNetwork(net, loadArch('isaac'), { mapping: 'kernel-split', dup: 'auto' });
export * from './types.js';
export { mapNetwork, DEFAULT_MAP_OPTIONS, formatDup } from './mapNetwork.js';
export { partitionWeights, type CrossbarGeometry, type WeightShape } from './partition.js';
export { stageTimePs, pixelTimePs, busTimePs, pesFor, cyclePs, digitalMacLanes } from './stageTime.js';
export { routerOf, hopsBetween } from './placement.js';
export { chipPes, chipCrossbars } from './segments.js';
export { bytesPerValue } from './layers.js';
export { parseMapFlags, type MapFlags } from './options.js';
export { copyTiles, tileShares, bandTiles, rowBands, inputRowsOf, outputRows } from './copies.js';
export { copySpans, layerSpans, lineBuffers, partialSumBits, type CopySpan, type LayerSpans, type SpanPart, type LineBufferTile } from './spans.js';
export { crossbarConversion } from './conversion.js';
