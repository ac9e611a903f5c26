// `ohmflow arch [PRESET|FILE] [--json] [--schema] [--list]`: a chip's area, peak power and peak
// throughput with breakdowns, rolled up from the tech table. Thin: parse, call, print.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  archJsonSchema, archSummary, chipTotals, COMPONENT_KINDS, DEFAULT_ARCH_PRESET, listPresets, loadArch, presetsDir,
  type ArchSummary,
} from '../../../hw/arch/index.js';

export interface ArchOptions {
  json?: boolean;
  schema?: boolean;
  list?: boolean;
  dump?: boolean;
}

/** A preset's own JSON (quantities as written, notes and all), to copy and edit into a custom
 *  chip; its "$schema" points at the installed schema so an editor still checks the copy. */
function dumpPreset(ref: string): string {
  const arch = loadArch(ref);
  const file = listPresets().includes(ref) ? join(presetsDir(), `${ref}.json`) : ref;
  const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const out = { ...json, $schema: join(presetsDir(), '..', 'arch.schema.json'), name: `${arch.name}-custom` };
  return `${JSON.stringify(out, null, 2)}\n`;
}

/** Everything the command prints, as text; the action writes it to stdout (tests call this). */
export function archCommandOutput(ref: string | undefined, options: ArchOptions): string {
  if (options.schema) return `${JSON.stringify(archJsonSchema(), null, 2)}\n`;
  if (options.dump) return dumpPreset(ref ?? DEFAULT_ARCH_PRESET);
  if (options.list) {
    const presets = listPresets().map((name) => ({ name, description: loadArch(name).description, default: name === DEFAULT_ARCH_PRESET }));
    if (options.json) return `${JSON.stringify(presets, null, 2)}\n`;
    return presets.map((p) => `${p.name}${p.default ? ' (default)' : ''}\n  ${p.description}`).join('\n') + '\n';
  }
  const arch = loadArch(ref ?? DEFAULT_ARCH_PRESET);
  const summary = archSummary(arch, chipTotals(arch));
  return options.json ? `${JSON.stringify(summary, null, 2)}\n` : formatSummary(summary);
}

function fmt(value: number, digits = 4): string {
  if (value === 0) return '0';
  if (Math.abs(value) >= 1000) return value.toFixed(0);
  return Number(value.toPrecision(digits)).toString();
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

function formatSummary(s: ArchSummary): string {
  const out: string[] = [];
  out.push(`${s.arch}: ${s.description}`);
  out.push(`tech ${s.tech}; ${s.counts.tiles} tiles x ${s.counts.pesPerTile} PEs; ${s.counts.crossbars} crossbars; ${s.counts.routers} routers`);
  out.push('');
  for (const level of ['pe', 'tile', 'chip'] as const) {
    const rows = s.items
      .filter((it) => it.level === level && it.count > 0)
      .map((it) => [it.label, fmt(it.count), fmt(it.unitAreaMm2), fmt(it.unitPowerMw), fmt(it.areaMm2), fmt(it.powerMw)]);
    if (level === 'tile') rows.unshift(['PE', fmt(s.counts.pesPerTile), fmt(s.pe.areaMm2), fmt(s.pe.powerMw), fmt(s.counts.pesPerTile * s.pe.areaMm2), fmt(s.counts.pesPerTile * s.pe.powerMw)]);
    if (level === 'chip') {
      // Tiles enter the chip without their router share; the chip counts whole routers instead.
      const share = s.items.find((it) => it.level === 'tile' && it.kind === 'router');
      const areaMm2 = s.tile.areaMm2 - (share?.areaMm2 ?? 0);
      const powerMw = s.tile.powerMw - (share?.powerMw ?? 0);
      rows.unshift(['tiles (without router share)', fmt(s.counts.tiles), fmt(areaMm2), fmt(powerMw), fmt(s.counts.tiles * areaMm2), fmt(s.counts.tiles * powerMw)]);
    }
    const totalArea = level === 'pe' ? s.pe.areaMm2 : level === 'tile' ? s.tile.areaMm2 : s.areaMm2;
    const totalPower = level === 'pe' ? s.pe.powerMw : level === 'tile' ? s.tile.powerMw : s.powerW * 1e3;
    rows.push([`total ${level}`, '', '', '', fmt(totalArea), fmt(totalPower)]);
    out.push(table([level === 'pe' ? 'PE' : level, 'count', 'unit mm2', 'unit mW', 'area mm2', 'power mW'], rows));
    out.push('');
  }
  const kinds = COMPONENT_KINDS.filter((k) => s.breakdown.areaMm2[k] > 0 || s.breakdown.powerMw[k] > 0);
  const pct = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1)}%`;
  out.push(table(['chip by kind', 'area mm2', 'area %', 'power mW', 'power %'], kinds.map((k) => [
    k, fmt(s.breakdown.areaMm2[k]), pct(s.breakdown.areaMm2[k], s.areaMm2), fmt(s.breakdown.powerMw[k]), pct(s.breakdown.powerMw[k], s.powerW * 1e3),
  ])));
  out.push('');
  out.push(`chip: ${fmt(s.areaMm2)} mm2, ${fmt(s.powerW)} W peak; tile: ${fmt(s.tile.areaMm2)} mm2, ${fmt(s.tile.powerMw)} mW`);
  out.push(`peak: ${fmt(s.peakTops)} TOPS (1 MAC = 2 ops), ${fmt(s.peakTopsPerW)} TOPS/W, ${fmt(s.peakTopsPerMm2)} TOPS/mm2`);
  out.push(`ADC: ${s.adc.bits} bits, ${s.adc.losslessBits} needed to be lossless -> ${s.adc.lossless ? '--fidelity exact admissible' : 'lossy: use --fidelity adc'}`);
  return `${out.join('\n')}\n`;
}
