// Busy time per image of the chip's shared resources, by integer slot: the resource model adds
// work to a resource tens of thousands of times per estimate, and building a name for each (and
// hashing it) was most of its time. Slots are numbered in order of first use and named only when
// read, so the named maps come out exactly as when they were keyed by name: same keys, same
// insertion order, and every sum added in the same order. One ledger per resourceModel call.
import type { Arch } from '../arch/schema.js';
import { routerOf } from '../mapping/placement.js';

/** A tile's shared resources: buffer ports, bus, output buffer, ejection port, digital unit banks. */
const TILE_RESOURCES = ['input buffer', 'bus', 'output buffer', 'ejection port', 'requantize', 'activation', 'maxPool', 'avgPool', 'residualAdd', 'shiftAdd'] as const;
type TileResource = (typeof TILE_RESOURCES)[number];
const TILE_RESOURCE_INDEX: Readonly<Record<TileResource, number>> = Object.freeze(
  Object.fromEntries(TILE_RESOURCES.map((k, i) => [k, i])) as Record<TileResource, number>,
);

const DIRS = ['x+', 'x-', 'y+', 'y-'];

export class ResourceLedger {
  /** Busy time per slot, ps. */
  readonly busyPs: number[] = [];
  /** Name per slot without its segment ("tile 3 bus", "link (1,0) x+"), and its segment. */
  private readonly names: string[] = [];
  private readonly segmentOf: number[] = [];
  /** Slot lookup: [segment][tile][resource] and [segment][router][direction]. */
  private readonly tileSlots: number[][][] = [];
  private readonly linkSlots: number[][][] = [];
  /** Slots of each route: [segment], then by source tile and destination tile. */
  private readonly routes: Array<Map<number, Map<number, number[]>>> = [];
  /** Slots each layer used, in order of its first use (a stamp skips repeats of the last user). */
  private readonly usedBy: Array<Set<number>>;
  private readonly lastUser: number[] = [];
  /** Each layer's own share per slot (what bounds it layer by layer, and what paces its pixels in
   *  the fill), but for the work of the slot's last user since it took the slot over: that is
   *  summed in `pending` (the common case in the hot loops, no Map write per use) and moved here
   *  when another layer uses the slot. */
  private readonly own: Array<Map<number, number>>;
  private readonly pending: number[] = [];

  constructor(
    private readonly arch: Arch,
    layerCount: number,
  ) {
    this.usedBy = Array.from({ length: layerCount }, () => new Set<number>());
    this.own = Array.from({ length: layerCount }, () => new Map<number, number>());
  }

  private newSlot(segment: number, name: string): number {
    this.busyPs.push(0);
    this.names.push(name);
    this.segmentOf.push(segment);
    this.lastUser.push(-1);
    this.pending.push(0);
    return this.busyPs.length - 1;
  }

  tileSlot(segment: number, tile: number, resource: TileResource): number {
    const k = TILE_RESOURCE_INDEX[resource];
    const bySegment = (this.tileSlots[segment] ??= []);
    const byTile = (bySegment[tile] ??= []);
    return (byTile[k] ??= this.newSlot(segment, `tile ${tile} ${resource}`));
  }

  /** A tile resource's slot if some layer has used it, else -1 (creates none). */
  findTileSlot(segment: number, tile: number, resource: TileResource): number {
    return this.tileSlots[segment]?.[tile]?.[TILE_RESOURCE_INDEX[resource]] ?? -1;
  }

  private linkSlot(segment: number, x: number, y: number, dir: number): number {
    const bySegment = (this.linkSlots[segment] ??= []);
    const byRouter = (bySegment[y * this.arch.noc.cols + x] ??= []);
    return (byRouter[dir] ??= this.newSlot(segment, `link (${x},${y}) ${DIRS[dir]}`));
  }

  /** Adds `ps` of layer `layer`'s work (index into the network's layers) to a slot. */
  use(layer: number, slot: number, ps: number): void {
    this.busyPs[slot] += ps;
    if (this.lastUser[slot] !== layer) {
      this.settle(slot);
      this.lastUser[slot] = layer;
      this.usedBy[layer].add(slot);
    }
    this.pending[slot] += ps;
  }

  /** Moves a slot's pending work to its last user's share. */
  private settle(slot: number): void {
    const ps = this.pending[slot];
    if (ps === 0) return;
    const mine = this.own[this.lastUser[slot]];
    mine.set(slot, (mine.get(slot) ?? 0) + ps);
    this.pending[slot] = 0;
  }

  useTile(layer: number, segment: number, tile: number, resource: TileResource, ps: number): void {
    this.use(layer, this.tileSlot(segment, tile, resource), ps);
  }

  /** XY route, x first, then y, then the destination tile's ejection port: `linkPs` on each. */
  route(layer: number, segment: number, src: number, dst: number, linkPs: number): void {
    for (const slot of this.routeSlots(segment, src, dst)) this.use(layer, slot, linkPs);
  }

  /** The slots of a route, links then ejection port; looked up when about to be used (slots are
   *  numbered in first-use order). */
  routeSlots(segment: number, src: number, dst: number): readonly number[] {
    const bySegment = (this.routes[segment] ??= new Map());
    let bySrc = bySegment.get(src);
    if (bySrc === undefined) bySegment.set(src, (bySrc = new Map()));
    let slots = bySrc.get(dst);
    if (slots !== undefined) return slots;
    slots = [];
    let [x, y] = routerOf(src, this.arch);
    const [dx, dy] = routerOf(dst, this.arch);
    while (x !== dx || y !== dy) {
      const dir = x !== dx ? (x < dx ? 0 : 1) : y < dy ? 2 : 3;
      slots.push(this.linkSlot(segment, x, y, dir));
      if (dir === 0) x++;
      else if (dir === 1) x--;
      else if (dir === 2) y++;
      else y--;
    }
    slots.push(this.tileSlot(segment, dst, 'ejection port'));
    bySrc.set(dst, slots);
    return slots;
  }

  /** Slots a layer used, in order of its first use. */
  slotsOf(layer: number): ReadonlySet<number> {
    return this.usedBy[layer];
  }

  /** A layer's own busy time on a slot (0 on a slot it does not use). */
  ownPs(layer: number, slot: number): number {
    const settled = this.own[layer].get(slot) ?? 0;
    return this.lastUser[slot] === layer ? settled + this.pending[slot] : settled;
  }

  /** Name without the segment: what a bottleneck is called. */
  nameOf(slot: number): string {
    return this.names[slot];
  }

  /** Name with the segment ("s0 tile 3 bus"): the key of the named maps. */
  keyOf(slot: number): string {
    return `s${this.segmentOf[slot]} ${this.names[slot]}`;
  }

  /** The `n` busiest slots, busiest first (equal ones in order of first use). */
  busiest(n: number): number[] {
    const top: number[] = [];
    for (let slot = 0; slot < this.busyPs.length; slot++) {
      const ps = this.busyPs[slot];
      // After the busier ones and the equally busy ones used before it.
      let at = top.length;
      while (at > 0 && this.busyPs[top[at - 1]] < ps) at--;
      if (at < n) {
        top.splice(at, 0, slot);
        if (top.length > n) top.pop();
      }
    }
    return top;
  }

  /** Busy time by key, in order of first use. */
  busyByKey(): Map<string, number> {
    return new Map(this.busyPs.map((ps, slot) => [this.keyOf(slot), ps]));
  }

  /** Keys a layer used, in order of its first use. */
  keysOf(layer: number): Set<string> {
    return new Set([...this.usedBy[layer]].map((slot) => this.keyOf(slot)));
  }
}
