// The trace hooks' energy between two counter samples, kept in typed arrays: charge() runs after
// nearly every pixel, and Maps keyed by kind, layer and tile names cost it more than the engine's
// own bookkeeping. Each sum remembers the order its key first got energy since the last sample, so
// the sums handed to the trace target (and the counter tracks it makes) come out in the order the
// Map-based version gave, with the same additions in the same order: the trace bytes do not change.
// A sample hands the sums out in typed arrays reused from one sample to the next: it allocates nothing.
import { tallyEnergyPj, zeroTally, type EngineUnitEnergy, type OpTally } from './energy.js';
import type { EnergyList, EnergySums } from './traceHooks.js';

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
class OrderedSums<K> {
  private readonly sums: Float64Array;
  private readonly used: Uint8Array;
  private readonly order: Int32Array;
  private count = 0;
  /** What take() hands out: reused, as its arrays are, so a sample allocates nothing. */
  private readonly list: { count: number; readonly keys: readonly K[]; readonly order: Int32Array; readonly values: Float64Array };

  /** Key k is named `keys[k]`. */
  constructor(keys: readonly K[]) {
    const size = keys.length;
    this.sums = new Float64Array(size);
    this.used = new Uint8Array(size);
    this.order = new Int32Array(size);
    this.list = { count: 0, keys, order: this.order, values: new Float64Array(size) };
  }

  add(key: number, energyPj: number): void {
    if (this.used[key] === 0) {
      this.used[key] = 1;
      this.order[this.count++] = key;
    }
    // 0 + x as the Map version's (get() ?? 0) + x: the same double.
    this.sums[key] += energyPj;
  }

  /** The sums in first-use order (valid until the next add); then empty again. */
  take(): EnergyList<K> {
    const list = this.list;
    const values = list.values;
    for (let i = 0; i < this.count; i++) {
      const key = this.order[i];
      values[i] = this.sums[key];
      this.sums[key] = 0;
      this.used[key] = 0;
    }
    list.count = this.count;
    this.count = 0;
    return list;
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
  private readonly byKind: OrderedSums<string>;
  private readonly byLayer: OrderedSums<string>;
  /** Tile t at t + 1, chip-level (null) at 0. */
  private readonly byTile: OrderedSums<number | null>;
  /** The sums take() hands out (their lists are refilled by each take). */
  private readonly sums: EnergySums;
  /** Energy charged since the last take(), and by the last charge(). */
  pendingPj = 0;
  lastChargePj = 0;

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
    this.byKind = new OrderedSums(this.kinds);
    this.byLayer = new OrderedSums(layerNames);
    this.byTile = new OrderedSums([null, ...Array.from({ length: tiles }, (_, t) => t)]);
    this.sums = { byKind: this.byKind.take(), byLayer: this.byLayer.take(), byTile: this.byTile.take() };
  }

  /** Charges the operations of `tally` (layer `layer`'s) counted since its last charge, to `tile`;
   *  their pJ go to lastChargePj (a field: a returned double would be boxed on every pixel). */
  charge(layer: number, tally: OpTally, tile: number | null): void {
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
    this.lastChargePj = sumPj;
    if (sumPj === 0) return;
    this.byLayer.add(layer, sumPj);
    this.byTile.add(tile === null ? 0 : tile + 1, sumPj);
    this.pendingPj += sumPj;
  }

  /** Leakage: chip-level energy of no layer. */
  leakage(energyPj: number): void {
    this.byKind.add(this.leakageKind, energyPj);
    this.byTile.add(0, energyPj);
    this.pendingPj += energyPj;
  }

  /** The sums since the last take(), in first-charge order; then nothing is pending. The lists are
   *  reused: read them before the next charge. */
  take(): EnergySums {
    this.pendingPj = 0;
    this.byKind.take();
    this.byLayer.take();
    this.byTile.take();
    return this.sums;
  }
}
