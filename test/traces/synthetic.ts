// Synthetic chip activity for trace tests: a deterministic pipeline of layers over 2 tiles x 2 PEs,
// with overlapping ADC conversions, NoC packets with flows, buffer occupancy and known energies.
import { PerfettoTraceWriter, type PerfettoWriterOptions } from '../../traces/perfetto/writer.js';

export interface SyntheticFeed {
  /** Energy fed per component kind, per layer and per tile ("tile 0", "chip-level"), in pJ. */
  readonly energyPjByKind: Map<string, number>;
  readonly energyPjByLayer: Map<string, number>;
  readonly energyPjByTile: Map<string, number>;
  readonly totalEnergyPj: number;
  /** Layer busy intervals [startPs, endPs) as fed (one per layer and image). */
  readonly layerIntervalsPs: { layer: string; image: number; startPs: number; endPs: number }[];
  readonly lastTimePs: number;
}

const LAYERS = ['conv1', 'conv2', 'fc'];

function add(map: Map<string, number>, key: string, value: number): void {
  map.set(key, (map.get(key) ?? 0) + value);
}

/** Writes `images` images of synthetic activity to `path`; returns what was fed. */
export function writeSyntheticTrace(path: string, options: PerfettoWriterOptions = {}, images = 3): SyntheticFeed {
  const writer = PerfettoTraceWriter.open(path, { title: 'synthetic', ...options });
  const energyPjByKind = new Map<string, number>();
  const energyPjByLayer = new Map<string, number>();
  const energyPjByTile = new Map<string, number>();
  let totalEnergyPj = 0;
  const layerIntervalsPs: SyntheticFeed['layerIntervalsPs'] = [];

  const tiles = [0, 1].map((t) => writer.tileTrack(t));
  const pes = tiles.map((tile) => [0, 1].map((p) => writer.peTrack(tile, p)));
  const xbars = pes.map((row) => row.map((pe) => writer.componentTrack(pe, 'crossbar 0', 'crossbar')));
  const adcs = pes.map((row) => row.map((pe) => writer.componentTrack(pe, 'adc group 0', 'adc')));
  const buffers = tiles.map((tile) => writer.counterTrack(tile, 'input buffer occupancy', 'B'));
  const router = writer.componentTrack(writer.chip, 'noc router 0-1', 'router');
  const link = writer.counterTrack(writer.chip, 'noc link 0->1 load', 'flits');

  const spend = (energyPj: number, timePs: number, kind: string, tileIndex: number | null, layer: string): void => {
    writer.addEnergy(energyPj, timePs, tileIndex === null ? { kind, layer } : { kind, layer, tile: tiles[tileIndex] });
    add(energyPjByKind, kind, energyPj);
    add(energyPjByLayer, layer, energyPj);
    add(energyPjByTile, tileIndex === null ? 'chip-level' : `tile ${tileIndex}`, energyPj);
    totalEnergyPj += energyPj;
  };

  // Each image walks the layers; layer l of image i starts at i*4000 + l*3000 ps (pipelined, so
  // layer tracks see images overlap) and lasts 5000 ps.
  const events: { timePs: number; run: () => void }[] = [];
  for (let image = 0; image < images; image++) {
    LAYERS.forEach((layer, l) => {
      const startPs = image * 4000 + l * 3000;
      const tileIndex = l % 2;
      layerIntervalsPs.push({ layer, image, startPs, endPs: startPs + 5000 });
      events.push({
        timePs: startPs,
        run: () => {
          writer.slice(writer.layerTrack(layer), `${layer} image ${image}`, startPs, 5000, { layer, image });
          writer.slice(tiles[tileIndex], layer, startPs, 4500, { layer, image });
          writer.counter(buffers[tileIndex], 64 * (image + 1), startPs);
          spend(12.5, startPs, 'crossbar', tileIndex, layer);
          spend(3.25, startPs, 'adc', tileIndex, layer);
        },
      });
      for (let pe = 0; pe < 2; pe++) {
        events.push({ timePs: startPs + 100, run: () => writer.slice(xbars[tileIndex][pe], 'mvm', startPs + 100, 2000, { layer, image }) });
        // Two ADC conversions overlap on one ADC group: the writer splits them into slots.
        for (const offsetPs of [200, 700]) {
          events.push({
            timePs: startPs + offsetPs,
            run: () => writer.slice(adcs[tileIndex][pe], 'convert', startPs + offsetPs, 1500, { layer, image, bits: 8 }),
          });
        }
      }
      events.push({
        timePs: startPs + 4600,
        run: () => {
          const flow = writer.newFlowId();
          writer.slice(router, 'packet', startPs + 4600, 300, { layer, image, flits: 4 }, { flowIds: [flow] });
          writer.counter(link, 4, startPs + 4600);
          spend(0.75, startPs + 4600, 'router', null, layer);
        },
      });
      events.push({ timePs: startPs + 4900, run: () => writer.counter(link, 0, startPs + 4900) });
    });
  }
  events.sort((a, b) => a.timePs - b.timePs);
  let lastTimePs = 0;
  for (const event of events) {
    event.run();
    lastTimePs = event.timePs;
  }
  writer.close();
  return { energyPjByKind, energyPjByLayer, energyPjByTile, totalEnergyPj, layerIntervalsPs, lastTimePs };
}
