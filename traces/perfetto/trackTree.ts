// The trace's track tree, chip -> tile -> PE -> component, with the groups and counters beside it:
// nodes made on first request and found again by (parent, name), and the extra "slot" tracks that
// overlapping slices of one track go to (slices on one Perfetto track must nest). A node records
// whether its level is written and whether its descriptor is out; the writer does the writing.
import { levelRank, type TraceLevel } from './options.js';
import { energyCategory, type EnergyFamily, type TrackRole } from './tracks.js';

/** Opaque handle of a track made by the writer. */
export type TrackHandle = number & { readonly __track: unique symbol };

export interface TrackNode {
  readonly uuid: number;
  readonly parent: TrackNode | null;
  readonly name: string;
  readonly role: TrackRole;
  readonly kind: string | undefined;
  readonly enabled: boolean;
  readonly rank: number;
  readonly counter: { readonly unitName: string; readonly category?: string } | null;
  children: number;
  emitted: boolean;
  /** Slice tracks: the concurrent slots (slot 0 is this track itself). */
  slots: Slot[] | null;
  /** Counter tracks: last value seen (written or not), and whether any value was written. */
  lastValue: number | null;
  wroteValue: boolean;
  /** Cumulative energy counters: the pJ added so far (on the node: a Map per addition cost more). */
  cumulativePj: number;
}

export interface Slot {
  readonly node: TrackNode;
  /** A slice is open on it. */
  busy: boolean;
}

export class TrackTree {
  readonly nodes: TrackNode[] = [];
  private readonly byKey = new Map<string, TrackNode>();
  /** energyTrack's answers by family, then parent and key: asked for every sum of every energy
   *  sample, made once. */
  private readonly energyTracks: Record<EnergyFamily, Map<TrackNode, Map<string, TrackNode>>> = { kind: new Map(), layer: new Map(), tile: new Map() };

  /** `level`: the finest level written; tracks below it exist but are disabled. */
  constructor(private readonly level: TraceLevel) {}

  handleOf(node: TrackNode): TrackHandle {
    return (node.uuid - 1) as TrackHandle;
  }

  node(handle: TrackHandle): TrackNode {
    const node = this.nodes[handle];
    if (node === undefined) throw new Error(`unknown trace track handle ${String(handle)}`);
    return node;
  }

  /** The chip: root of the tree (the first node made). */
  get chip(): TrackNode {
    return this.nodes[0];
  }

  makeNode(parent: TrackNode | null, name: string, role: TrackRole, level: TraceLevel, kind: string | undefined, counter: TrackNode['counter']): TrackNode {
    const enabled = levelRank(level) <= levelRank(this.level) && (parent === null || parent.enabled);
    const node: TrackNode = {
      uuid: this.nodes.length + 1,
      parent,
      name,
      role,
      kind,
      enabled,
      rank: parent === null ? 0 : parent.children++,
      counter,
      children: 0,
      emitted: false,
      slots: null,
      lastValue: null,
      wroteValue: false,
      cumulativePj: 0,
    };
    if (counter === null && role !== 'group' && role !== 'chip') node.slots = [{ node, busy: false }];
    this.nodes.push(node);
    return node;
  }

  /** The child of `parent` named `name`, made on first request; its role must not change. */
  child(parent: TrackNode, name: string, role: TrackRole, level: TraceLevel, kind: string | undefined, counter: TrackNode['counter']): TrackNode {
    const key = `${parent.uuid}/${name}`;
    const existing = this.byKey.get(key);
    if (existing !== undefined) {
      if (existing.role !== role || existing.kind !== kind) {
        throw new Error(`trace track "${name}" under "${parent.name}" already exists as a ${existing.role}`);
      }
      return existing;
    }
    const node = this.makeNode(parent, name, role, level, kind, counter);
    this.byKey.set(key, node);
    return node;
  }

  group(parent: TrackNode, name: string, level: TraceLevel): TrackNode {
    return this.child(parent, name, 'group', level, undefined, null);
  }

  /** The cumulative energy counter of a component kind or layer (chip groups) or of a tile. */
  energyTrack(family: EnergyFamily, key: string, parent: TrackNode): TrackNode {
    const byParent = this.energyTracks[family];
    let byKey = byParent.get(parent);
    if (byKey === undefined) byParent.set(parent, (byKey = new Map()));
    let node = byKey.get(key);
    if (node === undefined) byKey.set(key, (node = this.makeEnergyTrack(family, key, parent)));
    return node;
  }

  private makeEnergyTrack(family: EnergyFamily, key: string, parent: TrackNode): TrackNode {
    const where =
      family === 'tile'
        ? parent
        : this.group(this.chip, family === 'kind' ? 'energy by component kind (cumulative pJ)' : 'energy by layer (cumulative pJ)', 'layer');
    const name = family === 'tile' ? `${key} energy (cumulative pJ)` : key;
    const level: TraceLevel = family === 'tile' ? 'tile' : 'layer';
    return this.child(where, name, 'counter', level, undefined, { unitName: 'pJ', category: energyCategory(family) });
  }

  /** A slot of `node` with no open slice: the track itself, else an extra one made for overlaps. */
  freeSlot(node: TrackNode): Slot {
    const slots = node.slots!;
    for (let i = 0; i < slots.length; i++) if (!slots[i].busy) return slots[i];
    const extra = this.makeNode(node, `${node.name} #${slots.length + 1}`, 'slot', 'layer', node.kind, null);
    const slot: Slot = { node: extra, busy: false };
    extra.slots = null;
    slots.push(slot);
    return slot;
  }
}
