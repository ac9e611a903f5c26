// A NoC link (or ejection port) with oldest-image-first arbitration, as NoCs with age-based QoS
// do: a packet that finds the link free when its head is ready books it at once (the common,
// uncontended case, as cheap as a plain reservation); one that finds it booked, or others already
// waiting, joins the link's queue, and each time the link frees the first arrived of the two
// lowest images waiting goes next (take()). Booking every packet on arrival instead (first
// come, first served) let layers running images ahead book links far ahead of the packets of the
// image their consumers wait for (docs/ppa-model.md, the CIFAR CNN's steady-state gap).
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

  /** Removes and returns the waiter to serve at `nowPs`: of those ready by then, the first
   *  arrived of the oldest image and the one after it. A pipeline works on two images at once (a
   *  producer on the next while its consumer finishes this one; lineBufferCredit.ts lets a line
   *  buffer take rows one image ahead), so packets of those two are both current traffic, served
   *  in arrival order; only a later image's, running ahead, waits. (Strictly the lowest image:
   *  densenet121 at 224x224 on the default chip read +11.34%, transition1's pool's packets of one
   *  image to block 2's far concats going before its conv's forwards of the next, whose replicas
   *  then starved; docs/ppa-model.md.) */
  take(nowPs: number): LinkWaiter {
    const w = this.waiting;
    let oldest = w[0].packet.image;
    for (let i = 1; i < w.length && w[i].readyPs <= nowPs; i++) if (w[i].packet.image < oldest) oldest = w[i].packet.image;
    // Arrival order keeps ready times non-decreasing: the first waiter of those two images is ready.
    let best = 0;
    while (w[best].packet.image > oldest + 1) best++;
    return w.splice(best, 1)[0];
  }
}
