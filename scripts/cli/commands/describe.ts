// `ohmflow describe [KIND] [--json]`: the components the engine simulates, as each declares itself
// (sim/engine/declaration.ts): arch fields with units, connections, statistics and trace tracks.
// SST's sst-info. Thin: look up, format, print.
import { OhmflowError } from '../../../workloads/errors.js';
import { archJsonSchema } from '../../../hw/arch/index.js';
import { declaredComponents, type DeclaredComponent } from '../../../sim/engine/components.js';

export interface DescribeOptions {
  json?: boolean;
}

interface ParamInfo {
  path: string;
  unit: string;
  description: string;
}

/** Unit of an arch field, from the suffix its name carries (a count or a flag otherwise). */
function unitOf(path: string, type: unknown): string {
  const name = path.slice(path.lastIndexOf('.') + 1);
  const suffixes: Array<[RegExp, string]> = [
    [/BitsPerCycle$/, 'bits/cycle'], [/BytesPerS/, 'bytes/s'], [/Ps$/, 'ps'], [/Hz$/, 'Hz'], [/Bytes$/, 'bytes'], [/Bits$/, 'bits'], [/^bits$/, 'bits'],
  ];
  for (const [re, unit] of suffixes) if (re.test(name)) return unit;
  return type === 'boolean' ? 'flag' : type === 'string' ? 'name' : 'count';
}

/** A field's unit and description from the arch JSON Schema; throws if the path is not a field. */
function paramInfo(path: string): ParamInfo {
  let node = archJsonSchema() as { properties?: Record<string, unknown>; description?: string; type?: unknown; anyOf?: unknown[] };
  for (const key of path.split('.')) {
    const next = node.properties?.[key] ?? (node.anyOf?.find((a) => (a as typeof node).properties?.[key]) as typeof node | undefined)?.properties?.[key];
    if (next === undefined) throw new Error(`declared param ${path} is not an arch field`);
    node = next as typeof node;
  }
  return { path, unit: unitOf(path, node.type), description: node.description ?? '' };
}

interface ComponentInfo {
  kind: string;
  description: string;
  simulatedBy: string;
  params: ParamInfo[];
  ports: Record<string, string>;
  stats: Record<string, { unit: string; description: string }>;
  tracks: Record<string, string>;
  parts: string[];
}

function info(c: DeclaredComponent): ComponentInfo {
  const d = c.declaration;
  return {
    kind: d.kind, description: d.description, simulatedBy: c.simulatedBy, params: d.params.map(paramInfo), ports: { ...d.ports },
    stats: { ...d.stats }, tracks: { ...d.tracks }, parts: (d.parts ?? []).map((p) => p.kind),
  };
}

/** Closest known kinds to a mistyped one (shared prefix or containment). */
function suggestions(kind: string, kinds: string[]): string[] {
  const k = kind.toLowerCase();
  return kinds.filter((x) => x.toLowerCase().includes(k) || k.includes(x.toLowerCase()) || x.toLowerCase().startsWith(k.slice(0, 3)));
}

/** Everything the command prints, as text (tests call this). */
export function describeCommandOutput(kind: string | undefined, options: DescribeOptions): string {
  const all = declaredComponents();
  if (kind === undefined) {
    const list = all.map(info);
    if (options.json) return `${JSON.stringify(list, null, 2)}\n`;
    const where = (c: ComponentInfo) => (c.simulatedBy === c.kind ? 'actor' : `in ${c.simulatedBy}`);
    const width = Math.max(...list.map((c) => c.kind.length));
    const whereWidth = Math.max(...list.map((c) => where(c).length));
    const lines = list.map((c) => `${c.kind.padEnd(width)}  ${where(c).padEnd(whereWidth)}  ${c.description}`);
    return `${lines.join('\n')}\n\n(ohmflow describe KIND for its arch fields, connections, statistics and trace tracks)\n`;
  }
  const found = all.find((c) => c.declaration.kind.toLowerCase() === kind.toLowerCase());
  if (found === undefined) {
    const kinds = all.map((c) => c.declaration.kind);
    const near = suggestions(kind, kinds);
    throw new OhmflowError(`no component kind '${kind}'${near.length > 0 ? ` (did you mean ${near.join(', ')}?)` : ''}`, {
      field: 'KIND', fix: `use one of: ${kinds.join(', ')}`,
    });
  }
  const c = info(found);
  if (options.json) return `${JSON.stringify(c, null, 2)}\n`;
  return formatComponent(c);
}

function section(title: string, rows: string[][]): string[] {
  if (rows.length === 0) return [`${title}: none`];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return [`${title}:`, ...rows.map((r) => `  ${r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ')}`)];
}

function formatComponent(c: ComponentInfo): string {
  const out = [`${c.kind}: ${c.description}`, c.simulatedBy === c.kind ? 'an actor of the engine' : `simulated by the ${c.simulatedBy} actor`, ''];
  out.push(...section('arch fields', c.params.map((p) => [p.path, p.unit, p.description])));
  out.push(...section('connections', Object.entries(c.ports)));
  out.push(...section('statistics (in the report as <actor>.<name>)', Object.entries(c.stats).map(([name, s]) => [name, s.unit, s.description])));
  if (c.simulatedBy === c.kind) out.push('  (and events, count: events the actor handled, kept by the kernel for every actor)');
  out.push(...section('trace tracks', Object.entries(c.tracks)));
  if (c.parts.length > 0) out.push(`parts: ${c.parts.join(', ')}`);
  return `${out.join('\n')}\n`;
}
