// Checks a sweep point before anything runs: the network exists, the flags parse, the resolution
// is a positive whole number, and the arch with its overrides validates. What only the run can
// tell (the weights do not fit the chip) is left to the point's result.
import { existsSync } from 'node:fs';
import { isZooNetwork } from '../../workloads/zoo/index.js';
import { parseMapFlags } from '../../hw/mapping/options.js';
import { archForPoint, resolveRef } from './evaluatePoint.js';
import type { SweepPoint } from './spec.js';

/** Why the point cannot run, or undefined when it can be tried. */
function pointProblem(p: SweepPoint, baseDir: string): string | undefined {
  try {
    const net = resolveRef(p.net, baseDir);
    if (net.toLowerCase().endsWith('.onnx') ? !existsSync(net) : !isZooNetwork(net)) {
      return `net "${p.net}" is neither a zoo network nor an existing .onnx file`;
    }
    if (p.resolution !== undefined && (!Number.isInteger(p.resolution) || p.resolution < 1)) return `resolution ${p.resolution} is not a positive whole number`;
    if (p.batch !== undefined && (!Number.isInteger(p.batch) || p.batch < 1)) return `batch ${p.batch} is not a positive whole number`;
    parseMapFlags({ mapping: p.mapping, dup: p.dup, reload: p.reload, digital: p.digital, batch: p.batch === undefined ? undefined : String(p.batch) });
    archForPoint(p, baseDir);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** Every invalid point of a sweep, as "point I: reason". */
export function sweepProblems(points: readonly SweepPoint[], baseDir: string): string[] {
  const out: string[] = [];
  points.forEach((p, i) => {
    const why = pointProblem(p, baseDir);
    if (why !== undefined) out.push(`point ${i} (${JSON.stringify(p)}): ${why}`);
  });
  return out;
}
