// What the engine returns: outputs, timing measured from events, counted operations and energy.
import type { StatEntry } from '../kernel/index.js';
import type { OpTally } from './energy.js';
import type { Fidelity } from './context.js';

export interface EngineLayerResult {
  name: string;
  kind: string;
  engine: string;
  macs: number;
  crossbars: number;
  duplication: number;
  /** Per image: first pixel start and last pixel end, ps. */
  firstStartPs: number[];
  lastEndPs: number[];
  /** Busiest lane's busy time per image (comparable to the analytical stage time), ps. */
  stagePs: number;
  /** Dynamic energy per image, pJ. */
  energyPj: number;
  /** The same by component kind (the report's breakdown keys), pJ per image. */
  energyPjByKind: Record<string, number>;
  tally: OpTally;
  /** Time the layer waited, by cause, summed over the run, ps (noc: its output packets on links). */
  waitsPs: Record<string, number>;
}

export interface EngineResult {
  network: string;
  arch: string;
  fidelity: Fidelity;
  images: number;
  outputs: Int8Array[];
  /** When each image's result was out (last output written), ps; image 0 enters at 0. */
  imageEndPs: number[];
  latencyPs: number;
  /** Mean time between consecutive results over all images; with one image, the busy time of the
   *  busiest lane or shared resource (link, ejection port, tile buffer port, bus, unit bank). */
  intervalPs: number;
  intervalSource: 'measured' | 'busiest-stage' | 'batch-amortized';
  /** Median gap between consecutive results (the interval without the fill and drain), ps. */
  steadyIntervalPs: number;
  /** With reloading: the off-chip links' bandwidth (each way), bits parked and read back, and their
   *  busy time over the run (actors/offChip.ts). */
  offChip?: { bandwidthBytesPerS: number; outBits: number; inBits: number; outBusyPs: number; inBusyPs: number; inWaitPs: number };
  layers: EngineLayerResult[];
  /** Per image, pJ. */
  energyPj: Record<string, number>;
  dynamicEnergyPjPerImage: number;
  leakageMw: number;
  simulatedPs: number;
  events: number;
  wallS: number;
  stats: StatEntry[];
  /** Finite buffers under back-pressure: the most each held (credit pools), and how often they refused. */
  buffers: BufferUse[];
  /** Line buffers that needed more than their share of a tile buffer (build.ts). */
  bufferWarnings: string[];
}

export interface BufferUse {
  /** `layer.<name>@tile<t>` (a line buffer) or `tile<t>.outputBuffer` (packets not yet ejected). */
  name: string;
  capacityBits: number;
  maxUsedBits: number;
  refusals: number;
  /** Credits granted beyond capacity (0 when the buffer was big enough). */
  overflowGrants: number;
}
