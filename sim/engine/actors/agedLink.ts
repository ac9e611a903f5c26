// A NoC link (or ejection port) with oldest-image-first arbitration, as NoCs with age-based QoS
// do: a packet that finds the link free when its head is ready books it at once (the common,
// uncontended case, as cheap as a plain reservation); one that finds it booked, or others already
// waiting, joins the link's queue, and each time the link frees the waiting packet of the lowest
// image index goes next (first arrived on ties). Booking every packet on arrival instead (first
// come, first served) let layers running images ahead book links far ahead of the packets of the
// image their consumers wait for (docs/ppa-model.md, the CIFAR CNN's steady-state gap).
// Rules in between (age order per consumer, producer or destination tile and first come across
// them, a bound on the wait, round robin over input ports) fail the lenet5 contention checks
// (docs/ppa-model.md, "Link service rules between oldest-image-first and first-come").
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
}

export class AgedLink extends Reservation {
  /** Waiting packets in arrival order (so their ready times never decrease). */
  readonly waiting: LinkWaiter[] = [];

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
   *  lowest image, the first arrived on ties. */
  take(nowPs: number): LinkWaiter {
    const w = this.waiting;
    let best = 0;
    for (let i = 1; i < w.length && w[i].readyPs <= nowPs; i++) if (w[i].packet.image < w[best].packet.image) best = i;
    return w.splice(best, 1)[0];
  }
}
