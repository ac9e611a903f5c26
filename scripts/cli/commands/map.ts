// `ohmflow map`: places a network on a chip and prints the MappedNetwork (plain JSON with --json,
// else a per-layer summary). Also exports the network and flag handling `estimate` shares; its
// options are declared in define/map.ts.
import { existsSync } from 'node:fs';
import { OhmflowError } from '../../../workloads/errors.js';
import type { Network, NetworkSkeleton } from '../../../workloads/ir/types.js';
import { describeNetwork, getNetwork } from '../../../workloads/zoo/index.js';
import { importOnnx, importOnnxSkeleton } from '../../../workloads/onnx/index.js';
import { formatDup, mapNetwork, parseMapFlags, type MappedNetwork, type MapFlags } from '../../../hw/mapping/index.js';
import { loadArch } from '../../../hw/arch/index.js';
import { checkResolution, checkTiles } from '../limits.js';
import { DEFAULT_NET } from '../define/flags.js';

export interface NetFlags extends MapFlags {
  net?: string;
  arch?: string;
  resolution?: string;
  json?: boolean;
  force?: boolean;
}

/**
 * A zoo name or an .onnx file path. With `{ weights: false }` the network comes as a skeleton (no
 * weight arrays: ~1 ms instead of ~0.6 s for zoo ResNet-50; for a float .onnx model, no calibration:
 * seconds instead of minutes), enough for counts, mapping and the analytical model.
 */
export function loadNet(ref: string, resolution?: string): Network;
export function loadNet(ref: string, resolution: string | undefined, options: { weights: false }): NetworkSkeleton;
export function loadNet(ref: string, resolution?: string, options: { weights?: boolean } = {}): Network | NetworkSkeleton {
  const res = resolution === undefined ? undefined : Number(resolution);
  if (res !== undefined && !(Number.isInteger(res) && res > 0)) {
    throw new OhmflowError(`expected a positive whole number, got "${resolution}"`, { field: '--resolution' });
  }
  if (ref.toLowerCase().endsWith('.onnx')) {
    checkOnnxPath(ref);
    return options.weights === false ? importOnnxSkeleton(ref).net : importOnnx(ref);
  }
  const zooOptions = res === undefined ? {} : { resolution: res };
  return options.weights === false ? describeNetwork(ref, zooOptions) : getNetwork(ref, zooOptions);
}

/** An .onnx --net must exist: one error naming the flag, before the file is read. */
export function checkOnnxPath(ref: string): void {
  if (!existsSync(ref)) throw new OhmflowError(`no such file: ${ref}`, { field: '--net', fix: 'give a zoo name (ohmflow networks) or an existing .onnx path' });
}

export function mapFromFlags(flags: NetFlags): { net: NetworkSkeleton; mapped: MappedNetwork; arch: ReturnType<typeof loadArch> } {
  const options = parseMapFlags(flags);
  checkResolution(flags.resolution, flags.force);
  const arch = flags.arch === undefined ? loadArch() : loadArch(flags.arch);
  checkTiles(arch, flags.force);
  const net = loadNet(flags.net ?? DEFAULT_NET, flags.resolution, { weights: false });
  return { net, arch, mapped: mapNetwork(net, arch, options) };
}

function summary(m: MappedNetwork): string {
  const lines = [
    `${m.network} on ${m.arch} (${m.options.mapping}, dup ${formatDup(m.options.dup)}): ${m.budget.crossbarsUsed} of ${m.budget.crossbarsAvailable} crossbars, ${m.segments.length} segment(s)`,
    `${'layer'.padEnd(24)} ${'engine'.padEnd(11)} ${'xbars'.padStart(6)} ${'dup'.padStart(5)} ${'PEs'.padStart(5)}  tiles       seg`,
  ];
  for (const l of m.layers) {
    if (l.engine === 'none') continue;
    const t = l.placement.tiles;
    const tiles = t.length === 0 ? '-' : t.length === 1 ? `${t[0]}` : `${t[0]}-${t[t.length - 1]}`;
    lines.push(`${l.name.padEnd(24)} ${l.engine.padEnd(11)} ${String(l.crossbars).padStart(6)} ${String(l.duplication).padStart(5)} ${String(l.pes).padStart(5)}  ${tiles.padEnd(11)} ${l.segment}`);
  }
  for (const w of m.warnings) lines.push(`warning: ${w}`);
  return lines.join('\n') + '\n';
}

/** `ohmflow map`: the mapping, as JSON or a per-layer summary. */
export function runMap(flags: NetFlags): void {
  const { mapped } = mapFromFlags(flags);
  process.stdout.write(flags.json ? JSON.stringify(mapped) + '\n' : summary(mapped));
}

/** A whole-number flag (default `fallback` when absent), at least `min`. */
export function wholeNumber(text: string | undefined, fallback: number, flag: string, min: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(n) || n < min) {
    throw new OhmflowError(`expected a whole number >= ${min}, got "${text}"`, { field: flag });
  }
  return n;
}
