// The engine's run loop: the kernel in chunks of events, with progress about every second of wall
// time. Out of events with pixels held for buffer space means a cycle of full buffers: one
// delivery spills past its buffer (counted in that buffer's overflowGrants) and the run goes on.
// Out of events with images unfinished is a deadlock, reported with what each layer waits for.
import { performance } from 'node:perf_hooks';
import type { Simulator } from '../kernel/index.js';
import { OhmflowError } from '../../workloads/errors.js';
import type { EngineGraph } from './build.js';
import type { PhaseFeeder } from './phases.js';
import type { SimulateProgress } from './simulate.js';

const CHUNK_EVENTS = 100_000;
/** Between turns of the event loop: small enough that a signal is handled within a fraction of a
 *  second even on a loaded machine with tracing on. */
const YIELDING_CHUNK_EVENTS = 5_000;

/** The run as a sequence of chunks: each step runs up to CHUNK_EVENTS events; the generator
 *  returns how many times a delivery spilled past a full buffer. */
function* runChunks(
  sim: Simulator, g: EngineGraph, images: number, feeder: PhaseFeeder, onProgress: ((p: SimulateProgress) => void) | undefined, t0: number,
  chunkEvents = CHUNK_EVENTS,
): Generator<void, number> {
  let lastReport = performance.now();
  let spills = 0;
  for (;;) {
    const r = sim.run({ maxEvents: chunkEvents });
    const now = performance.now();
    if (onProgress && now - lastReport > 1000) {
      lastReport = now;
      let pixelsDone = 0;
      let pixelsTotal = 0;
      for (const a of g.actors) {
        if (a === undefined) continue;
        pixelsDone += a.pixelsDone.value;
        pixelsTotal += a.pixels * images;
      }
      const wallS = (now - t0) / 1e3;
      onProgress({ imagesDone: feeder.imagesDone(), images, pixelsDone, pixelsTotal, simulatedPs: sim.nowPs, events: sim.eventsProcessed, wallS });
    }
    if (r.reason !== 'empty') {
      yield;
      continue;
    }
    // The deepest held layer goes first: it drains toward the output instead of pushing more data
    // into the full region.
    if ([...g.actors].reverse().some((a) => a?.spillHeld() === true)) {
      spills++;
      continue;
    }
    break;
  }
  if (feeder.imagesDone() < images) {
    const waiting = g.actors.map((a) => a?.pendingWork() ?? '').filter((s) => s !== '');
    const done = feeder.imagesDone();
    throw new OhmflowError(`deadlock: ${done} of ${images} images finished and no event is left; waiting:\n    ${waiting.join('\n    ')}`, {
      field: 'engine', fix: 'report this with the network and arch: it is an engine bug',
    });
  }
  return spills;
}

type RunArgs = [sim: Simulator, g: EngineGraph, images: number, feeder: PhaseFeeder, onProgress: ((p: SimulateProgress) => void) | undefined, t0: number];

/** Runs until no event is left; returns how many times a delivery spilled past a full buffer. */
export function runToEnd(...args: RunArgs): number {
  const run = runChunks(...args);
  for (;;) {
    const step = run.next();
    if (step.done === true) return step.value;
  }
}

/** runToEnd, giving the event loop a turn between chunks (about every 0.1 s of wall time), so a
 *  signal handler can stop a long run and clean up its files. */
export async function runToEndYielding(...args: RunArgs): Promise<number> {
  const run = runChunks(...args, YIELDING_CHUNK_EVENTS);
  for (;;) {
    const step = run.next();
    if (step.done === true) return step.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
