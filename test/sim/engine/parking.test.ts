// Parking in the engine (weight reloading): a producer's output that a later segment reads is
// written out over the off-chip links when the producer finishes the image, and read back before
// the consumer can start, each transfer serialized at the links' bandwidth and queued behind the
// others. The time it adds is the model's (docs/ppa-model.md, "Parking"); the results stay exact.
import { describe, expect, test } from 'vitest';
import { getNetwork } from '../../../workloads/zoo/index.js';
import { loadArch, parseArch, type Arch } from '../../../hw/arch/index.js';
import { loadTech } from '../../../hw/tech/index.js';
import { mapNetwork, type MapOptions } from '../../../hw/mapping/index.js';
import { offChipTransferPs } from '../../../hw/mapping/offChip.js';
import type { MappedNetwork } from '../../../hw/mapping/types.js';
import { networkTiming } from '../../../hw/ppa/latency.js';
import { runReference } from '../../../workloads/reference/index.js';
import { simulate, type EngineResult } from '../../../sim/engine/index.js';
import { inputsFor } from './helpers.js';
import { LOSSLESS } from '../../losslessArch.js';

const tech = loadTech('isaac-32nm');

function chip(tiles: number, links: number): Arch {
  const base = loadArch(LOSSLESS);
  return parseArch({ ...base, name: `${base.name}-${tiles}t${links}l`, chip: { tiles, offChipLinks: { count: links, kind: 'HyperTransport' } } }, 'test: small chip');
}

interface Parked { mapped: MappedNetwork; result: EngineResult; mismatches: number }

/** Runs `name` reloaded on `arch`, with the links' bandwidth replaced when given. */
function runParked(name: string, arch: Arch, images: number, map: Partial<MapOptions>, bandwidthBytesPerS?: number): Parked {
  const net = getNetwork(name);
  const m = mapNetwork(net, arch, { reload: true, ...map }, tech);
  const mapped = bandwidthBytesPerS === undefined ? m : { ...m, offChip: { ...m.offChip, bandwidthBytesPerS } };
  const inputs = inputsFor(net, images);
  const result = simulate({ net, mapped, arch, tech, inputs });
  let mismatches = 0;
  inputs.forEach((x, k) => {
    const ref = runReference(net, x).output.data;
    for (let i = 0; i < ref.length; i++) if (ref[i] !== result.outputs[k][i]) mismatches++;
  });
  return { mapped, result, mismatches };
}

describe('a 2-segment mlp: the parked tensor goes out and comes back', () => {
  const arch = chip(2, 1);
  const linked = runParked('mlp', arch, 2, {});
  const free = runParked('mlp', arch, 2, {}, Infinity);
  const bits = linked.mapped.edges.filter((e) => e.crossesSegment).reduce((s, e) => s + e.bits, 0);

  test('bit-exact, with the parked bits counted once each way per image', () => {
    expect(linked.mapped.segments).toHaveLength(2);
    expect(linked.mismatches).toBe(0);
    expect(linked.result.offChip).toMatchObject({ outBits: 2 * bits, inBits: 2 * bits, bandwidthBytesPerS: 6.4e9 });
    expect(linked.result.offChip!.inBusyPs).toBe(2 * offChipTransferPs(bits, 6.4e9));
  });

  test('the parked bits over the bandwidth, out and in, are the time added, as the model says', () => {
    const addedPs = 2 * offChipTransferPs(bits, 6.4e9);
    expect(linked.result.latencyPs - free.result.latencyPs).toBe(addedPs);
    expect(networkTiming(linked.mapped, arch).parkPs).toBe(addedPs);
    // Batch 1: every image pays it.
    expect(linked.result.imageEndPs[1] - free.result.imageEndPs[1]).toBe(2 * addedPs);
  });

  test('a link slower than the slowest stage spaces the results one transfer apart', () => {
    const batch = 4;
    const slow = runParked('mlp', arch, batch, { batch }, 1e7);
    const transferPs = offChipTransferPs(bits, 1e7);
    const ends = slow.result.imageEndPs;
    for (let k = 1; k < batch; k++) expect(ends[k] - ends[k - 1]).toBe(transferPs);
    const model = networkTiming(slow.mapped, arch);
    expect(Math.abs(slow.result.intervalPs - model.intervalPs) / model.intervalPs).toBeLessThan(0.01);
    expect(Math.abs(slow.result.latencyPs - model.latencyPs) / model.latencyPs).toBeLessThan(0.01);
    expect(slow.mismatches).toBe(0);
  });
});

describe('vgg8 in 4 segments: halving the bandwidth', () => {
  const arch = chip(12, 2);
  const map = { batch: 2 };
  const fast = runParked('vgg8', arch, 2, map);
  const slow = runParked('vgg8', chip(12, 1), 2, map);

  test('adds to the engine\'s batch time what it adds to the model\'s, within 5%', () => {
    expect(fast.mapped.segments.length).toBeGreaterThan(2);
    expect(slow.mapped.offChip.bandwidthBytesPerS).toBe(fast.mapped.offChip.bandwidthBytesPerS / 2);
    const modelPs = networkTiming(slow.mapped, arch).parkPs - networkTiming(fast.mapped, arch).parkPs;
    const enginePs = slow.result.imageEndPs[1] - fast.result.imageEndPs[1];
    expect(modelPs).toBeGreaterThan(0);
    expect(Math.abs(enginePs - modelPs) / modelPs).toBeLessThan(0.05);
    expect(slow.result.offChip!.outBits).toBe(fast.result.offChip!.outBits);
  }, 60_000);

  test('and changes no output', () => {
    expect(fast.mismatches).toBe(0);
    expect(slow.mismatches).toBe(0);
  });
});
