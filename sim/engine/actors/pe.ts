// A processing element whose ADCs span crossbars (columnsPerAdc above crossbar.cols): one ADC
// converts the columns of several crossbars, so the copies whose crossbars share it queue for it.
// A pixel's work here is a chain of events per ADC group, one per read round and input bit-plane:
// the group's crossbars read together, then the ADC converts the columns of that round, pipelined
// with the next read through the sample-and-holds. Each round reserves the ADC when it happens, in
// event order, so copies sharing an ADC interleave round by round and the serialization is real.
// With private ADCs (one crossbar per ADC) nothing on a PE is shared between copies: the copy's
// pixel is one closed-form duration (hw/timing.ts) and no PE actor exists.
import { Actor, type Simulator } from '../../kernel/index.js';
import { registerStats, type ComponentDeclaration } from '../declaration.js';
import type { Arch } from '../../../hw/arch/schema.js';
import { conversionPs, inputBitPlanes } from '../../../hw/timing.js';
import { Reservation } from '../reservation.js';
import type { AdcGroupWork, PeShare } from '../peShares.js';
import type { EngineContext } from '../context.js';

const ROUND = 1;

/** A copy's pixel on the PEs: done when every ADC group's chain of rounds is. */
export interface PePixel {
  layer: number;
  image: number;
  startPs: number;
  /** Chains still running, and the latest end so far, ps. */
  pending: number;
  endPs: number;
  /** Called at the last chain's last round with the pixel's end (>= now). */
  done: (pixel: PePixel) => void;
}

interface RoundChain {
  pixel: PePixel;
  group: AdcGroupWork;
  share: PeShare;
  round: number;
  plane: number;
}

const PE_STATS = {
  adcConversions: { unit: 'count', description: 'column values converted by its ADCs' },
  adcBusyPs: { unit: 'ps', description: 'ADC busy time, summed over its ADCs' },
  adcWaitPs: { unit: 'ps', description: 'time read rounds waited for an ADC another copy held' },
};

const part = (kind: string, description: string, params: string[], ports: Record<string, string>): ComponentDeclaration => ({
  kind, description, params, ports, stats: {}, tracks: {},
});

/** What a PE holds, simulated by the crossbar layer (private ADCs) or the PE actor (shared ones). */
const PE_PARTS: readonly ComponentDeclaration[] = [
  {
    ...part('crossbar', 'a ReRAM array: one copy block of a layer\'s weights; a read drives activeRows rows and sums currents on every column',
      ['tile.pe.crossbar.count', 'tile.pe.crossbar.rows', 'tile.pe.crossbar.cols', 'tile.pe.crossbar.cellBits', 'tile.pe.crossbar.activeRows', 'tile.pe.crossbar.readLatencyPs'],
      { rows: 'input bits from the DACs', columns: 'analog column sums to the sample-and-holds' }),
    tracks: { crossbars: 'private ADCs: one slice per pixel of a copy on the PE', 'crossbars of adc N': 'shared ADCs: one slice per read round' },
  },
  part('dac', 'wordline drivers: dac.bits input bits per read', ['tile.pe.dac.bits', 'tile.pe.dac.count'], { in: 'input register', out: 'crossbar rows' }),
  part('sampleHold', 'holds a column value until its ADC converts it (reads pipeline with conversions)', ['tile.pe.sampleHold.count'],
    { in: 'crossbar columns', out: 'the ADC mux' }),
  {
    ...part('adc', 'converts column values one after another through a mux of columnsPerAdc columns; spanning crossbars when columnsPerAdc > cols',
      ['tile.pe.adc.bits', 'tile.pe.adc.count', 'tile.pe.adc.columnsPerAdc', 'tile.pe.adc.sampleRateHz', 'tile.pe.adc.flipEncoding'],
      { in: 'sample-and-holds', out: 'shift-and-add units' }),
    tracks: { adc: 'private ADCs: one slice per pixel of a copy on the PE', 'adc N': 'shared ADCs: one slice per conversion round' },
  },
  part('shiftAdd', 'merges bit-planes and weight slices into partial sums', ['tile.pe.shiftAdd.count'], { in: 'ADC codes', out: 'output register' }),
  part('register', 'the PE\'s input and output registers', ['tile.pe.inputRegister.sizeBytes', 'tile.pe.outputRegister.sizeBytes'],
    { in: 'windows from the bus', out: 'partial sums to the bus' }),
];

export class PeActor extends Actor {
  static readonly declaration: ComponentDeclaration<keyof typeof PE_STATS> = {
    kind: 'pe',
    description: 'a processing element: crossbars with their DACs, sample-and-holds, ADCs and shift-adders. An actor only when ADCs span crossbars ' +
      '(then a pixel is a chain of read-round events per ADC group); with private ADCs a copy\'s pixel is one closed-form duration',
    params: ['tile.pe.crossbar.count'],
    ports: { window: 'input bits of a pixel from the tile bus', sums: 'partial sums to the tile bus or the requantizer' },
    stats: PE_STATS,
    tracks: {},
    parts: PE_PARTS,
  };

  private readonly adcs: Reservation[];
  private readonly readLatencyPs: number;
  private readonly planes: number;
  private readonly stats = registerStats(this, PeActor.declaration);

  constructor(sim: Simulator, readonly index: number, private readonly arch: Arch, private readonly ctx: EngineContext) {
    super(sim, `pe${index}`);
    this.adcs = Array.from({ length: arch.tile.pe.adc.count }, (_, a) => new Reservation(`${this.name}.adc${a}`));
    this.readLatencyPs = arch.tile.pe.crossbar.readLatencyPs;
    this.planes = inputBitPlanes(arch);
  }

  /** Starts `share`'s ADC groups on `pixel` at `startPs` (>= now). */
  start(pixel: PePixel, share: PeShare, startPs: number): void {
    for (const group of share.groups) {
      pixel.pending++;
      this.scheduleAt(startPs, ROUND, { pixel, group, share, round: 0, plane: 0 } satisfies RoundChain);
    }
  }

  override onEvent(_kind: number, payload: unknown): void {
    const chain = payload as RoundChain;
    const now = this.sim.nowPs;
    const columns = chain.group.roundColumns[chain.round];
    const durationPs = conversionPs(this.arch, columns);
    const startPs = this.adcs[chain.group.adc].reserve(now, durationPs);
    this.stats.adcConversions.add(columns);
    const endPs = Math.max(now + this.readLatencyPs, startPs + durationPs);
    this.ctx.trace?.peRound(chain.share, chain.group.adc, chain.pixel.layer, chain.pixel.image, this.readLatencyPs, startPs, durationPs);
    if (++chain.round === chain.group.roundColumns.length) {
      chain.round = 0;
      chain.plane++;
    }
    if (chain.plane < this.planes) {
      this.scheduleAt(endPs, ROUND, chain);
      return;
    }
    const pixel = chain.pixel;
    pixel.endPs = Math.max(pixel.endPs, endPs);
    if (--pixel.pending === 0) pixel.done(pixel);
  }

  /** Copies reservation totals into the counters (call once, after the run). */
  publishStats(): void {
    this.stats.adcBusyPs.value = this.adcs.reduce((s, a) => s + a.busyPs, 0);
    this.stats.adcWaitPs.value = this.adcs.reduce((s, a) => s + a.waitPs, 0);
  }
}

/** The PE actor of global PE `index`, made the first time a layer's copy asks for it. */
export function peActor(sim: Simulator, ctx: EngineContext, index: number): PeActor {
  let pe = ctx.pes.get(index);
  if (pe === undefined) ctx.pes.set(index, (pe = new PeActor(sim, index, ctx.arch, ctx)));
  return pe;
}
