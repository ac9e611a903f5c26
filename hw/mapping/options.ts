// Mapping options from their text form (CLI flags, sweep files) into MapOptions, with errors that
// name the flag and how to fix it.
import { OhmflowError } from '../../workloads/errors.js';
import { DEFAULT_MAP_OPTIONS } from './mapNetwork.js';
import type { DupPolicy, MapOptions, MappingScheme, Schedule } from './types.js';

export interface MapFlags {
  mapping?: string;
  dup?: string;
  batch?: string;
  reload?: boolean;
  digital?: string;
  schedule?: string;
}

function wholeNumber(text: string, flag: string, fix: string): number {
  const n = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(n) || n < 1) {
    throw new OhmflowError(`expected a whole number >= 1, got "${text}"`, { field: flag, fix });
  }
  return n;
}

/** NAME=COUNT,NAME=COUNT: copies per layer (what `ohmflow explore` writes after its search). */
function perLayerDup(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const pair of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const eq = pair.lastIndexOf('=');
    if (eq <= 0) throw new OhmflowError(`expected NAME=COUNT, got "${pair}"`, { field: '--dup', fix: 'use NAME=COUNT,NAME=COUNT such as conv1=4,conv2=2' });
    out[pair.slice(0, eq)] = wholeNumber(pair.slice(eq + 1), '--dup', 'use NAME=COUNT with a count >= 1');
  }
  return out;
}

export function parseMapFlags(flags: MapFlags): MapOptions {
  let mapping: MappingScheme = DEFAULT_MAP_OPTIONS.mapping;
  if (flags.mapping !== undefined) {
    if (flags.mapping !== 'im2col' && flags.mapping !== 'kernel-split') {
      throw new OhmflowError(`unknown mapping "${flags.mapping}"`, { field: '--mapping', fix: 'use im2col or kernel-split' });
    }
    mapping = flags.mapping;
  }
  let dup: DupPolicy = DEFAULT_MAP_OPTIONS.dup;
  if (flags.dup !== undefined) {
    dup = flags.dup === 'auto' || flags.dup === 'none' ? flags.dup
      : flags.dup.includes('=') ? perLayerDup(flags.dup)
      : wholeNumber(flags.dup, '--dup', 'use auto, none, a count such as 4, or NAME=COUNT,NAME=COUNT');
  }
  const batch = flags.batch === undefined ? DEFAULT_MAP_OPTIONS.batch : wholeNumber(flags.batch, '--batch', 'use a count such as 16');
  let digital: MapOptions['digital'] = DEFAULT_MAP_OPTIONS.digital;
  if (flags.digital !== undefined) {
    digital = flags.digital === 'auto' ? 'auto' : flags.digital === 'none' || flags.digital === '' ? [] : flags.digital.split(',').map((s) => s.trim()).filter(Boolean);
  }
  let schedule: Schedule = 'pipelined';
  if (flags.schedule !== undefined) {
    if (flags.schedule !== 'pipelined' && flags.schedule !== 'layer-by-layer') {
      throw new OhmflowError(`unknown schedule "${flags.schedule}"`, { field: '--schedule', fix: 'use pipelined or layer-by-layer' });
    }
    schedule = flags.schedule;
  }
  if (schedule === 'layer-by-layer' && flags.reload) {
    throw new OhmflowError('--schedule layer-by-layer with --reload is not supported', { field: '--schedule', fix: 'drop --reload (the weights must fit the chip) or use the pipelined schedule' });
  }
  return { mapping, dup, batch, reload: flags.reload ?? false, digital, ...(schedule === 'pipelined' ? {} : { schedule }) };
}
