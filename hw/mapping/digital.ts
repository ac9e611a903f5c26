// Which weight layers run on the digital MAC PEs of hybrid tiles (AERO) instead of crossbars.
// 'auto' sends depthwise convs there: a depthwise kernel fills Kh*Kw rows of a 128-row array, so
// crossbars waste most of their cells and ADC conversions on it, while a digital MAC does not.
import { OhmflowError } from '../../workloads/errors.js';
import type { Arch } from '../arch/schema.js';
import type { MappedLayer, MapOptions } from './types.js';

function isDepthwise(layer: MappedLayer): boolean {
  return layer.kind === 'conv2d' && layer.partition !== undefined && layer.partition.groups > 1
    && layer.partition.groups === layer.inShape[0] && layer.partition.outChannelsPerGroup === 1;
}

/** Moves the chosen layers to engine 'digitalMac' (partition dropped); others unchanged. */
export function assignDigital(layers: readonly MappedLayer[], arch: Arch, digital: MapOptions['digital']): readonly MappedLayer[] {
  const lanes = arch.tile.digitalMacPes ? arch.tile.digitalMacPes.count * arch.tile.digitalMacPes.macsPerCycle : 0;
  let chosen: Set<string>;
  if (digital === 'auto') {
    if (lanes === 0) return layers;
    chosen = new Set(layers.filter(isDepthwise).map((l) => l.name));
  } else {
    chosen = new Set(digital);
    if (chosen.size === 0) return layers;
    if (lanes === 0) {
      throw new OhmflowError(`layers ${[...chosen].join(', ')} were sent to digital MAC PEs but arch "${arch.name}" has none`, {
        field: '--digital',
        fix: 'drop --digital, or use an arch with tile.digitalMacPes (e.g. the aero-hybrid preset)',
      });
    }
    for (const name of chosen) {
      const layer = layers.find((l) => l.name === name);
      if (!layer || layer.engine !== 'crossbar') {
        throw new OhmflowError(`"${name}" is not a conv2d or dense layer of the network`, {
          field: '--digital',
          fix: `name weight layers, e.g. ${layers.filter((l) => l.engine === 'crossbar').slice(0, 3).map((l) => l.name).join(',')}`,
        });
      }
    }
  }
  return layers.map((l) => {
    if (!chosen.has(l.name)) return l;
    const { partition: _dropped, ...rest } = l;
    return { ...rest, engine: 'digitalMac' as const };
  });
}
