// One home for timing (hw/timing.ts): the engine's pixel time (from its own layout of each copy's
// crossbars) equals the analytical model's (from the mapping's partition), on every preset and on
// random valid archs from the DSE space, for every crossbar layer of several networks. The two
// sides count reads independently; only the formula is shared.
import { describe, expect, test } from 'vitest';
import { listPresets, loadArch, type Arch } from '../../hw/arch/index.js';
import { mapNetwork, pixelTimePs } from '../../hw/mapping/index.js';
import { buildArch, randomGenome } from '../../hw/dse/space.js';
import { buildGraph } from '../../sim/engine/build.js';
import { CrossbarLayerActor } from '../../sim/engine/actors/crossbarLayer.js';
import { Simulator } from '../../sim/kernel/index.js';
import { getNetwork } from '../../workloads/zoo/index.js';
import { SeededRandom } from '../../workloads/random.js';
import { readStepPs, conversionPs, groupRoundColumns, inputBitPlanes, sharedAdcPixelPs, sharedRoundPs, crossbarsPerAdc } from '../../hw/timing.js';
import { presetJson } from './arch/presetJson.js';
import { parseArch } from '../../hw/arch/index.js';

const NETS = [getNetwork('lenet5'), getNetwork('vgg8'), getNetwork('alexnet', { resolution: 64 }), getNetwork('resnet18', { resolution: 32 })];

/** Engine and model pixel times of every crossbar layer of `net` on `arch`, as [name, engine, model]. */
function pixelTimes(arch: Arch, netIndex: number, mapping: 'im2col' | 'kernel-split', dup: 'none' | 'auto' = 'none'): Array<[string, number, number]> {
  const net = NETS[netIndex];
  const mapped = mapNetwork(net, arch, { mapping, dup, reload: true });
  const g = buildGraph(new Simulator(), net, mapped, arch, 'exact', { backPressure: false });
  const out: Array<[string, number, number]> = [];
  mapped.layers.forEach((m, i) => {
    const actor = g.actors[i];
    if (!(actor instanceof CrossbarLayerActor)) return;
    out.push([m.name, actor.pixelPs, pixelTimePs(m, arch) * Math.max(1, m.folds)]);
  });
  return out;
}

describe('engine and model time a pixel alike', () => {
  const presets = listPresets().filter((p) => p !== 'contention');
  test.each(presets)('%s', (preset) => {
    const arch = loadArch(preset);
    for (let n = 0; n < NETS.length; n++) {
      for (const mapping of ['im2col', 'kernel-split'] as const) {
        for (const [name, engine, model] of pixelTimes(arch, n, mapping)) expect(engine, `${NETS[n].name} ${mapping} ${name}`).toBe(model);
      }
    }
  }, 120_000);

  test('on 12 random archs of the DSE space', () => {
    const rng = new SeededRandom(17, 'timing');
    // A 5 ns read against 1.28 GS/s conversions: pixels are conversion-bound, so a part-full
    // crossbar's fewer columns matter and both sides must see the same used columns.
    const isaac = loadArch('isaac');
    const base = { ...isaac, tile: { ...isaac.tile, pe: { ...isaac.tile.pe, crossbar: { ...isaac.tile.pe.crossbar, readLatencyPs: 5000 } } } };
    for (let k = 0; k < 12; k++) {
      const arch = buildArch(base, randomGenome(rng), 64);
      for (let n = 0; n < 2; n++) {
        for (const [name, engine, model] of pixelTimes(arch, n, k % 2 === 0 ? 'im2col' : 'kernel-split')) expect(engine, `${arch.description} ${name}`).toBe(model);
      }
    }
  }, 120_000);
});

/** ISAAC whose ADCs each serve `crossbars` whole crossbars of a PE (the count follows). */
function spanningIsaac(crossbars: number): Arch {
  const json = presetJson('isaac');
  delete (json.tile.pe.adc as { count?: number }).count;
  json.tile.pe.adc.columnsPerAdc = crossbars * json.tile.pe.crossbar.cols;
  return parseArch(json, `isaac-adc-x${crossbars}`);
}

describe('ADCs spanning crossbars', () => {
  test.each([2, 4, 8])('engine and model time a pixel alike when one ADC serves %i crossbars, copies side by side sharing it', (m) => {
    const arch = spanningIsaac(m);
    expect(crossbarsPerAdc(arch)).toBe(m);
    for (let n = 0; n < NETS.length; n++) {
      for (const mapping of ['im2col', 'kernel-split'] as const) {
        for (const dup of ['none', 'auto'] as const) {
          for (const [name, engine, model] of pixelTimes(arch, n, mapping, dup)) expect(engine, `${NETS[n].name} ${mapping} ${dup} ${name}`).toBe(model);
        }
      }
    }
  }, 120_000);

  test('a round converts the used columns of every crossbar still reading', () => {
    const shapes = [{ readsPerPlane: 2, usedCols: 100 }, { readsPerPlane: 1, usedCols: 28 }, { readsPerPlane: 3, usedCols: 8 }];
    expect(groupRoundColumns(shapes)).toEqual([136, 108, 8]);
  });

  test('copies placed side by side share the ADC of the group they straddle, and the slowest group sets the pace', () => {
    const arch = spanningIsaac(2);
    const full = { readsPerPlane: 1, usedCols: 128 };
    const part = { readsPerPlane: 1, usedCols: 32 };
    // A copy of three crossbars [full, full, part]; two copies fill [f f][p f][f p]: the busiest
    // group converts 256 columns per round, 200 ns against a 100 ns read.
    const planes = inputBitPlanes(arch);
    const expected = planes * Math.max(arch.tile.pe.crossbar.readLatencyPs, (256 * 1e12) / arch.tile.pe.adc.sampleRateHz);
    expect(sharedAdcPixelPs(arch, [[2, full], [1, part]], 2)).toBe(expected);
    // One copy alone: [f f][p]; the same busiest group.
    expect(sharedAdcPixelPs(arch, [[2, full], [1, part]], 1)).toBe(expected);
    // A copy of [part] alone: one group of one crossbar converting 32 columns, read-bound.
    expect(sharedAdcPixelPs(arch, [[1, part]], 1)).toBe(planes * sharedRoundPs(arch, 32));
    expect(sharedRoundPs(arch, 32)).toBe(arch.tile.pe.crossbar.readLatencyPs);
  });
});

describe('the read step', () => {
  test('is the slower of the array read and converting the busiest ADC columns, fewer on a part-full crossbar', () => {
    const arch = loadArch('isaac');
    // ISAAC: 128 columns per ADC at 1.28 GS/s = 100 ns, against a 100 ns read.
    expect(conversionPs(arch, 128)).toBe(100_000);
    expect(readStepPs(arch)).toBe(100_000);
    // 40 used columns convert in 31.25 ns: the read sets the pace.
    expect(readStepPs(arch, 40)).toBe(arch.tile.pe.crossbar.readLatencyPs);
    const slowRead = { ...arch, tile: { ...arch.tile, pe: { ...arch.tile.pe, crossbar: { ...arch.tile.pe.crossbar, readLatencyPs: 10_000 } } } };
    expect(readStepPs(slowRead, 40)).toBe(conversionPs(arch, 40));
  });
});
