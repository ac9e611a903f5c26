// How a band deals pixels to its lanes (sim/engine/actors/dealing.ts): to the lane with room that
// has been dealt the fewest, so a copy skipped while busy is paid back once it has room. Checked on
// hand-built bands, then on resnet18 at 64x64 on the default chip, whose layer1.1.conv1 has 20
// copies on 4 tiles.
import { describe, expect, test } from 'vitest';
import { LANE_DEPTH, pickLane } from '../../../../sim/engine/actors/dealing.js';
import type { Band, Lane } from '../../../../sim/engine/actors/layerState.js';
import { CreditPool } from '../../../../sim/engine/credits.js';
import { Simulator } from '../../../../sim/kernel/index.js';
import { buildGraph } from '../../../../sim/engine/build.js';
import { startPhases } from '../../../../sim/engine/phases.js';
import { runToEnd } from '../../../../sim/engine/runLoop.js';
import { getNetwork } from '../../../../workloads/zoo/index.js';
import { loadArch } from '../../../../hw/arch/index.js';
import { mapNetwork } from '../../../../hw/mapping/index.js';
import { inputsFor } from '../helpers.js';

function lane(tile: number, dealt: number, computing = 0): Lane {
  return { tile, band: 0, inFlight: computing, computing, outputDepth: 0, freePs: 0, busyPs: 0, dealt };
}

function band(lanes: Lane[]): Band {
  return { tile: lanes[0].tile, lanes, rows: [], current: 0, nextLane: 0, buffer: new CreditPool('b', Infinity), share: new CreditPool('s', Infinity), releaseAfter: [] };
}

describe('pickLane', () => {
  test('a busy copy behind its share takes the pixel before an idle one ahead of it', () => {
    const b = band([lane(0, 5), lane(0, 5), lane(1, 3, 1)]);
    expect(pickLane(b)).toBe(b.lanes[2]);
    expect(b.lanes[2].dealt).toBe(4);
  });

  test('a copy without room is skipped; none with room gives undefined', () => {
    const b = band([lane(0, 5), lane(1, 0, LANE_DEPTH)]);
    expect(pickLane(b)).toBe(b.lanes[0]);
    b.lanes[0].computing = b.lanes[0].inFlight = LANE_DEPTH;
    expect(pickLane(b)).toBeUndefined();
  });

  test('equal counts: the one with fewest before its stage, then in turn from the last picked', () => {
    const b = band([lane(0, 2, 1), lane(0, 2), lane(0, 2)]);
    expect(pickLane(b)).toBe(b.lanes[1]);
    const c = band([lane(0, 0), lane(0, 0), lane(0, 0)]);
    const order = [0, 1, 2].map(() => c.lanes.indexOf(pickLane(c)!));
    expect(order).toEqual([0, 1, 2]);
  });
});

describe('resnet18 at 64x64 on the default chip, two images', () => {
  test("layer1.1.conv1's copies (band on tile 9, the others on tiles 10-12) keep near an even split", () => {
    const net = getNetwork('resnet18', { resolution: 64 });
    const arch = loadArch();
    const mapped = mapNetwork(net, arch, {});
    const sim = new Simulator();
    const g = buildGraph(sim, net, mapped, arch, 'exact');
    const inputs = inputsFor(net, 2);
    runToEnd(sim, g, inputs.length, startPhases(sim, g, mapped, inputs), undefined, 0);
    const conv = g.actors.find((a) => a?.mapped.name === 'layer1.1.conv1')!;
    expect(conv.bands.length).toBe(1);
    const lanes = conv.bands[0].lanes;
    expect(new Set(lanes.map((l) => l.tile)).size).toBeGreaterThan(1);
    const dealt = lanes.map((l) => l.dealt);
    const total = dealt.reduce((a, b) => a + b, 0);
    expect(total).toBe(2 * conv.pixels);
    // Mean absolute deviation from the even share: 14.7% dealing to the first idle copy (the band
    // tile's copies 35 pixels each, the others 21 to 24), 8.4% with this rule.
    const even = total / lanes.length;
    const deviation = dealt.reduce((a, d) => a + Math.abs(d - even), 0) / total;
    expect(deviation).toBeLessThan(0.1);
  }, 120_000);
});
