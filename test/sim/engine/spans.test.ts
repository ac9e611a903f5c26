// The engine moves what the analytical model counts where a crossbar layer's copies spread over
// tiles and PEs: rows multicast to the line buffers on the layer's other tiles, partial sums merged
// over tile buses and sent between tiles. The engine counts them as its actors do the work, from
// its own crossbar layout; the counts must equal the model's formulas, and the outputs stay exact.
import { describe, expect, test } from 'vitest';
import { loadArch } from '../../../hw/arch/index.js';
import { loadTech } from '../../../hw/tech/index.js';
import { mapNetwork, type MapOptions } from '../../../hw/mapping/index.js';
import { estimate } from '../../../hw/ppa/index.js';
import { ZooBuilder } from '../../../workloads/zoo/index.js';
import { runReference } from '../../../workloads/reference/index.js';
import type { Network } from '../../../workloads/ir/types.js';
import { simulate } from '../../../sim/engine/index.js';
import { inputsFor } from './helpers.js';

const arch = loadArch('rram-lossless-32nm');
const tech = loadTech(arch.tech);

function runNet(n: Network, map: Partial<MapOptions>, images: number) {
  const mapped = mapNetwork(n, arch, map, tech);
  const inputs = inputsFor(n, images);
  const r = simulate({ net: n, mapped, arch, tech, inputs });
  const a = estimate(mapped, arch, tech);
  const layer = (name: string) => ({ sim: r.layers.find((l) => l.name === name)!.tally, model: a.layers.find((l) => l.name === name)!.opCounts });
  const exact = inputs.every((x, k) => r.outputs[k].every((v, i) => v === runReference(n, x).output.data[i]));
  return { r, a, layer, exact };
}

describe('a layer whose copies sit on three tiles', () => {
  // b: 64 copies of 2 crossbars on PEs 1..32 (tiles 0, 1, 2), after a's one copy on PE 0.
  const z = new ZooBuilder('three-tiles', 7);
  z.conv('b', z.conv('a', z.input([8, 8, 8]), { outChannels: 16, kernel: 3, padding: 1, relu: true }), { outChannels: 16, kernel: 3, padding: 1, relu: false });
  const images = 2;
  const { layer, exact } = runNet(z.build('b'), { dup: { a: 1, b: 64 } }, images);

  test('stays bit-exact', () => expect(exact).toBe(true));

  test('every pixel of a is multicast from tile 0 along tiles 1 and 2: 64 packets x 4 flits x 3 routers per image, as the model counts', () => {
    const b = layer('b');
    expect(b.sim.nocFlitHops / images).toBe(64 * 4 * 3);
    expect(b.model.nocFlitHops).toBe(64 * 4 * 3);
  });

  test('a\'s pixels are written into all three line buffers (charged to a)', () => {
    const a = layer('a');
    expect(a.sim.bufferWriteBits / images).toBe(3 * 64 * 16 * 8);
    expect(a.model.bufferWrites).toBe(Math.ceil((3 * 64 * 16 * 8) / 256));
  });
});

describe('a copy spanning 17 PEs on two tiles', () => {
  // 512 x 9 rows: 36 row blocks x 2 column blocks = 72 crossbars from PE 0: 64 on tile 0 (16 PEs,
  // each with both column blocks), 8 on tile 1 (2 PEs).
  const z = new ZooBuilder('wide', 3);
  z.conv('c', z.input([512, 4, 4]), { outChannels: 64, kernel: 3, padding: 1, relu: true });
  const images = 2;
  const pixels = 16;
  const psum = 8 + 8 + 13;
  const { layer, exact } = runNet(z.build('c'), { dup: 'none' }, images);
  const c = layer('c');

  test('stays bit-exact', () => expect(exact).toBe(true));

  test('moves per pixel 15 x 64 sums over tile 0\'s bus and 64 over tile 1\'s, as the model counts', () => {
    const windowBits = 4608 * 8;
    expect(c.sim.busBits / images).toBe(pixels * (windowBits + (15 * 64 + 64) * psum));
    expect(c.model.busBits).toBe(c.sim.busBits / images);
  });

  test('adds every moved sum once on tile shift-add units (960 + 64 merged, 64 arriving from tile 1)', () => {
    const crossbarShiftAdds = c.sim.adcConversions + 64 * pixels * images;
    expect((c.sim.shiftAdds - crossbarShiftAdds) / images).toBe(pixels * (15 * 64 + 64 + 64));
    expect(c.model.shiftAdds).toBe(c.sim.shiftAdds / images);
  });

  test('sends tile 1\'s two column blocks to tile 0 as 29-flit packets over one hop', () => {
    expect(c.sim.nocFlitHops / images).toBe(pixels * 2 * 29 * 2);
    expect(c.model.nocFlitHops).toBe(pixels * 2 * 29 * 2);
  });
});
