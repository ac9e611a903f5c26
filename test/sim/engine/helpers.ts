// Shared set-up for the engine tests: a zoo network mapped on an arch, seeded inputs, and the
// reference outputs to compare with.
import { expect } from 'vitest';
import { getNetwork } from '../../../workloads/zoo/index.js';
import { ZooBuilder } from '../../../workloads/zoo/scales.js';
import { loadArch, parseArch, type Arch } from '../../../hw/arch/index.js';
import { loadTech } from '../../../hw/tech/index.js';
import { mapNetwork, type MapOptions, type MappedNetwork } from '../../../hw/mapping/index.js';
import { crossbarConversion } from '../../../hw/mapping/conversion.js';
import { estimate, measureInputActivity } from '../../../hw/ppa/index.js';
import { simulatedReport, crosscheckReport } from '../../../traces/report/runReport.js';
import { runReference } from '../../../workloads/reference/index.js';
import { randomInt8Input } from '../../../workloads/datasets/index.js';
import type { InputLayer, Network } from '../../../workloads/ir/types.js';
import { simulate, type Fidelity, type EngineResult } from '../../../sim/engine/index.js';
import type { Simulator } from '../../../sim/kernel/index.js';
import type { StatDeclaration } from '../../../sim/engine/declaration.js';
import { LOSSLESS } from '../../losslessArch.js';

export interface Run {
  net: Network;
  arch: Arch;
  mapped: MappedNetwork;
  inputs: Int8Array[];
  fidelity: Fidelity;
  result: EngineResult;
  mismatches: number;
  compared: number;
}

export function inputsFor(net: Network, images: number, seed = 1): Int8Array[] {
  const shape = (net.layers.find((l) => l.kind === 'input') as InputLayer).shape;
  return Array.from({ length: images }, (_, i) => randomInt8Input(shape, seed, i));
}

export interface RunOptions {
  arch?: Arch;
  fidelity?: Fidelity;
  images?: number;
  resolution?: number;
  map?: Partial<MapOptions>;
  backPressure?: boolean;
}

export function run(name: string, o: RunOptions = {}): Run {
  return runNetwork(getNetwork(name, o.resolution === undefined ? {} : { resolution: o.resolution }), o);
}

/** Maps and simulates `net` (an imported model, say) and compares every output with the reference. */
export function runNetwork(net: Network, o: Omit<RunOptions, 'resolution'> = {}): Run {
  const arch = o.arch ?? loadArch(LOSSLESS);
  const mapped = mapNetwork(net, arch, o.map ?? {});
  const inputs = inputsFor(net, o.images ?? 1);
  const fidelity = o.fidelity ?? 'exact';
  const backPressure = o.backPressure === undefined ? {} : { backPressure: o.backPressure };
  const result = simulate({ net, mapped, arch, tech: loadTech(arch.tech), inputs, fidelity, ...backPressure });
  let mismatches = 0;
  let compared = 0;
  inputs.forEach((x, k) => {
    const ref = runReference(net, x).output.data;
    for (let i = 0; i < ref.length; i++) if (ref[i] !== result.outputs[k][i]) mismatches++;
    compared += ref.length;
  });
  return { net, arch, mapped, inputs, fidelity, result, mismatches, compared };
}

/** The run beside the analytical model of the same mapping, with the input activity measured on
 *  the run's own images (through the crossbars' conversions when the run modelled them). */
export function crosscheckOf(r: Run): ReturnType<typeof crosscheckReport> {
  const conversion = r.fidelity === 'adc' ? crossbarConversion(r.arch, r.mapped) : undefined;
  const activity = measureInputActivity(r.net, r.mapped, r.arch, r.inputs, conversion);
  const analytical = estimate(r.mapped, r.arch, loadTech(r.arch.tech), { activity });
  return crosscheckReport(simulatedReport(r.result, analytical), analytical);
}

type Crosscheck = ReturnType<typeof crosscheckReport>;

/** The energy figure a test holds to the model: per image in all, or without leakage. */
type EnergyFigure = 'energyErrPct' | 'dynamicEnergyErrPct';

/** The engine near the analytical model: |interval error| below `intervalBoundPct` and |energy
 *  error| below `energyBoundPct`; a failure names the network and both figures. */
export function expectNearModel(network: string, c: Crosscheck, intervalBoundPct: number, energyBoundPct = 1, energy: EnergyFigure = 'energyErrPct'): void {
  const intervalPct = c.intervalErrPct;
  const energyPct = c[energy];
  const figures = `${network}: interval ${intervalPct?.toFixed(2)}% (bound ${intervalBoundPct}%), ${energy === 'energyErrPct' ? 'energy' : 'dynamic energy'} ${energyPct?.toFixed(2)}% (bound ${energyBoundPct}%)`;
  const within = (pct: number | null, boundPct: number) => pct !== null && Math.abs(pct) < boundPct;
  expect({ interval: within(intervalPct, intervalBoundPct), energy: within(energyPct, energyBoundPct) }, figures).toEqual({ interval: true, energy: true });
}

/** The run agrees with the model and the reference: outputs bit-exact, interval and energy near
 *  the model's (expectNearModel); returns the crosscheck. */
export function expectAgreement(r: Run, intervalBoundPct: number, energyBoundPct = 1, energy: EnergyFigure = 'energyErrPct'): Crosscheck {
  expect(r.mismatches, `${r.net.name}: outputs differing from the reference`).toBe(0);
  const c = crosscheckOf(r);
  expectNearModel(r.net.name, c, intervalBoundPct, energyBoundPct, energy);
  return c;
}

/** The default preset with some fields replaced (a deep merge of one level under tile.pe). */
export function defaultArchWith(pe: { crossbar?: Record<string, unknown>; adc?: Record<string, unknown> }): Arch {
  const base = loadArch(LOSSLESS);
  return parseArch({
    ...base,
    name: `${base.name}-modified`,
    tile: { ...base.tile, pe: { ...base.tile.pe, crossbar: { ...base.tile.pe.crossbar, ...pe.crossbar }, adc: { ...base.tile.pe.adc, ...pe.adc } } },
  } as unknown, "test: modified default preset");
}

/** The statistics `owner` registered on `sim` (the kernel's `events` count aside), by name in
 *  registration order, as a declaration lists them. */
export function registeredStats(sim: Simulator, owner: string): Record<string, StatDeclaration> {
  const own = sim.stats().filter((s) => s.owner === owner && s.stat !== 'events');
  return Object.fromEntries(own.map((s) => [s.stat, { unit: s.unit, description: s.description }]));
}

/** A DenseNet in small: two dense blocks of `layers` layers (1x1 then 3x3 conv of `growth` channels,
 *  each reading the concat of the block input and every earlier layer's output) and a transition
 *  between them (scheduleHold.test.ts, outputShares.test.ts). */
export function miniDenseNet(layers: number, growth = 8): Network {
  const z = new ZooBuilder('mini-densenet', 3);
  const x = z.input([3, 32, 32]);
  let block = z.maxPool('pool0', z.conv('conv0', x, { outChannels: 16, kernel: 3, padding: 1, relu: true }), { kernel: 2 });
  for (const b of [1, 2]) {
    const feats = [block];
    for (let l = 1; l <= layers; l++) {
      const input = feats.length === 1 ? feats[0] : z.concat(`b${b}.l${l}.cat`, feats);
      const narrow = z.conv(`b${b}.l${l}.conv1`, input, { outChannels: 16, kernel: 1, relu: true });
      feats.push(z.conv(`b${b}.l${l}.conv2`, narrow, { outChannels: growth, kernel: 3, padding: 1, relu: true }));
    }
    const out = z.concat(`b${b}.cat`, feats);
    block = b === 1 ? z.avgPool('t1.pool', z.conv('t1.conv', out, { outChannels: 32, kernel: 1, relu: true }), { kernel: 2 }) : out;
  }
  return z.build(z.dense('fc', z.flatten('flat', z.globalAvgPool('gap', block)), { outFeatures: 10, relu: false }));
}
