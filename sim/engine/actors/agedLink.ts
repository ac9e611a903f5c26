// A NoC link (or ejection port) with oldest-image-first arbitration, as NoCs with age-based QoS
// do: a packet that finds the link free when its head is ready books it at once (the common,
// uncontended case, as cheap as a plain reservation); one that finds it booked, or others already
// waiting, joins the link's queue, and each time the link frees the waiting packet of the lowest
// image index goes next. Booking every packet on arrival instead (first come, first served) let
// layers running images ahead book links far ahead of the packets of the image their consumers
// wait for (docs/ppa-model.md, the CIFAR CNN's steady-state gap).
// Among one image's packets the link is a weighted fair arbiter over flows (producer layers, a
// virtual channel each): start-time fair queueing, each flow's weight its load on the link per
// image as the mapping fixes it (linkLoads.ts, as a compiler would configure a WRR arbiter's
// weights), raised to the mean of its segment's flows there. First come within a flow. (First
// come across flows let a heavy flow's queue hold back a light flow an in-order consumer waits
// for: vgg11 on isaac with reloading, features.3's multicast forwards ahead of features.5's rows
// to tile 28; equal turns instead starved the heavier of two busy flows, resnet18 on isaac at 8
// images +16.5%; docs/ppa-model.md, session 25.)
import { Reservation } from '../reservation.js';
import type { Packet } from './noc.js';

/** A packet waiting for the link: its head is ready to cross from `readyPs`. */
export interface LinkWaiter {
  packet: Packet;
  readyPs: number;
  /** The router's output port (0-3 the mesh directions, 4 the ejection port). */
  dir: number;
  /** A multicast copy out of an ejection port that shares its packet's trace flow (its
   *  arrival ends none). */
  sharesFlow: boolean;
  /** Its start tag (virtual time, flits per weight unit) for the fair arbiter. */
  tag: number;
}

export class AgedLink extends Reservation {
  /** Waiting packets in arrival order (so their ready times never decrease). */
  readonly waiting: LinkWaiter[] = [];
  /** The link's virtual time (the largest start tag that has crossed) and each flow's last finish tag. */
  private virtual = 0;
  private readonly finish = new Map<number, number>();
  /** Weight of a flow the loads miss (partial sums alone): the smallest on the link, else 1. */
  private readonly floorBits: number;

  /** `weightBits`: each flow's (producer layer's) weight on this link, bits per image. */
  constructor(name: string, private readonly weightBits?: ReadonlyMap<number, number>) {
    super(name);
    this.floorBits = weightBits === undefined || weightBits.size === 0 ? 1 : Math.min(...weightBits.values());
  }

  /** The start tag of packet `p` arriving at the link now; advances its flow's finish tag. */
  tag(p: Packet): number {
    const f = p.producer;
    const start = Math.max(this.virtual, this.finish.get(f) ?? 0);
    this.finish.set(f, start + p.flits / (this.weightBits?.get(f) ?? this.floorBits));
    return start;
  }

  /** A packet of start tag `tag` takes the link. */
  crossing(tag: number): void {
    if (tag > this.virtual) this.virtual = tag;
  }

  /** Whether a packet ready at `readyPs` must queue: the link is booked past it, or others wait. */
  mustWait(readyPs: number): boolean {
    return this.waiting.length > 0 || this.freePs > readyPs;
  }

  /** When the next waiter can be served: the link is free and the first arrived is ready. */
  nextGrantPs(): number {
    const first = this.waiting[0].readyPs;
    return first > this.freePs ? first : this.freePs;
  }

  /** Removes and returns the waiter to serve at `nowPs`: of those ready by then, the one of the
   *  lowest image, then of the smallest start tag, the first arrived on ties. */
  take(nowPs: number): LinkWaiter {
    const w = this.waiting;
    let best = 0;
    for (let i = 1; i < w.length && w[i].readyPs <= nowPs; i++) {
      const a = w[i].packet.image;
      const b = w[best].packet.image;
      if (a < b || (a === b && w[i].tag < w[best].tag)) best = i;
    }
    return w.splice(best, 1)[0];
  }
}
