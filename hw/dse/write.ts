// Writes a found design so the other commands take it directly: DIR/arch.json (loadArch accepts
// it) and DIR/mapping.json (map options with the per-layer duplication, and the command lines).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatDup } from '../mapping/mapNetwork.js';
import type { SynthesisResult } from './synthesize.js';

interface WrittenDesign {
  archPath: string;
  mappingPath: string;
  estimateCommand: string;
}

export function writeDesign(dir: string, r: SynthesisResult, netRef: string): WrittenDesign {
  mkdirSync(dir, { recursive: true });
  const archPath = join(dir, 'arch.json');
  const mappingPath = join(dir, 'mapping.json');
  const o = r.best.options;
  const flags = [`--net ${netRef}`, `--arch ${archPath}`, `--mapping ${o.mapping}`, `--dup ${formatDup(o.dup) || 'none'}`, `--batch ${o.batch}`];
  if (o.reload) flags.push('--reload');
  flags.push(`--digital ${o.digital === 'auto' ? 'auto' : o.digital.length === 0 ? 'none' : o.digital.join(',')}`);
  const estimateCommand = `ohmflow estimate ${flags.join(' ')}`;
  writeFileSync(archPath, JSON.stringify(r.best.arch, null, 2) + '\n');
  writeFileSync(mappingPath, JSON.stringify({
    network: netRef,
    options: o,
    metrics: r.best.metrics,
    baseline: r.baseline,
    estimate: estimateCommand,
    simulate: `ohmflow simulate ${flags.join(' ')}`,
  }, null, 2) + '\n');
  return { archPath, mappingPath, estimateCommand };
}
