// The trace hooks' energy between two counter samples, kept in typed arrays: charge() runs after
// nearly every pixel, and Maps keyed by kind, layer and tile names cost it more than the engine's
// own bookkeeping. Each sum remembers the order its key first got energy since the last sample, so
// the sums handed to the trace target (and the counter tracks it makes) come out in the order the
// Map-based version gave, with the same additions in the same order: the trace bytes do not change.
import { tallyEnergyPj, zeroTally, type EngineUnitEnergy, type OpTally } from './energy.js';
import type { EnergySums } from './traceHooks.js';

/** OpTally's fields in zeroTally()'s order; readTally copies them in this order. */
const TALLY_FIELDS: ReadonlyArray<keyof OpTally> = [
  'crossbarReads', 'dacConversions', 'adcConversions', 'sampleHolds', 'shiftAdds', 'bufferReadBits', 'bufferWriteBits',
  'outputBufferWriteBits', 'busBits', 'nocFlitHops', 'activationOps', 'maxPoolOps', 'avgPoolOps', 'residualAddOps',
  'requantizeOps', 'digitalMacs', 'cellWrites', 'offChipBits',
];

/** Copies a tally into `out` by named loads (a loop over key strings is a slow keyed load per field). */
function readTally(t: OpTally, out: Float64Array): void {
  out[0] = t.crossbarReads;
  out[1] = t.dacConversions;
  out[2] = t.adcConversions;
  out[3] = t.sampleHolds;
  out[4] = t.shiftAdds;
  out[5] = t.bufferReadBits;
  out[6] = t.bufferWriteBits;
  out[7] = t.outputBufferWriteBits;
  out[8] = t.busBits;
  out[9] = t.nocFlitHops;
  out[10] = t.activationOps;
  out[11] = t.maxPoolOps;
  out[12] = t.avgPoolOps;
  out[13] = t.residualAddOps;
  out[14] = t.requantizeOps;
  out[15] = t.digitalMacs;
  out[16] = t.cellWrites;
  out[17] = t.offChipBits;
}

/** Sums by small integer key that remember which keys got energy first (a Map's insertion order). */
class OrderedSums {
  readonly sums: Float64Array;
  private readonly used: Uint8Array;
  readonly order: Int32Array;
  count = 0;

  constructor(size: number) {
    this.sums = new Float64Array(size);
    this.used = new Uint8Array(size);
    this.order = new Int32Array(size);
  }

  add(key: number, energyPj: number): void {
    if (this.used[key] === 0) {
      this.used[key] = 1;
      this.order[this.count++] = key;
    }
    // 0 + x as the Map version's (get() ?? 0) + x: the same double.
    this.sums[key] += energyPj;
  }

  /** The sums as a Map in first-use order, key k named `names[k]` (an array, not a function: one
   *  call site for three kinds of key would be polymorphic); then empty again. */
  takeMap<K>(names: readonly K[]): Map<K, number> {
    const map = new Map<K, number>();
    for (let i = 0; i < this.count; i++) {
      const key = this.order[i];
      map.set(names[key], this.sums[key]);
      this.sums[key] = 0;
      this.used[key] = 0;
    }
    this.count = 0;
    return map;
  }
}

export class PendingTraceEnergy {
  /** Per field with a non-zero price: the field's index and its (kind index, pJ per op) pairs, flat. */
  private readonly pricedFields: Int32Array;
  private readonly priceStart: Int32Array;
  private readonly priceKind: Int32Array;
  private readonly pricePj: Float64Array;
  private readonly kinds: string[];
  private readonly leakageKind: number;
  /** Operation counts already turned into energy, per layer, and a scratch copy of a tally. */
  private readonly charged: Float64Array[];
  private readonly current = new Float64Array(TALLY_FIELDS.length);
  private readonly byKind: OrderedSums;
  private readonly byLayer: OrderedSums;
  /** Tile t at t + 1, chip-level (null) at 0; tileKeys names them so. */
  private readonly byTile: OrderedSums;
  private readonly tileKeys: ReadonlyArray<number | null>;
  /** Energy charged since the last take(). */
  pendingPj = 0;

  constructor(
    private readonly layerNames: readonly string[],
    tiles: number,
    unit: EngineUnitEnergy,
  ) {
    const zero = zeroTally();
    const keys = Object.keys(zero);
    if (keys.length !== TALLY_FIELDS.length || keys.some((k, i) => k !== TALLY_FIELDS[i])) {
      throw new Error(`traceEnergy.ts: TALLY_FIELDS and readTally must list OpTally's fields in zeroTally()'s order (${keys.join(', ')})`);
    }
    // The price of one operation of each field, by kind, probed from tallyEnergyPj so both agree.
    this.kinds = [];
    const kindIndex = new Map<string, number>();
    const fields: number[] = [];
    const starts: number[] = [0];
    const kindsFlat: number[] = [];
    const pjFlat: number[] = [];
    TALLY_FIELDS.forEach((field, f) => {
      const prices = Object.entries(tallyEnergyPj({ ...zero, [field]: 1 }, unit)).filter(([, pj]) => pj !== 0);
      if (prices.length === 0) return;
      fields.push(f);
      for (const [kind, pj] of prices) {
        let k = kindIndex.get(kind);
        if (k === undefined) kindIndex.set(kind, (k = this.kinds.push(kind) - 1));
        kindsFlat.push(k);
        pjFlat.push(pj);
      }
      starts.push(kindsFlat.length);
    });
    this.leakageKind = kindIndex.get('leakage') ?? this.kinds.push('leakage') - 1;
    this.pricedFields = Int32Array.from(fields);
    this.priceStart = Int32Array.from(starts);
    this.priceKind = Int32Array.from(kindsFlat);
    this.pricePj = Float64Array.from(pjFlat);
    this.charged = layerNames.map(() => new Float64Array(TALLY_FIELDS.length));
    this.byKind = new OrderedSums(this.kinds.length);
    this.byLayer = new OrderedSums(layerNames.length);
    this.byTile = new OrderedSums(tiles + 1);
    this.tileKeys = [null, ...Array.from({ length: tiles }, (_, t) => t)];
  }

  /** Charges the operations of `tally` (layer `layer`'s) counted since its last charge, to `tile`; returns their pJ. */
  charge(layer: number, tally: OpTally, tile: number | null): number {
    const current = this.current;
    const seen = this.charged[layer];
    readTally(tally, current);
    const { pricedFields, priceStart, priceKind, pricePj, byKind } = this;
    let sumPj = 0;
    for (let i = 0; i < pricedFields.length; i++) {
      const f = pricedFields[i];
      const ops = current[f] - seen[f];
      if (ops === 0) continue;
      seen[f] = current[f];
      for (let p = priceStart[i]; p < priceStart[i + 1]; p++) {
        const energyPj = ops * pricePj[p];
        byKind.add(priceKind[p], energyPj);
        sumPj += energyPj;
      }
    }
    if (sumPj === 0) return 0;
    this.byLayer.add(layer, sumPj);
    this.byTile.add(tile === null ? 0 : tile + 1, sumPj);
    this.pendingPj += sumPj;
    return sumPj;
  }

  /** Leakage: chip-level energy of no layer. */
  leakage(energyPj: number): void {
    this.byKind.add(this.leakageKind, energyPj);
    this.byTile.add(0, energyPj);
    this.pendingPj += energyPj;
  }

  /** The sums since the last take(), as Maps in first-charge order; then nothing is pending. */
  take(): EnergySums {
    this.pendingPj = 0;
    return {
      byKind: this.byKind.takeMap(this.kinds),
      byLayer: this.byLayer.takeMap(this.layerNames),
      byTile: this.byTile.takeMap(this.tileKeys),
    };
  }
}
