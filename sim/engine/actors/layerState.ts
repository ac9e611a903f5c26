// The state a layer actor keeps per image, lane, band and replica, and its event kinds (shared
// by LayerActor and its subclasses).
import type { CreditPool } from '../credits.js';

export const PACKET = 1;
export const DONE = 2;
export const FETCHED = 3;
/** Credit came back somewhere this layer was refused: try its held pixels again. */
export const RETRY = 4;
/** A packet forwarded to one of the band's replicas arrived. */
export const FORWARD = 5;
/** Partial sums of a copy spanning tiles arrived (CrossbarLayerActor). */
export const SUMS = 6;
/** A copy's pixel starts its read rounds on PEs whose ADCs span crossbars (CrossbarLayerActor). */
export const STARTED = 7;

/** Input as [C, H, W] (vectors as [F, 1, 1]). */
export interface SlotShape {
  c: number;
  h: number;
  w: number;
}

export function asChw(shape: readonly number[]): SlotShape {
  return shape.length === 3 ? { c: shape[0], h: shape[1], w: shape[2] } : { c: shape.reduce((p, d) => p * d, 1), h: 1, w: 1 };
}

export interface ImageState {
  index: number;
  /** The image's input values (functional data; where they sit is tracked per band below). */
  inputs: Int8Array[];
  /** Pixels of each input row received by each band: [slot][band][row]. */
  rowCount: Int32Array[][];
  /** When the latest write into each band's buffer became readable, ps. */
  availablePs: number[];
  /** Layer by layer: per band, every input row its windows read has arrived. */
  complete: boolean[];
  /** Per replica: pixels of each input row it has, [replica][slot][row], and when its latest
   *  write became readable, ps. */
  replicaRows: Int32Array[][];
  replicaAvailablePs: number[];
  /** Pixels dispatched so far per band (the band's k-th pixel is in row rows[k / W]). */
  nextPixel: Int32Array;
  donePixels: number;
  firstStartPs: number;
  lastEndPs: number;
  /** Its trace slice has begun. */
  traced: boolean;
  /** Bits of each input row holding line-buffer credit, [slot][band][row] (back-pressure; all
   *  channels: the band and each replica hold their share of them). */
  heldBits: Float64Array[][];
}

export interface Lane {
  tile: number;
  band: number;
  inFlight: number;
  /** Of those, the ones its lookahead counts: fetched or computing (not yet in the output stage),
   *  or refused credit after it (outbox.ts). */
  computing: number;
  /** Pixels it may hold past its compute (merging, requantizing) besides the LANE_DEPTH before
   *  it; 0: a pixel counts as computing until it is sent. */
  outputDepth: number;
  /** When this lane's private compute (crossbars, or the pipelined unit chain) is next free, ps. */
  freePs: number;
  busyPs: number;
}

export interface Band {
  tile: number;
  lanes: Lane[];
  /** Output rows of this band, ascending. */
  rows: number[];
  /** Image this band is dispatching. */
  current: number;
  nextLane: number;
  /** The tile input buffer its line buffer lives in (credits in bits, shared by the tile's bands). */
  buffer: CreditPool;
  /** Its own share of that buffer: rows it does not need yet are admitted only within it, so a
   *  producer running ahead into one line buffer cannot take the room another needs. */
  share: CreditPool;
  /** Per band row index k: the [slot, input row] pairs whose last reader in this band is row k
   *  (freed once row k is dispatched). */
  releaseAfter: Array<Array<[number, number]>>;
}

/** A copy of the band's line buffer on another tile of the layer. */
export interface Replica {
  tile: number;
  /** Share of each input pixel's channels it keeps. */
  fraction: number;
  /** Share a packet forwarded to it carries: the channels it or a later replica keeps. */
  carried: number;
  /** Its tile's input buffer (credits in bits). */
  buffer: CreditPool;
  /** Its own share of that buffer (as Band.share). */
  share: CreditPool;
}

/** One output pixel of one image assigned to a lane, waiting for or in its multi-cycle compute event. */
export interface PixelJob {
  lane: Lane;
  img: ImageState;
  pixel: number;
}
