// Output of the analytical model: the `analytical` object of the report contract
// (docs/architecture.md, Contracts) plus op counts and shares. Units are in every name.
import type { CountedOps } from '../components/price.js';

/**
 * Operation counts per image, by what is counted (docs/ppa-model.md has each closed form). Row
 * drives are the rows x planes of every read times the input activity; flit hops are per packet
 * flits x (hops + 1), tile that computed it to the band that reads it; cell writes are segment
 * writes / batch.
 */
export interface OpCounts extends CountedOps {
  /** Buffer accesses of bandwidthBitsPerCycle bits. */
  bufferReads: number;
  bufferWrites: number;
  /** Pool-unit operations (the layer's digital unit says which kind). */
  poolOps: number;
  /** Output-buffer accesses of its bandwidthBitsPerCycle bits: the network's result, per pixel. */
  outputBufferWrites: number;
}

/** Energy breakdown keys: the roll-up's component kinds plus cell writes and leakage. */
export const ENERGY_KINDS = [
  'crossbar', 'dac', 'sampleHold', 'adc', 'shiftAdd', 'register', 'buffer', 'bus', 'router',
  'activation', 'pool', 'residualAdd', 'requantize', 'digitalMac', 'offChipLink', 'cellWrite', 'leakage',
] as const;
export type EnergyKind = (typeof ENERGY_KINDS)[number];

/**
 * Input activity: the fraction of a crossbar layer's (row, input bit-plane) digits that are not 0,
 * i.e. of the DAC row drives that happen (NeuroSim drives only the rows whose input bit is 1).
 * Assumed (default 0.5), or measured per layer on real inputs by the integer reference.
 */
export interface InputActivity {
  source: 'assumed' | 'measured';
  /** For layers not in perLayer. */
  defaultActivity: number;
  perLayer?: Readonly<Record<string, number>>;
}

export const ASSUMED_ACTIVITY: InputActivity = { source: 'assumed', defaultActivity: 0.5 };

export interface EstimateOptions {
  activity?: InputActivity;
}

export interface LayerEstimate {
  name: string;
  kind: string;
  engine: string;
  macs: number;
  crossbars: number;
  duplication: number;
  /** Per-image time of the layer's pipeline stage: its own work or the busiest shared resource it uses. */
  latencyNs: number;
  /** What sets the stage time: 'crossbars', 'digital units', 'digital MACs', or a shared resource
   *  such as 'tile 4 avgPool' or 'link (2,0) x+'. */
  bottleneck: string;
  /** Dynamic energy of the layer per image (leakage is chip-wide, in breakdown.energyPj.leakage). */
  energyPj: number;
  /** When the layer starts and finishes on the first image (pipeline fill), from its segment's start. */
  startNs: number;
  endNs: number;
  segment: number;
  opCounts: OpCounts;
}

export interface Analytical {
  /** The input activity the DAC row drives were counted with. */
  inputActivity: InputActivity;
  areaMm2: number;
  /** First image in to its result out, with the pipeline fill (and weight writes when reloading). */
  latencyNs: number;
  /** Steady-state time between images (per image, amortized over the batch when reloading). */
  intervalNs: number;
  fps: number;
  energyPjPerImage: number;
  dynamicEnergyPjPerImage: number;
  /** 2 ops per MAC. */
  tops: number;
  topsPerW: number;
  topsPerMm2: number;
  /** ADC share of dynamic energy, %. */
  adcEnergySharePct: number;
  /** ADC + DAC share of dynamic energy, % (PIMSYN and NeuroSim report over 60%). */
  adcDacEnergySharePct: number;
  macs: number;
  mapping: string;
  duplicationPolicy: string;
  batch: number;
  segments: number;
  reloading: boolean;
  crossbarsUsed: number;
  crossbarsAvailable: number;
  /** Tensors parked off chip between segments (reloading; zeros otherwise): links in the arch and
   *  links timed (1 when the arch has none: `assumedLink`, with a warning), bandwidth each way,
   *  bits per image each way, the time parking adds per batch and its share of the batch time. */
  offChip: {
    links: number; timedLinks: number; assumedLink: boolean; bandwidthBytesPerS: number;
    parkedBitsPerImage: number; parkNsPerBatch: number; parkSharePct: number;
  };
  breakdown: { energyPj: Record<EnergyKind, number>; areaMm2: Record<string, number> };
  /** What sets the interval: the slowest stage's layer and its bottleneck (per segment when reloading: the slowest). */
  intervalBound: { layer: string; resource: string; busyNs: number };
  /** The busiest shared resources per image (tile buffer ports, buses, digital units, NoC links),
   *  with the layers that use them, busiest first (at most 8). */
  busiestResources: Array<{ resource: string; busyNs: number; layers: string[] }>;
  opCounts: OpCounts;
  layers: LayerEstimate[];
  warnings: string[];
}
