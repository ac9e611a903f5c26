// MappedNetwork: a network placed on a chip. Plain JSON-serializable data, the one input that the
// analytical model (hw/ppa) and the cycle-level engine (sim/engine) both consume, so they agree on
// what runs where. Counts are per image unless a name says otherwise.
import type { ReadShape } from '../timing.js';

/** How a conv's weights are unrolled into crossbar columns (docs/ppa-model.md, "Partitioning"). */
export type MappingScheme = 'im2col' | 'kernel-split';

/** Duplication policy: 'none' = one copy per layer, a number = that many copies of every
 *  crossbar layer (capped at its output pixels), 'auto' = greedy pipeline balancing, a record =
 *  copies per layer name (layers not named get one; hw/dse writes these after its search). */
export type DupPolicy = 'none' | 'auto' | number | Readonly<Record<string, number>>;

/** Execution order of layers and images (MapOptions.schedule). */
export type Schedule = 'pipelined' | 'layer-by-layer';

/** What executes a layer. */
export type LayerEngine =
  | 'crossbar' // analog MVM in ReRAM crossbars (conv2d, dense)
  | 'digitalMac' // digital MAC PEs of a hybrid tile (AERO)
  | 'digitalUnit' // tile digital units: pooling, residual add, standalone activation, concat
  | 'none'; // no work: the input layer, flatten (a relabelling of the same bytes)

/** Which tile digital unit kind a 'digitalUnit' layer runs on. */
export type DigitalUnitKind = 'maxPool' | 'avgPool' | 'residualAdd' | 'activation' | 'requantize';

export interface MapOptions {
  mapping: MappingScheme;
  dup: DupPolicy;
  /** Images per weight load when reloading (weight writes are amortized over them). */
  batch: number;
  /** Run in segments with weight reloading when the weights do not fit the crossbars. */
  reload: boolean;
  /** Layers forced onto digital MAC PEs; 'auto' = every depthwise conv when the arch has them. */
  digital: readonly string[] | 'auto';
  /** 'pipelined' (default): layers overlap, each starting as soon as its window's rows are in, and
   *  images stream. 'layer-by-layer': one layer at a time on one image (NeuroSim's pipeline=false):
   *  a layer starts when its producers have finished the whole image, the next image enters when
   *  the last layer is done, and layers' tiles hold whole feature maps (no back-pressure). */
  schedule?: Schedule;
  /** With kernel-split: a conv whose split would need more ADC conversions per pixel than
   *  im2col (Cin/g much smaller than the crossbar rows, e.g. a first conv) is mapped im2col
   *  ('im2col', the default), or split anyway ('never'). Each layer's partition.scheme says which. */
  kernelSplitFallback?: 'im2col' | 'never';
}

/** Geometry of a weight layer's matrix and its cut into crossbar blocks (one copy). */
export interface CrossbarPartition {
  scheme: MappingScheme;
  /** Conv groups (1 = dense conv, inChannels = depthwise). */
  groups: number;
  /** Groups packed block-diagonally into one crossbar (1 when one group needs a whole array). */
  groupsPerPack: number;
  /** Crossbar sets of packed groups: ceil(groups / groupsPerPack). */
  packs: number;
  /** Separate array sets fed the same input: Kh*Kw for kernel-split, 1 for im2col. */
  arraySets: number;
  /** Logical rows of one group in one array set: Cin/g*Kh*Kw (im2col) or Cin/g (kernel-split). */
  rowsPerGroup: number;
  /** Output channels of one group: Cout/g. */
  outChannelsPerGroup: number;
  /** Physical columns per weight: ceil(weightBits/cellBits), x2 for differential encoding. */
  columnsPerWeight: number;
  /** Whole weights per crossbar row: floor(cols / columnsPerWeight) (a weight never straddles arrays). */
  weightsPerCrossbarRow: number;
  /** Row blocks per pack per array set: ceil(groupsPerPack*rowsPerGroup / rows). */
  rowBlocks: number;
  /** Column blocks per pack per array set: ceil(groupsPerPack*Cout/g / weightsPerCrossbarRow). */
  colBlocks: number;
  /** Crossbars of one copy: packs * arraySets * rowBlocks * colBlocks. */
  crossbarsPerCopy: number;
  /** Sum over the copy's crossbars of used rows: DAC drives per input bit-plane per pixel. */
  rowsDrivenPerPlane: number;
  /** Sum over crossbars of ceil(usedRows/activeRows): crossbar reads per bit-plane per pixel. */
  readsPerPlane: number;
  /** Sum over crossbars of ceil(usedRows/activeRows)*usedCols: ADC conversions per bit-plane per pixel. */
  conversionsPerPlane: number;
  /** Max over crossbars of ceil(usedRows/activeRows): sequential reads per bit-plane. */
  readRoundsPerPlane: number;
  /** The distinct ways the copy's crossbars are read (reads per bit-plane, columns holding
   *  weights): what hw/timing.ts needs to time a pixel. */
  readShapes: ReadShape[];
  /** The copy's crossbars in the order they are placed (pack, array set, row block, column block),
   *  as runs of [count, shape]: which crossbars share an ADC when ADCs span crossbars. */
  readSequence: Array<[number, ReadShape]>;
  /** Sum over crossbars of usedRows*usedCols: cells holding weight bits (one copy). */
  cellsUsed: number;
  /** Rows programmed in one copy: sum over crossbars of used rows (reload write time). */
  rowsUsed: number;
}

/** Where a layer sits on the chip. */
export interface Placement {
  /** First and one-past-last PE index (global: tile * peCount + pe); equal for no PEs. */
  firstPe: number;
  endPe: number;
  /** Tiles the layer occupies, ascending. */
  tiles: number[];
  /** Mesh coordinates [x, y] of each tile's router (same order as tiles). */
  routers: Array<[number, number]>;
}

export interface MappedLayer {
  name: string;
  kind: string;
  inputs: string[];
  engine: LayerEngine;
  /** Output shape [C, H, W] or [F]; input shape of inputs[0] (empty for the input layer). */
  inShape: number[];
  outShape: number[];
  /** Kernel [Kh, Kw] and stride [Sh, Sw] of windowed layers ([1,1] otherwise). */
  kernel: [number, number];
  stride: [number, number];
  /** Padding [top, left, bottom, right] of windowed layers (zeros otherwise). */
  padding: [number, number, number, number];
  /** Multiply-accumulates per image (conv, dense). */
  macs: number;
  /** Output pixels per image: Ho*Wo (1 for dense). */
  outputPixels: number;
  /** Output values per image (product of outShape). */
  outputValues: number;
  /** Input values read from the tile buffer per image (im2col: unrolled windows; kernel-split: each input once). */
  inputValuesRead: number;
  /** Copies of the weights processing different output pixels in parallel (1 for non-weight layers). */
  duplication: number;
  /** Weight loads per batch for a layer larger than the whole chip (reloading only): its crossbar
   *  blocks are written in `folds` passes, each running every pixel for a share of them. 1 otherwise. */
  folds: number;
  /** Crossbar partition of one copy; absent unless engine = 'crossbar'. */
  partition?: CrossbarPartition;
  /** Crossbars occupied: duplication * crossbarsPerCopy (0 off the crossbars). */
  crossbars: number;
  /** PEs occupied (a layer starts on a fresh PE; PEs are not shared between layers). */
  pes: number;
  /** Digital units used for a 'digitalUnit' layer (per tile, on its one tile), or digital MAC lanes
   *  (duplication tiles x PEs x macsPerCycle) for a 'digitalMac' layer. */
  digitalLanes: number;
  digitalUnit?: DigitalUnitKind;
  /** Requantized output values (int32 -> int8) per image: conv, dense, add, avg pools. */
  requantizeOps: number;
  /** Activation-unit operations per image (fused ReLU or a relu layer). */
  activationOps: number;
  /** Digital-unit operations per image (comparisons, accumulations, additions). */
  digitalUnitOps: number;
  /** Bytes of input rows buffered before the layer can start (line buffer), see docs. */
  lineBufferBytes: number;
  /** Segment (weight load) the layer runs in; 0 when everything fits. */
  segment: number;
  placement: Placement;
}

/** A producer -> consumer edge of the inter-layer pipeline. */
export interface PipelineEdge {
  from: string;
  to: string;
  /** XY hops between the producer's last tile's router and the consumer's first tile's router. */
  hops: number;
  /** True when the two tiles differ (the data crosses at least one router). */
  crossesNoc: boolean;
  /** Bits moved per image: producer output values * inputBits. */
  bits: number;
  /** Flits per image: ceil(bits / flitBits). */
  flits: number;
  /** True when producer and consumer are in different segments (data parked off chip). */
  crossesSegment: boolean;
}

/** A set of layers whose weights are resident together. */
export interface Segment {
  index: number;
  layers: string[];
  crossbars: number;
  pes: number;
  /** Cells and rows programmed before the segment runs (0 when weights are stationary). */
  cellsWritten: number;
  /** Time to program the segment: PEs in parallel, rows of one PE one after another, ps. */
  writeLatencyPs: number;
  /** Per image: bits of earlier segments' outputs read back from off chip for this segment, and
   *  bits of its outputs written off chip for later ones (one edge = one transfer each way). */
  parkedInBits: number;
  parkedOutBits: number;
}

export interface MappedNetwork {
  /** Format version for the engine. */
  format: 1;
  network: string;
  arch: string;
  tech: string;
  options: MapOptions;
  precision: { weightBits: number; inputBits: number; cellBits: number; dacBits: number; weightEncoding: 'offset' | 'differential'; inputBitPlanes: number };
  budget: {
    crossbarsAvailable: number;
    pesAvailable: number;
    /** Crossbars needed with one copy per layer (all layers at once). */
    crossbarsNeededNoDup: number;
    crossbarsUsed: number;
    pesUsed: number;
  };
  /** True when segments > 1 (weights are written during inference). */
  reloading: boolean;
  /** Cell programming cost used for reloading, and where it came from. */
  cellWrite: { energyPjPerCell: number; latencyPsPerRow: number; source: string };
  /** Off-chip links that carry parked tensors (hw/mapping/offChip.ts): the arch's count, the count
   *  timed and charged (1 when the arch has none: `assumed`), per-link and total bandwidth in each
   *  direction, and where the figure came from. */
  offChip: { kind: string; links: number; timedLinks: number; assumed: boolean; linkBandwidthBytesPerS: number; bandwidthBytesPerS: number; source: string };
  layers: MappedLayer[];
  edges: PipelineEdge[];
  segments: Segment[];
  /** Things the user should know (a unit kind missing on the tile, a line buffer over its tiles' buffers). */
  warnings: string[];
}
