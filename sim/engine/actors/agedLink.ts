// A NoC link (or ejection port) with oldest-image-first arbitration, as NoCs with age-based QoS
// do: a packet that finds the link free when its head is ready books it at once (the common,
// uncontended case, as cheap as a plain reservation); one that finds it booked, or others already
// waiting, joins the link's queue, and each time the link frees the waiting packet of the lowest
// image index goes next (first arrived on ties). Booking every packet on arrival instead (first
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
  /** The router input the packet came in by (0-3 the direction it moved, 4 + k from tile k). */
  inPort: number;
}

// EXPERIMENT (branch links): the service rule, from OHMFLOW_LINK_RULE.
const RULE = process.env.OHMFLOW_LINK_RULE ?? 'aged';
const AGE_N = Number(process.env.OHMFLOW_LINK_AGE_N ?? '4');

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
  lastPort = -1;
  take(nowPs: number, flitPs = 0): LinkWaiter {
    const w = this.waiting;
    let best = 0;
    if (RULE === 'fcfs') return w.shift()!;
    if ((RULE === 'cons-ejaged' && w[0].dir !== 4) || (RULE === 'cons-meshaged' && w[0].dir === 4)) {
      const k = w[0].packet.consumer;
      for (let i = 1; i < w.length && w[i].readyPs <= nowPs; i++) if (w[i].packet.consumer === k && w[i].packet.image < w[best].packet.image) best = i;
      return w.splice(best, 1)[0];
    }
    if (RULE === 'consumer2') {
      // First come, but a packet for the same consumer layer of an older image, or one two images
      // older than the first arrived's (for any consumer), goes first.
      for (let i = 1; i < w.length && w[i].readyPs <= nowPs; i++) {
        const a = w[i].packet, b = w[best].packet;
        if ((a.consumer === w[0].packet.consumer && a.image < b.image) || a.image <= w[0].packet.image - 2 && a.image < b.image) best = i;
      }
      return w.splice(best, 1)[0];
    }
    if (RULE === 'consumer' || RULE === 'dest' || RULE === 'producer') {
      const key = (x: LinkWaiter): number => (RULE === 'consumer' ? x.packet.consumer : RULE === 'dest' ? x.packet.dstTile : x.packet.producer);
      const k = key(w[0]);
      for (let i = 1; i < w.length && w[i].readyPs <= nowPs; i++) if (key(w[i]) === k && w[i].packet.image < w[best].packet.image) best = i;
      return w.splice(best, 1)[0];
    }
    if (RULE === 'birth' || RULE === 'imgbirth') {
      const img = RULE === 'imgbirth';
      for (let i = 1; i < w.length && w[i].readyPs <= nowPs; i++) {
        const a = w[i].packet, b = w[best].packet;
        if (img && a.image !== b.image) { if (a.image < b.image) best = i; continue; }
        if ((a.bornPs ?? 0) < (b.bornPs ?? 0)) best = i;
      }
      return w.splice(best, 1)[0];
    }
    if (RULE === 'agebound') {
      if (nowPs - w[0].readyPs > AGE_N * w[0].packet.flits * flitPs) return w.shift()!;
    }
    if (RULE === 'rr') {
      let bestD = 1e9;
      for (let i = 0; i < w.length && w[i].readyPs <= nowPs; i++) {
        const d = (w[i].inPort - this.lastPort - 1 + 64) % 64;
        if (d < bestD || (d === bestD && w[i].packet.image < w[best].packet.image)) [best, bestD] = [i, d];
      }
      this.lastPort = w[best].inPort;
      return w.splice(best, 1)[0];
    }
    for (let i = 1; i < w.length && w[i].readyPs <= nowPs; i++) if (w[i].packet.image < w[best].packet.image) best = i;
    return w.splice(best, 1)[0];
  }
}
