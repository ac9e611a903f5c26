// Report-shaped chart inputs: an 8-layer VGG-8-like network with made-up but plausible numbers.
import type { ChartReport, OccupancyInterval, ParetoPoint } from '../../../traces/charts/index.js';

const LAYERS = ['conv1', 'conv2', 'conv3', 'conv4', 'conv5', 'conv6', 'fc1', 'fc2'];
const KINDS = ['crossbar', 'adc', 'dac', 'shift-add', 'buffer', 'router', 'digital'];

export function syntheticReport(scale = 1): ChartReport {
  const layers = LAYERS.map((name, l) => {
    const energyPjByKind: Record<string, number> = {};
    KINDS.forEach((kind, k) => (energyPjByKind[kind] = scale * (1000 + 400 * ((l * 7 + k * 3) % 5)) * (k === 1 ? 3 : 1)));
    const energyPj = Object.values(energyPjByKind).reduce((a, b) => a + b, 0);
    return { name, latencyNs: scale * (800 + 350 * ((l * 5) % 7)), energyPj, energyPjByKind };
  });
  const energyPj: Record<string, number> = {};
  for (const kind of KINDS) energyPj[kind] = layers.reduce((sum, layer) => sum + layer.energyPjByKind[kind], 0);
  return {
    breakdown: { energyPj, areaMm2: { crossbar: 12.4, adc: 28.1, dac: 2.2, 'shift-add': 1.6, buffer: 9.8, router: 4.1, digital: 3.3 } },
    layers,
  };
}

export function syntheticOccupancy(images = 5): OccupancyInterval[] {
  const intervals: OccupancyInterval[] = [];
  for (let image = 0; image < images; image++) {
    LAYERS.forEach((layer, l) => intervals.push({ layer, image, startNs: image * 1500 + l * 600, endNs: image * 1500 + l * 600 + 1300 }));
  }
  return intervals;
}

export function syntheticParetoPoints(): ParetoPoint[] {
  const points: ParetoPoint[] = [];
  for (let i = 0; i < 40; i++) {
    const duplication = 1 + (i % 8);
    const adcs = 1 + Math.floor(i / 8);
    const latencyUs = 200 / duplication + 15 * ((i * 13) % 7) / adcs;
    const energyUj = 20 + 3 * duplication + 4 * adcs + ((i * 7) % 5);
    points.push({ x: Number(latencyUs.toFixed(2)), y: Number(energyUj.toFixed(2)), label: `d${duplication}/a${adcs}` });
  }
  return points;
}
