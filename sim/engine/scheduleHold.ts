// How many input rows a line buffer holds, and how many images ahead of its band it must admit,
// when every image keeps the analytical model's first-image schedule (the fill), one interval
// after the last. A join reads inputs that are ready at very different times: a dense block's
// concat reads the block input, made long before the deep path's rows (in densenet121 on isaac
// the fill spans 6.6 intervals), so the early rows wait in the concat's buffer for images, not
// rows. The data skew (rowSkew.ts) counts only which rows depend on which; this counts the time.
// Only the line buffers of joins (concat, add) and of a fork's consumers are sized this way;
// others keep the sizing of lineBufferCredit.ts.
// The schedule is the model's (the engine reads no timing of its own here), and the mapping's
// buffers follow from it; the model itself never reads the engine.
import { networkTiming } from '../../hw/ppa/latency.js';
import type { Arch } from '../../hw/arch/schema.js';
import type { MappedNetwork } from '../../hw/mapping/types.js';
import type { LayerActor } from './actors/layer.js';

/** A row held in a line buffer from `fromPs` (its producer has made it) until `toPs` (the band's
 *  last row reading it is done), in image 0; image k holds it k intervals later. */
interface Held { fromPs: number; toPs: number; bits: number }

/** Per layer (by index), per band: the bits its line buffer holds at most in the periodic schedule,
 *  and per slot the images beyond the band's own whose rows arrive before the band is done.
 *  Undefined where the model has no row schedule for it (reloading segments, vector layers). */
interface ScheduleHolds {
  bandBits: Array<number[] | undefined>;
  imagesAhead: Array<number[] | undefined>;
}

/** Rows held at once, in bits: the most over time of every row's copies from all images, each
 *  held over [fromPs + k P, toPs + k P). The most is reached as some row arrives. */
function mostHeldBits(held: readonly Held[], periodPs: number): number {
  let most = 0;
  for (const at of held) {
    const t = at.fromPs;
    let bits = 0;
    // Images k with fromPs + kP <= t < toPs + kP.
    for (const h of held) bits += Math.max(0, Math.floor((t - h.fromPs) / periodPs) - Math.floor((t - h.toPs) / periodPs)) * h.bits;
    most = Math.max(most, bits);
  }
  return most;
}

export function scheduleHolds(actors: ReadonlyArray<LayerActor | undefined>, mapped: MappedNetwork, arch: Arch): ScheduleHolds {
  const none: ScheduleHolds = { bandBits: actors.map(() => undefined), imagesAhead: actors.map(() => undefined) };
  if (mapped.reloading) return none;
  // Only a join's inputs and a fork's outputs: a producer held back in a chain slows a chain the
  // pace allows, but one held back by a join's early input, or by one of its consumers, stalls
  // the other branches too. (Every line buffer sized this way made the plain 224x224 CNN on the
  // default chip, a chain, warn of 19 short tiles, not one, with the same interval; only joins
  // left googlenet on isaac at +15.3%: its inception branches' first layers are a fork's.)
  const branchedSlots = actors.map((a) => {
    if (a === undefined) return undefined;
    const join = a.slots.filter((_, si) => !a.injected[si]).length > 1;
    const branched = a.slots.map((_, si) => !a.injected[si] && (join || actors[a.producers[si]]!.consumers.length > 1));
    return branched.includes(true) ? branched : undefined;
  });
  // A chain has nothing to size here: it needs no schedule.
  if (branchedSlots.every((b) => b === undefined)) return none;
  const timing = networkTiming(mapped, arch);
  const periodPs = timing.intervalPs;
  if (!(periodPs > 0)) return none;
  actors.forEach((a, i) => {
    const branched = branchedSlots[i];
    if (a === undefined || branched === undefined) return;
    const own = timing.rowDonePs.get(mapped.layers[i].name);
    if (own === undefined || own.length !== a.out.h) return;
    const ahead = a.slots.map(() => 1);
    const bandBits = a.bands.map((b) => {
      const held: Held[] = [];
      a.slots.forEach((s, si) => {
        if (!branched[si]) return;
        const made = timing.rowDonePs.get(mapped.layers[a.producers[si]].name);
        if (made === undefined || made.length !== s.h) return;
        // The band's last row reading each input row.
        const lastReader = new Int32Array(s.h).fill(-1);
        for (const oy of b.rows) {
          const [lo, hi] = a.slotRows(si, oy);
          for (let y = Math.max(0, lo); y <= Math.min(s.h - 1, hi); y++) lastReader[y] = oy;
        }
        const bandDonePs = own[b.rows[b.rows.length - 1]];
        lastReader.forEach((oy, y) => {
          if (oy < 0) return;
          held.push({ fromPs: made[y], toPs: Math.max(made[y], own[oy]), bits: a.slotRowBits(si) });
          // Image k + m's row y arrives at made[y] + mP, while the band is still on image k if
          // that is before its last row is done.
          ahead[si] = Math.max(ahead[si], Math.ceil((bandDonePs - made[y]) / periodPs));
        });
      });
      return mostHeldBits(held, periodPs);
    });
    none.bandBits[i] = bandBits;
    // Not for a gate (a join with a one-pixel input, squeeze-and-excitation's Mul): its feature map
    // waits there a whole image for the gate anyway, and a producer let into the next image only
    // competes with the gate's own path (test/workloads/onnx/import-se.test.ts at eight images:
    // interval +14.6% against -7.7% with one image ahead).
    const gate = a.slots.some((s, si) => !a.injected[si] && s.h * s.w === 1);
    none.imagesAhead[i] = gate ? a.slots.map(() => 1) : ahead;
  });
  return none;
}

/** Bits line buffer `i` of `a` (its bands, then its replicas) holds at most in the periodic
 *  schedule, with one more row of each slot being written; 0 without a schedule. */
export function scheduledBufferBits(a: LayerActor, i: number, holds: ScheduleHolds): number {
  const b = a.bands.length;
  const bits = holds.bandBits[a.index]?.[i < b ? i : 0];
  if (bits === undefined) return 0;
  let rowBits = 0;
  a.slots.forEach((_, si) => {
    if (!a.injected[si]) rowBits += a.slotRowBits(si);
  });
  return (bits + rowBits) * (i < b ? a.lineFraction : a.replicas[i - b].fraction);
}
