// mapNetwork: budget, duplication, reloading, digital assignment and placement, as specifications.
import { describe, expect, it } from 'vitest';
import { loadArch } from '../../../hw/arch/index.js';
import { mapNetwork, routerOf, hopsBetween, stageTimePs } from '../../../hw/mapping/index.js';
import { isOhmflowError } from '../../../workloads/errors.js';
import { getNetwork } from '../../../workloads/zoo/index.js';
import { conv, net, oneConv } from './fixtures.js';

const isaac = loadArch('isaac');
const neurosim = loadArch('rram-lossless-32nm');
const aero = loadArch('aero-hybrid');

function interval(m: ReturnType<typeof mapNetwork>, arch: typeof isaac): number {
  return Math.max(...m.layers.map((l) => stageTimePs(l, arch)));
}

describe('mapNetwork', () => {
  it('is plain JSON: a round trip changes nothing', () => {
    const m = mapNetwork(getNetwork('lenet5'), neurosim);
    expect(JSON.parse(JSON.stringify(m))).toEqual(m);
  });

  it('an ISAAC pixel takes 16 input bits x one 100 ns read', () => {
    const m = mapNetwork(oneConv(16, 8, 16, 3, { pad: 1 }), isaac, { dup: 'none' });
    const c = m.layers.find((l) => l.name === 'c')!;
    // 64 pixels, 16 planes of 1-bit DACs, max(100 ns read, 128 columns / 1.28 GS/s = 100 ns).
    expect(stageTimePs(c, isaac)).toBe(64 * 16 * 100_000);
  });

  for (const [archName, arch] of [['isaac', isaac], ['rram-lossless-32nm', neurosim]] as const) {
    for (const netName of ['vgg8', 'resnet18']) {
      it(`dup auto stays within the PEs and never slows the pipeline (${netName} on ${archName})`, () => {
        const net = getNetwork(netName);
        const none = mapNetwork(net, arch, { dup: 'none' });
        const auto = mapNetwork(net, arch, { dup: 'auto' });
        expect(auto.budget.pesUsed).toBeLessThanOrEqual(auto.budget.pesAvailable);
        expect(auto.budget.crossbarsUsed).toBeLessThanOrEqual(auto.budget.crossbarsAvailable);
        expect(interval(auto, arch)).toBeLessThanOrEqual(interval(none, arch));
        for (const l of auto.layers) expect(l.duplication).toBeLessThanOrEqual(Math.max(1, l.outputPixels));
      });
    }
  }

  it('places a layer on consecutive PEs and tiles, each on the serpentine mesh', () => {
    const m = mapNetwork(getNetwork('resnet18'), isaac);
    let end = 0;
    for (const l of m.layers.filter((x) => x.engine === 'crossbar')) {
      expect(l.placement.firstPe).toBe(end); // a layer starts where the previous one ended
      end = l.placement.endPe;
      const t = l.placement.tiles;
      expect(t).toEqual(Array.from({ length: t.length }, (_, i) => t[0] + i));
    }
    // 4 tiles per router, 7 routers per row: tile 27 is router 6 (x 6, y 0), tile 28 router 7 (x 6, y 1).
    expect(routerOf(27, isaac)).toEqual([6, 0]);
    expect(routerOf(28, isaac)).toEqual([6, 1]);
    expect(hopsBetween(27, 28, isaac)).toBe(1);
    expect(hopsBetween(0, 28, isaac)).toBe(7);
  });

  it('a join (add, concat) runs on the tiles of its input placed last, not always its first input', () => {
    // ResNet-18's downsampling block: add(conv2, downsample); the downsample conv is placed after
    // conv2, so the add sits on its tiles. Its first input's tiles (conv2's) are where a chain of
    // joins once piled up every line buffer of a ShuffleNet stage.
    const m = mapNetwork(getNetwork('resnet18'), isaac);
    const byName = new Map(m.layers.map((l) => [l.name, l]));
    const add = byName.get('layer2.0.add')!;
    const [main, skip] = add.inputs.map((n) => byName.get(n)!);
    expect(skip.name).toBe('layer2.0.downsample');
    expect(skip.placement.endPe).toBeGreaterThan(main.placement.endPe);
    expect(add.placement.tiles).toEqual(skip.placement.tiles);
    expect(add.placement.tiles).not.toEqual(main.placement.tiles);
    // A block without a downsample conv: the main branch is the input placed last.
    const plain = byName.get('layer1.0.add')!;
    expect(plain.placement.tiles).toEqual(byName.get('layer1.0.conv2')!.placement.tiles);
  });

  it('a channel product runs on the tiles of its feature map, though its [C, 1, 1] gate is placed last', () => {
    const se = net('se', [256, 8, 8], [
      conv('body', 'in', 512, 3, { pad: 1 }),
      { kind: 'globalavgpool', name: 'squeeze', inputs: ['body'], outQuant: { scale: 1, zeroPoint: 0 } },
      conv('reduce', 'squeeze', 32, 1),
      conv('excite', 'reduce', 512, 1),
      { kind: 'mul', name: 'scale', inputs: ['body', 'excite'], outQuant: { scale: 1, zeroPoint: 0 } },
    ]);
    const m = mapNetwork(se, isaac, { dup: 'none' });
    const byName = new Map(m.layers.map((l) => [l.name, l]));
    const [body, scale, excite] = ['body', 'scale', 'excite'].map((n) => byName.get(n)!);
    expect(excite.placement.endPe).toBeGreaterThan(body.placement.endPe);
    expect(excite.placement.tiles).not.toEqual(body.placement.tiles);
    expect(scale.placement.tiles).toEqual(body.placement.tiles);
  });

  it('line buffer of a 3x3 conv over 16 x 8 x 8: (2 rows x 8 + 3) pixels x 16 channels x 1 byte', () => {
    const m = mapNetwork(oneConv(16, 8, 16, 3, { pad: 1 }), neurosim);
    expect(m.layers.find((l) => l.name === 'c')!.lineBufferBytes).toBe((2 * 8 + 3) * 16);
  });

  it('without --reload, weights that do not fit are an error naming crossbars needed vs available and the fix', () => {
    let error: unknown;
    try {
      mapNetwork(getNetwork('resnet34'), aero);
    } catch (e) {
      error = e;
    }
    expect(isOhmflowError(error)).toBe(true);
    const message = (error as Error).message;
    expect(message).toMatch(/need \d+ crossbars/);
    expect(message).toContain('has 256');
    expect(message).toContain('--reload');
    expect(message).toContain('chip.tiles');
  });

  it('with --reload, segments each fit the chip and writes are amortized over the batch', () => {
    const net = getNetwork('resnet18');
    const m = mapNetwork(net, aero, { reload: true, batch: 8 });
    expect(m.reloading).toBe(true);
    expect(m.segments.length).toBeGreaterThan(1);
    for (const s of m.segments) {
      expect(s.pes).toBeLessThanOrEqual(aero.chip.tiles * aero.tile.peCount);
      expect(s.cellsWritten).toBeGreaterThan(0);
      expect(s.writeLatencyPs).toBeGreaterThan(0);
    }
    // Every weight cell is written once per batch: 11.7 M weights x 4 cells at least.
    const cells = m.segments.reduce((s, g) => s + g.cellsWritten, 0);
    expect(cells).toBeGreaterThanOrEqual(4 * 11_000_000);
  });

  it('sends named layers to digital MAC PEs, and refuses when the arch has none', () => {
    const net = getNetwork('vgg8');
    const name = net.layers.find((l) => l.kind === 'conv2d')!.name;
    const m = mapNetwork(net, aero, { digital: [name], reload: true });
    const l = m.layers.find((x) => x.name === name)!;
    expect(l.engine).toBe('digitalMac');
    expect(l.crossbars).toBe(0);
    expect(l.digitalLanes).toBe(aero.tile.digitalMacPes!.count * aero.tile.digitalMacPes!.macsPerCycle * l.duplication);
    expect(() => mapNetwork(net, isaac, { digital: [name] })).toThrow(/digital MAC PEs/);
  });

  it('auto digital sends depthwise convs to digital PEs on a hybrid chip only', () => {
    const dw = oneConv(32, 8, 32, 3, { pad: 1, groups: 32 });
    expect(mapNetwork(dw, aero).layers.find((l) => l.name === 'c')!.engine).toBe('digitalMac');
    expect(mapNetwork(dw, neurosim).layers.find((l) => l.name === 'c')!.engine).toBe('crossbar');
  });
});
