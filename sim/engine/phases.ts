// Feeds images into the actor graph, phase by phase: image 0 enters the first layers' buffers at
// time 0 and each next one as soon as the first layers have started the previous one's last pixel
// (off-chip input itself is not modelled). With weight reloading, each batch runs through the
// segments in turn, each after its weight writes, fed from the previous ones' parked outputs,
// which go out and come back through the off-chip links (actors/offChip.ts).
import type { Simulator } from '../kernel/index.js';
import type { MappedNetwork } from '../../hw/mapping/types.js';
import type { LayerActor } from './actors/layer.js';
import { OffChipLinkActor } from './actors/offChip.js';
import type { EngineGraph } from './build.js';

export interface PhaseFeeder {
  /** The off-chip links, when reloading. */
  link: OffChipLinkActor | undefined;
  /** Images the final layer has finished. */
  imagesDone(): number;
}

/** Wires the feeding of `inputs` into `g` and starts the first phase (events at time 0 on). */
export function startPhases(sim: Simulator, g: EngineGraph, mapped: MappedNetwork, inputs: readonly Int8Array[]): PhaseFeeder {
  const images = inputs.length;
  const reloading = mapped.reloading;
  // Phases: each batch of images runs through segment 0, then segment 1, ... (weights rewritten
  // before each), or one phase with every image when the weights stay resident; layer by layer,
  // one phase per image, so the next image enters when the last layer has finished.
  const batch = reloading ? Math.max(1, mapped.options.batch) : g.ctx.layerByLayer ? 1 : images;
  const phases: Array<{ segment: number; images: number[] }> = [];
  for (let b0 = 0; b0 < images; b0 += batch) {
    const members = Array.from({ length: Math.min(images, b0 + batch) - b0 }, (_, j) => b0 + j);
    for (let seg = 0; seg < g.segmentFeeds.length; seg++) phases.push({ segment: seg, images: members });
  }
  const inputBits = g.inputBits;
  // Parked tensors cross the off-chip links (reloading only): a producer's output is written out
  // once per later-segment input that reads it, and read back by each (as the energy counts it).
  const link = reloading ? new OffChipLinkActor(sim, mapped.offChip.bandwidthBytesPerS) : undefined;
  const parkedReaders = new Map<LayerActor, number>();
  for (const feeds of g.segmentFeeds) {
    for (const f of feeds) if (f.source !== g.inputLayerIndex) parkedReaders.set(g.actors[f.source]!, (parkedReaders.get(g.actors[f.source]!) ?? 0) + 1);
  }
  // A tensor read back over the links is prefetched one image ahead: image k's transfer starts once
  // the consumers have started the last pixel of image k - 2 (their buffers hold k - 1 being read and
  // k being written), so it overlaps compute. The network input (not timed) keeps k - 1.
  const aheadOf = g.segmentFeeds.map((feeds) => (feeds.some((f) => f.source !== g.inputLayerIndex) ? 1 : 0));
  let phase = 0;
  let fed = 0;
  let phaseDone = 0;
  let imagesDone = 0;
  const dispatched = new Map<unknown, number>();
  // The feeder writes image k of the phase once the segment's input layers have started the last
  // pixel of image k - 1 (an input buffer holds one image being read and one being written).
  const feed = (): void => {
    const ph = phases[phase];
    // Counted before injecting: the injection may dispatch at once and ask for the next image.
    const k = ph.images[fed++];
    for (const f of g.segmentFeeds[ph.segment]) {
      if (f.source === g.inputLayerIndex) {
        f.actor.injectImage(k, f.slot, inputs[k], f.source);
        continue;
      }
      const data = g.actors[f.source]!.outputs[k];
      const bits = data.length * inputBits;
      g.ctx.tallies[f.actor.index].offChipBits += 2 * bits;
      // Written into the consumer's buffers once the whole tensor is on chip (store and forward).
      // (Only reloading has inputs from another segment, so the links exist.)
      const arrivedPs = link!.readBack(sim.nowPs, bits);
      sim.call(arrivedPs - sim.nowPs, () => f.actor.injectImage(k, f.slot, data, f.source));
    }
  };
  const tryFeed = (): void => {
    for (;;) {
      const ph = phases[phase];
      if (ph === undefined || fed === 0 || fed >= ph.images.length) return;
      const all = Math.min(...g.segmentFeeds[ph.segment].map((x) => dispatched.get(x.actor) ?? 0));
      if (all < ph.images[fed] - aheadOf[ph.segment]) return;
      feed();
    }
  };
  for (const feeds of g.segmentFeeds) {
    for (const f of feeds) {
      f.actor.onDispatched = (layer, count) => {
        dispatched.set(layer, count);
        tryFeed();
      };
    }
  }
  const startPhase = (): void => {
    const ph = phases[phase];
    fed = 0;
    phaseDone = 0;
    let writePs = 0;
    if (reloading) {
      // The segment's weights are programmed before its batch: rows of a PE one after another, PEs
      // in parallel (the mapping's write time); every cell of every copy is written.
      writePs = mapped.segments[ph.segment].writeLatencyPs;
      mapped.layers.forEach((m, i) => {
        if (m.segment === ph.segment && m.engine === 'crossbar') g.ctx.tallies[i].cellWrites += m.duplication * m.partition!.cellsUsed;
      });
    }
    sim.call(writePs, () => {
      feed();
      tryFeed();
    });
  };
  for (const actors of g.segmentActors) {
    for (const a of actors) {
      const readers = parkedReaders.get(a) ?? 0;
      a.onImageDone = (_layer, k) => {
        // A parked output goes off chip once the image's last output is in the output buffer.
        if (readers > 0 && link !== undefined) link.writeOut(Math.max(sim.nowPs, a.lastEndPs[k]), readers * a.outputs[k].length * inputBits);
        if (a === g.final) imagesDone++;
        if (++phaseDone < actors.length * phases[phase].images.length) return;
        // The segment has finished the batch: the next phase starts once its last outputs are out,
        // written off chip included.
        const endPs = Math.max(sim.nowPs, link?.out.freePs ?? 0, ...actors.flatMap((x) => phases[phase].images.map((k) => x.lastEndPs[k] ?? 0)));
        phase++;
        if (phase < phases.length) sim.call(endPs - sim.nowPs, startPhase);
      };
    }
  }
  startPhase();
  return { link, imagesDone: () => imagesDone };
}
