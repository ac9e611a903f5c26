// The writer attached as the kernel's trace sink: actor tracks land in the chip -> tile -> PE
// tree by their dotted names, and overlapping activities of one actor end oldest-first.
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Actor, Simulator } from '../../../sim/kernel/index.js';
import { PerfettoTraceWriter } from '../../../traces/perfetto/writer.js';
import { KernelTraceSink } from '../../../traces/perfetto/kernelSink.js';
import { walkTrace, type WalkedTrack } from '../../../traces/perfetto/walk.js';

const dir = mkdtempSync(join(tmpdir(), 'ohmflow-sink-'));

const BEGIN = 1;
const END = 2;

class Adc extends Actor {
  readonly busy = this.track();
  readonly queue = this.track('queue', 'counter', 'entries');

  override onEvent(kind: number, payload: unknown): void {
    if (kind === BEGIN) {
      this.traceBegin(this.busy, 'convert', { layer: 'conv1', image: payload as number });
      this.traceCounter(this.queue, payload as number);
    } else if (kind === END) {
      this.traceEnd(this.busy);
    }
  }
}

describe('KernelTraceSink', () => {
  it('writes kernel activity as a valid trace with the tile/PE tree', () => {
    const path = join(dir, 'kernel.pftrace');
    const sim = new Simulator();
    const adc = new Adc(sim, 'tile0.pe1.adc0'); // registered before attach: replayed
    const writer = PerfettoTraceWriter.open(path);
    sim.attachTrace(new KernelTraceSink(writer));
    // Two conversions overlap: [100, 600) and [300, 900).
    adc.scheduleAt(100, BEGIN, 0);
    adc.scheduleAt(300, BEGIN, 1);
    adc.scheduleAt(600, END);
    adc.scheduleAt(900, END);
    sim.run();
    writer.close();

    const slices: { track: WalkedTrack; start: number; end: number; image: unknown }[] = [];
    const tracks: WalkedTrack[] = [];
    const walked = walkTrace(path, {
      track: (t) => tracks.push(t),
      end: (track, _name, end, start, args) => slices.push({ track, start, end, image: args.image }),
    });
    expect(walked.problems).toEqual([]);
    const adcTrack = tracks.find((t) => t.name === 'adc0')!;
    expect(adcTrack.kind).toBe('adc');
    expect(adcTrack.parent?.name).toBe('pe 1');
    expect(adcTrack.parent?.parent?.name).toBe('tile 0');
    expect(tracks.find((t) => t.name === 'queue')?.isCounter).toBe(true);
    // Oldest-first: the first END closes image 0's conversion.
    expect(slices.map((s) => [s.image, s.start, s.end]).sort()).toEqual([
      [0, 100, 600],
      [1, 300, 900],
    ]);
  });
});
