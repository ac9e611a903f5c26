// Where a crossbar layer's copies spread over tiles and PEs, and the data movement that costs, on
// layers small enough to work out by hand (default chip: 4 crossbars of 128 x 128 per PE, 16 PEs
// per tile, 8-bit weights in 4 columns, so 32 weights per crossbar row; 32-bit flits).
import { describe, expect, it } from 'vitest';
import { loadArch } from '../../../hw/arch/index.js';
import { loadTech } from '../../../hw/tech/load.js';
import { copySpans, lineBuffers, mapNetwork, partialSumBits } from '../../../hw/mapping/index.js';
import { edgeFlows, estimate } from '../../../hw/ppa/index.js';
import { spanFlow } from '../../../hw/ppa/spanFlow.js';
import { pixelWork } from '../../../hw/ppa/resources.js';
import { conv, net } from '../mapping/fixtures.js';

const neurosim = loadArch('rram-lossless-32nm');
const tech = loadTech(neurosim.tech);

describe('copies on several tiles keep a line buffer on each, fed by multicast', () => {
  // a: one copy on PE 0. b: 16 x 9 = 144 rows, 2 crossbars per copy, 64 copies on PEs 1..32,
  // i.e. tiles 0 (30 copies), 1 (32) and 2 (2).
  const n = net('two', [8, 8, 8], [conv('a', 'in', 16, 3, { pad: 1 }), conv('b', 'a', 16, 3, { pad: 1 })]);
  const mapped = mapNetwork(n, neurosim, { dup: { a: 1, b: 64 } }, tech);
  const b = mapped.layers.find((l) => l.name === 'b')!;

  it('b has a line buffer on each of its tiles, every one with all channels', () => {
    expect(b.placement.tiles).toEqual([0, 1, 2]);
    expect(lineBuffers(b, neurosim)).toEqual([0, 1, 2].map((tile) => ({ tile, fraction: 1, carried: 1 })));
  });

  it('each of a\'s pixels reaches b\'s band locally and is multicast to tiles 1 and 2: 64 packets x 4 flits x 3 routers', () => {
    const f = edgeFlows(mapped, neurosim).find((x) => x.consumer.name === 'b')!;
    expect(f.routes.every((r) => r.srcTile === r.dstTile)).toBe(true);
    expect(f.forward.map((r) => [r.srcTile, r.dstTile, r.hops, r.packets, r.flitsPerPacket])).toEqual([[0, 1, 1, 64, 4], [1, 2, 1, 64, 4]]);
    expect(f.flitHops).toBe(64 * 4 * 3);
    // Every line buffer is written every pixel of a: 3 x 64 x 16 x 8 bits, charged to a.
    expect(f.deliveredBits).toBe(3 * 64 * 16 * 8);
    const a = estimate(mapped, neurosim, tech);
    expect(a.layers.find((l) => l.name === 'b')!.opCounts.nocFlitHops).toBe(64 * 4 * 3);
    expect(a.layers.find((l) => l.name === 'a')!.opCounts.bufferWrites).toBe(Math.ceil((3 * 64 * 16 * 8) / 256));
  });

  it('copies on other tiles fetch on their own tile\'s buffer port and bus', () => {
    const bound = estimate(mapped, neurosim, tech);
    const users = bound.busiestResources.flatMap((r) => (r.layers.includes('b') ? [r.resource] : []));
    expect(users.some((r) => /^tile [12] /.test(r))).toBe(true);
  });
});

describe('a copy spanning PEs and tiles merges its partial sums', () => {
  // 512 x 9 = 4608 rows: 36 row blocks x 2 column blocks (64 outputs) = 72 crossbars from PE 0:
  // tile 0 holds row blocks 0..31 (PE p: row blocks 2p, 2p+1, both column blocks), tile 1 the rest.
  const n = net('wide', [512, 4, 4], [conv('c', 'in', 64, 3, { pad: 1 })]);
  const mapped = mapNetwork(n, neurosim, { dup: 'none' }, tech);
  const c = mapped.layers[1];
  const psum = 8 + 8 + Math.ceil(Math.log2(4608));

  it('partial sums are inputBits + weightBits + ceil(log2(dot product length)) wide', () => expect(partialSumBits(c, neurosim)).toBe(psum));

  it('tile 0 merges 15 PEs\' sums of 64 channels, tile 1 one PE\'s, and tile 1 sends both column blocks to tile 0', () => {
    const [span] = copySpans(c, neurosim);
    expect(span.parts.map((p) => [p.tile, p.windowValues, p.mergeValues, p.addValues])).toEqual([[0, 32 * 128, 15 * 64, 64], [1, 4 * 128, 64, 0]]);
    expect(span.parts[1].sends).toEqual([[0, 32], [1, 32]]);
  });

  it('each tile keeps the input channels of its row blocks (im2col rows are channel-major)', () => {
    // Rows 0..4095 read channels 0..455, rows 4096..4607 channels 455..511.
    expect(lineBuffers(c, neurosim)).toEqual([{ tile: 0, fraction: 456 / 512, carried: 1 }, { tile: 1, fraction: 57 / 512, carried: 57 / 512 }]);
  });

  it('per pixel: merge bits over the buses, one add per moved value, two 29-flit packets over one hop', () => {
    const pixels = 16;
    const flow = spanFlow(c, neurosim, pixelWork(c, neurosim).windowBits);
    expect(flow.mergeBusBits).toBe(pixels * (15 * 64 + 64) * psum);
    expect(flow.accumulateOps).toBe(pixels * (15 * 64 + 64 + 64));
    expect(flow.copies[0].sums.flatMap((run) => run.packets.map((r) => r.flitsPerPacket))).toEqual([29, 29]);
    expect(flow.flitHops).toBe(pixels * 2 * 29 * 2);
    const counts = estimate(mapped, neurosim, tech).layers[1].opCounts;
    expect(counts.nocFlitHops).toBe(pixels * 2 * 29 * 2);
    expect(counts.shiftAdds).toBe(counts.adcConversions + 64 * pixels + pixels * (15 * 64 + 64 + 64));
    expect(counts.busBits).toBe(pixels * 4608 * 8 + pixels * (15 * 64 + 64) * psum);
  });

  it('each pixel is out after its crossbar time plus the merge (tile 0: 960 adds on 4 shift-add units)', () => {
    // One copy, 16 pixels of 8 planes x 16 reads x 10 ns one after another; tile 0's merge alone
    // keeps its shift-add units 240 cycles (1 ns) per pixel.
    const t = estimate(mapped, neurosim, tech).layers[1];
    expect((t.endNs - t.startNs)).toBeGreaterThan(16 * 8 * 16 * 10 + 240);
  });
});
