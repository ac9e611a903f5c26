// Engine and model count the same ejection-port work per segment. The zoo's alexnet `--reload
// --batch 8 --images 8` once read as a count gap (tile 30's port busy 58.0 us per image against the
// model's 52.04, tiles 42-51 48.7 against 42.74): that was the port's whole run, whose fc2 partial
// sums (segment 2, 5.96 us per image on each of those ports) come after segment 0 is done. Here a
// small reloading alexnet with no copies (so no dispatch rule moves pixels between tiles).
import { describe, expect, test } from 'vitest';
import { loadArch } from '../../../hw/arch/index.js';
import { loadTech } from '../../../hw/tech/index.js';
import { mapNetwork } from '../../../hw/mapping/index.js';
import { networkTiming } from '../../../hw/ppa/latency.js';
import { simulate } from '../../../sim/engine/index.js';
import { EjectionTally, ejectionBusyBySegment } from '../../../sim/engine/ejectionTally.js';
import { getNetwork } from '../../../workloads/zoo/index.js';
import { inputsFor } from './helpers.js';

describe('alexnet at 64x64 on the default chip, --reload --dup none, one image', () => {
  const arch = loadArch('neurosim-vgg8');
  const net = getNetwork('alexnet', { resolution: 64 });
  const mapped = mapNetwork(net, arch, { reload: true, batch: 1, dup: 'none' });
  const tally = new EjectionTally();
  simulate({ net, mapped, arch, tech: loadTech(arch.tech), inputs: inputsFor(net, 1), fidelity: 'adc', activityTrace: tally });
  const engine = ejectionBusyBySegment(tally, mapped, 1);
  const model = new Map([...networkTiming(mapped, arch).resources.busyPs].filter(([k]) => k.endsWith('ejection port')));

  test('runs in several segments', () => {
    expect(mapped.segments.length).toBeGreaterThan(1);
    expect(model.size).toBeGreaterThan(10);
  });

  test('every tile\'s ejection port is busy per segment as long in the engine as the model counts (within 0.1%)', () => {
    const off: string[] = [];
    for (const key of new Set([...model.keys(), ...engine.keys()])) {
      const m = model.get(key) ?? 0;
      const e = engine.get(key) ?? 0;
      if (Math.abs(e - m) > 1e-3 * Math.max(m, e)) off.push(`${key}: engine ${(e / 1e6).toFixed(3)} us, model ${(m / 1e6).toFixed(3)} us`);
    }
    expect(off).toEqual([]);
  });

  test('some ports serve several segments: their whole-run busy time is no one segment\'s', () => {
    const segmentsOf = new Map<string, number>();
    for (const key of engine.keys()) {
      const port = key.replace(/^s\d+ /, '');
      segmentsOf.set(port, (segmentsOf.get(port) ?? 0) + 1);
    }
    expect([...segmentsOf.values()].some((n) => n > 1)).toBe(true);
  });
});
