// What every engine actor shares: the chip, its tiles and NoC, the clock period, the fidelity and
// the per-layer operation tallies (indexed like MappedNetwork.layers).
import type { Arch } from '../../hw/arch/schema.js';
import type { TileActor } from './actors/tile.js';
import type { NocActor } from './actors/noc.js';
import type { PeActor } from './actors/pe.js';
import type { OpTally } from './energy.js';
import type { CreditPool } from './credits.js';
import type { AnalogParams } from './compute/analog.js';
import type { LayerActor } from './actors/layer.js';
import type { EngineTraceHooks } from './traceHooks.js';

export type Fidelity = 'exact' | 'adc' | 'analog';

export interface EngineContext {
  arch: Arch;
  cyclePs: number;
  tiles: TileActor[];
  noc: NocActor;
  /** PE actors by global PE index, made when a copy first needs one (ADCs spanning crossbars only). */
  pes: Map<number, PeActor>;
  fidelity: Fidelity;
  /** Layer-by-layer schedule: a layer's pixel waits for its producers' whole tensor (MapOptions.schedule). */
  layerByLayer: boolean;
  /** Variation and noise of `analog` fidelity (compute/analog.ts). */
  analog: AnalogParams;
  /** Operations per layer (NoC flit-hops are charged to the consuming layer, as hw/ppa does). */
  tallies: OpTally[];
  /** Per tile: its output buffer as the queue of packets sent but not yet ejected (back-pressure). */
  outQueues: CreditPool[];
  /** Per tile: the part of its output buffer that forwards along a layer's replicas may fill
   *  (replicas.ts), so they never take the room of the tile's own results. */
  forwardQueues: CreditPool[];
  /** Per tile: each sending layer's share of its output buffer, by layer index (outputShares.ts);
   *  none with unbounded buffers. */
  outShares: Array<Map<number, CreditPool>>;
  /** Per tile: the line buffers in its input buffer, as (layer, index: its bands, then its replicas). */
  lineBuffersOnTile: Array<Array<[LayerActor, number]>>;
  /** Activity and energy hooks of a component-level trace; absent when not tracing. */
  trace?: EngineTraceHooks;
}
