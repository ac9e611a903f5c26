// Reservations (sim/engine/reservation.ts), how the engine shares a resource: a request starts when
// the resource is next free, requests are served in the order they are made, and the time each one
// waited and the time the resource was held are summed. A bank of identical ports gives a request
// the port free earliest.
import { describe, expect, test } from 'vitest';
import { Reservation, ReservationBank } from '../../../sim/engine/reservation.js';

describe('Reservation', () => {
  test('a request on a free resource starts at once and holds it for its duration', () => {
    const r = new Reservation('r');
    expect(r.reserve(100, 30)).toBe(100);
    expect(r.freePs).toBe(130);
    expect(r).toMatchObject({ busyPs: 30, waitPs: 0, uses: 1 });
  });

  test('requests are served in the order they are made: each starts when the one before it ends', () => {
    const r = new Reservation('r');
    // Three requests made at the same time queue one behind the other.
    expect([r.reserve(0, 10), r.reserve(0, 20), r.reserve(0, 5)]).toEqual([0, 10, 30]);
    expect(r.freePs).toBe(35);
  });

  test('the time a request waited for the resource is counted in waitPs, its duration in busyPs', () => {
    const r = new Reservation('r');
    r.reserve(0, 10);
    r.reserve(4, 10); // waits 6
    r.reserve(50, 10); // free again: no wait, the idle gap is not busy time
    expect(r).toMatchObject({ waitPs: 6, busyPs: 30, uses: 3, freePs: 60 });
  });

  test('a later request never starts before an earlier one, even when it is made for an earlier time', () => {
    const r = new Reservation('r');
    r.reserve(100, 10);
    // The caller reserves at the time it needs the resource; an out-of-order call still queues.
    expect(r.reserve(0, 10)).toBe(110);
    expect(r.waitPs).toBe(110);
  });

  test('onReserve sees every use with its start and duration', () => {
    const r = new Reservation('r');
    const seen: Array<[number, number]> = [];
    r.onReserve = (start, duration) => seen.push([start, duration]);
    r.reserve(0, 7);
    r.reserve(3, 2);
    expect(seen).toEqual([[0, 7], [7, 2]]);
  });
});

describe('ReservationBank', () => {
  test('requests spread over the ports: as many start at once as there are ports, the next waits for the first free', () => {
    const bank = new ReservationBank('port', 2);
    expect([bank.reserve(0, 10), bank.reserve(0, 10), bank.reserve(0, 10)]).toEqual([0, 0, 10]);
    expect(bank.units.map((u) => u.freePs)).toEqual([20, 10]);
    expect(bank.busyPs).toBe(30);
    expect(bank.waitPs).toBe(10);
  });

  test('a request takes the port free earliest, the lowest index on ties', () => {
    const bank = new ReservationBank('port', 3);
    bank.reserve(0, 30); // port 0
    bank.reserve(0, 10); // port 1
    bank.reserve(0, 20); // port 2
    expect(bank.reserve(0, 1)).toBe(10);
    expect(bank.units[1].uses).toBe(2);
    const tied = new ReservationBank('port', 3);
    tied.reserve(0, 5);
    expect(tied.units.map((u) => u.uses)).toEqual([1, 0, 0]);
  });

  test('a bank of zero ports has one (a buffer always has a way in)', () => {
    const bank = new ReservationBank('port', 0);
    expect(bank.units).toHaveLength(1);
    expect([bank.reserve(0, 4), bank.reserve(0, 4)]).toEqual([0, 4]);
  });
});

describe('Reservation with a clock', () => {
  // The simulator's time: no request asks for a time before it.
  const clocked = () => {
    const clock = { nowPs: 0 };
    return { clock, r: new Reservation('r', () => clock.nowPs) };
  };

  test('a request uses the idle gap before a reservation made for a later time', () => {
    const { r } = clocked();
    expect(r.reserve(100, 10)).toBe(100);
    // Without a clock this write would queue behind it (start 110), the resource idle until 100.
    expect(r.reserve(0, 30)).toBe(0);
    expect(r.reserve(0, 30)).toBe(30);
    expect(r).toMatchObject({ busyPs: 70, waitPs: 30, freePs: 110 });
  });

  test('a request too long for the gap goes after the later reservation', () => {
    const { r } = clocked();
    r.reserve(100, 10);
    expect(r.reserve(50, 60)).toBe(110);
    expect(r.waitPs).toBe(60);
  });

  test('requests made for now or later than everything reserved queue as without a clock', () => {
    const { clock, r } = clocked();
    expect([r.reserve(0, 10), r.reserve(0, 20), r.reserve(0, 5)]).toEqual([0, 10, 30]);
    clock.nowPs = 20;
    expect(r.reserve(20, 5)).toBe(35);
  });

  test('a request in the gap right after an earlier reservation extends it: the busy time stays sorted', () => {
    const { r } = clocked();
    r.reserve(0, 10);
    r.reserve(20, 10);
    // Starts at 10, where [0, 10) ends: [0, 15) is busy, [15, 20) free. (Placed before [0, 10)
    // instead, the intervals were out of order and the next request was given 0, a busy time.)
    expect(r.reserve(10, 5)).toBe(10);
    expect(r.reserve(0, 5)).toBe(15);
    expect(r.reserve(0, 1)).toBe(30);
  });

  test('a bank\'s streamed path with another resource starts when both are free and fills gaps in both', () => {
    const clock = { nowPs: 0 };
    const port = new ReservationBank('port', 1, () => clock.nowPs);
    const bus = new Reservation('bus', () => clock.nowPs);
    bus.reserve(0, 10);
    // Port free at 0, bus at 10: the path starts at 10; the port's idle [0, 10) stays usable.
    expect(port.reserveWith(0, 4, [[bus, 4]])).toBe(10);
    expect(port.reserve(0, 10)).toBe(0);
    // The wait is the bus's, not the port's.
    expect(bus.waitPs).toBe(10);
    expect(port.waitPs).toBe(0);
  });
});
