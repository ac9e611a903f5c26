// Shared set-up for the engine tests: a zoo network mapped on an arch, seeded inputs, and the
// reference outputs to compare with.
import { getNetwork } from '../../../workloads/zoo/index.js';
import { loadArch, parseArch, type Arch } from '../../../hw/arch/index.js';
import { loadTech } from '../../../hw/tech/index.js';
import { mapNetwork, type MapOptions } from '../../../hw/mapping/index.js';
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
  const result = simulate({ net, mapped, arch, tech: loadTech(arch.tech), inputs, fidelity: o.fidelity ?? 'exact', ...(o.backPressure === undefined ? {} : { backPressure: o.backPressure }) });
  let mismatches = 0;
  let compared = 0;
  inputs.forEach((x, k) => {
    const ref = runReference(net, x).output.data;
    for (let i = 0; i < ref.length; i++) if (ref[i] !== result.outputs[k][i]) mismatches++;
    compared += ref.length;
  });
  return { net, arch, result, mismatches, compared };
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
