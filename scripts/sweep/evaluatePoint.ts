// Evaluates one sweep point with the analytical model: load the net and arch (paths relative to
// the sweep file), apply overrides, map, estimate. A point that cannot run (weights do not fit,
// a bad override) yields a result with `error`, so a resumed sweep does not retry it forever.
import { isAbsolute, join } from 'node:path';
import { isOhmflowError } from '../../workloads/errors.js';
import type { NetworkSkeleton } from '../../workloads/ir/types.js';
import { getNetwork } from '../../workloads/zoo/index.js';
import { importOnnxSkeleton } from '../../workloads/onnx/index.js';
import { loadArch, parseArch } from '../../hw/arch/load.js';
import { chipTotals } from '../../hw/arch/rollup.js';
import type { Arch } from '../../hw/arch/schema.js';
import { mapNetwork } from '../../hw/mapping/mapNetwork.js';
import { parseMapFlags } from '../../hw/mapping/options.js';
import { estimate } from '../../hw/ppa/estimate.js';
import { loadTech } from '../../hw/tech/load.js';
import { metricsOf, type DesignMetrics } from '../../hw/dse/objective.js';
import type { SweepPoint } from './spec.js';

export interface PointResult {
  index: number;
  point: SweepPoint;
  metrics?: DesignMetrics;
  error?: string;
}

export function resolveRef(ref: string, baseDir: string): string {
  const isPath = ref.endsWith('.json') || ref.endsWith('.onnx') || ref.includes('/');
  return isPath && !isAbsolute(ref) ? join(baseDir, ref) : ref;
}

function setPath(obj: Record<string, unknown>, dotted: string, value: unknown): void {
  const keys = dotted.split('.');
  let cur: Record<string, unknown> = obj;
  for (const k of keys.slice(0, -1)) {
    if (typeof cur[k] !== 'object' || cur[k] === null) throw new Error(`override "${dotted}": the arch has no section "${k}" there`);
    cur[k] = { ...(cur[k] as Record<string, unknown>) };
    cur = cur[k] as Record<string, unknown>;
  }
  cur[keys[keys.length - 1]] = value;
}

export function archForPoint(p: SweepPoint, baseDir: string): Arch {
  const arch = loadArch(resolveRef(p.arch, baseDir));
  if (!p.overrides || Object.keys(p.overrides).length === 0) return arch;
  const copy = structuredClone(arch) as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(p.overrides)) setPath(copy, k, v);
  return parseArch(copy, `${p.arch} with overrides`);
}

/** Networks already built in this process (building synthetic weights dominates small points). */
export type NetCache = Map<string, NetworkSkeleton>;

function netForPoint(p: SweepPoint, baseDir: string, cache?: NetCache): NetworkSkeleton {
  const ref = resolveRef(p.net, baseDir);
  const key = `${ref}@${p.resolution ?? ''}`;
  const hit = cache?.get(key);
  if (hit) return hit;
  // The analytical model reads geometry only: an ONNX model's skeleton needs no calibration.
  const net = ref.toLowerCase().endsWith('.onnx') ? importOnnxSkeleton(ref).net : getNetwork(ref, p.resolution === undefined ? {} : { resolution: p.resolution });
  cache?.set(key, net);
  return net;
}

export function evaluatePoint(index: number, p: SweepPoint, baseDir: string, cache?: NetCache): PointResult {
  try {
    const arch = archForPoint(p, baseDir);
    const tech = loadTech(arch.tech);
    const options = parseMapFlags({
      mapping: p.mapping, dup: p.dup, reload: p.reload, digital: p.digital,
      batch: p.batch === undefined ? undefined : String(p.batch),
    });
    const a = estimate(mapNetwork(netForPoint(p, baseDir, cache), arch, options), arch, tech);
    return { index, point: p, metrics: metricsOf(a, chipTotals(arch, tech).powerW) };
  } catch (error) {
    if (isOhmflowError(error) || error instanceof Error) return { index, point: p, error: (error as Error).message };
    throw error;
  }
}
