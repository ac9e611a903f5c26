// The swept parameters of an accuracy study: `--sweep FIELD=VALUES` parsed into an axis (an arch
// JSON path and its values), and a point of the sweep applied to an arch and re-validated. Short
// forms name the PE's sections (`adc.bits` is `tile.pe.adc.bits`) and the device section
// (`device.d2dSigma`); any other field is a full arch JSON path.
import { adcCountFor, type Arch } from '../../hw/arch/schema.js';
import { parseArch } from '../../hw/arch/load.js';
import { deviceSchema } from '../../hw/arch/device.js';
import { OhmflowError } from '../../workloads/errors.js';

export interface SweepAxis {
  /** As the user wrote it (`adc.bits`), for tables and charts. */
  readonly label: string;
  /** The full arch JSON path (`tile.pe.adc.bits`). */
  readonly path: string;
  readonly values: readonly number[];
}

/** Sections of tile.pe that a short form may start with. */
const PE_SECTIONS = ['crossbar', 'dac', 'sampleHold', 'adc', 'shiftAdd', 'inputRegister', 'outputRegister'];
/** Most values one axis may hold: a typo like 1..100000 should fail at once, not run for a day. */
const MAX_AXIS_VALUES = 64;

const fix = 'write --sweep FIELD=a..b (whole numbers) or FIELD=v1,v2,... with FIELD an arch JSON path or a short form (adc.bits, crossbar.activeRows, dac.bits, device.d2dSigma)';

export function fullPath(field: string): string {
  return PE_SECTIONS.includes(field.split('.')[0]) ? `tile.pe.${field}` : field;
}

function parseValues(text: string, field: string): number[] {
  const range = /^\s*(-?\d+)\s*\.\.\s*(-?\d+)\s*$/.exec(text);
  if (range !== null) {
    const [a, b] = [Number(range[1]), Number(range[2])];
    if (b < a) throw new OhmflowError(`range ${text} is empty (${a} > ${b})`, { field: `--sweep ${field}`, fix: 'write the smaller bound first: a..b' });
    if (b - a + 1 > MAX_AXIS_VALUES) throw new OhmflowError(`range ${text} has ${b - a + 1} values, at most ${MAX_AXIS_VALUES}`, { field: `--sweep ${field}`, fix: 'narrow the range' });
    return Array.from({ length: b - a + 1 }, (_, k) => a + k);
  }
  const parts = text.split(',').map((s) => s.trim());
  const values = parts.map(Number);
  if (parts.some((s) => s === '') || values.some((v) => !Number.isFinite(v))) {
    throw new OhmflowError(`values "${text}" are neither a range a..b nor a list of numbers`, { field: `--sweep ${field}`, fix });
  }
  if (values.length > MAX_AXIS_VALUES) throw new OhmflowError(`${values.length} values, at most ${MAX_AXIS_VALUES}`, { field: `--sweep ${field}`, fix: 'sweep fewer values' });
  if (new Set(values).size !== values.length) throw new OhmflowError(`values "${text}" repeat`, { field: `--sweep ${field}`, fix: 'list each value once' });
  return values;
}

/** The numeric leaves under `obj` (one level), to suggest in errors. */
function leafNames(obj: unknown): string[] {
  if (typeof obj !== 'object' || obj === null) return [];
  return Object.entries(obj).filter(([, v]) => typeof v === 'number').map(([k]) => k);
}

/** Refuses a path that names no numeric field of the arch (device fields may be absent: they are optional). */
function checkField(arch: Arch, label: string, path: string): void {
  const keys = path.split('.');
  if (keys[0] === 'device') {
    const known = Object.keys(deviceSchema.shape);
    if (keys.length !== 2 || !known.includes(keys[1])) {
      throw new OhmflowError(`unknown arch field "${label}"`, { field: '--sweep', fix: `sweep one of device.${known.join(', device.')}` });
    }
    return;
  }
  let cur: unknown = arch;
  for (const [i, k] of keys.entries()) {
    const next = typeof cur === 'object' && cur !== null ? (cur as Record<string, unknown>)[k] : undefined;
    const leaf = i === keys.length - 1;
    if (next === undefined || (leaf && typeof next !== 'number') || (!leaf && typeof next !== 'object')) {
      const near = leafNames(cur);
      const where = keys.slice(0, i).join('.') || 'the arch';
      throw new OhmflowError(`unknown arch field "${label}"${label === path ? '' : ` (${path})`}: ${where} has no numeric field "${keys.slice(i).join('.')}"`, {
        field: '--sweep',
        fix: near.length > 0 ? `sweep one of ${near.map((n) => `${keys.slice(0, i).join('.')}.${n}`).join(', ')}` : fix,
      });
    }
    cur = next;
  }
}

/** `FIELD=VALUES` as an axis, its field checked against `arch`. */
export function parseSweep(text: string, arch: Arch): SweepAxis {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new OhmflowError(`"${text}" is not FIELD=VALUES`, { field: '--sweep', fix });
  const label = text.slice(0, eq).trim();
  const path = fullPath(label);
  checkField(arch, label, path);
  return { label, path, values: parseValues(text.slice(eq + 1), label) };
}

function setPath(obj: Record<string, unknown>, path: string, value: number): void {
  const keys = path.split('.');
  let cur = obj;
  for (const k of keys.slice(0, -1)) {
    // Copy on the way down (the base arch is shared by every point); a missing device section is created.
    cur[k] = { ...((cur[k] as Record<string, unknown> | undefined) ?? {}) };
    cur = cur[k] as Record<string, unknown>;
  }
  cur[keys[keys.length - 1]] = value;
}

/** `base` with each axis at its value, validated as a loaded arch is; an invalid point is one
 *  error naming the fields, their values and the reason. */
export function archAt(base: Arch, axes: readonly SweepAxis[], values: readonly number[]): Arch {
  const json = { ...base } as unknown as Record<string, unknown>;
  // A loaded arch carries adc.count filled in from columnsPerAdc; left in, it would contradict a
  // swept columnsPerAdc or crossbar size. Where it is the derived value, let it follow them.
  const pe = base.tile.pe;
  if (pe.adc.count === adcCountFor(pe.crossbar.count, pe.crossbar.cols, pe.adc.columnsPerAdc)) {
    const { count: _derived, ...adc } = pe.adc;
    json.tile = { ...base.tile, pe: { ...pe, adc } };
  }
  axes.forEach((a, k) => setPath(json, a.path, values[k]));
  const at = axes.map((a, k) => `${a.label}=${values[k]}`).join(', ');
  // The point's arch is named for what changed, so charts and reports tell the points apart.
  json.name = `${base.name} (${at})`;
  try {
    return parseArch(json, `${base.name} at ${at}`);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new OhmflowError(`the arch is invalid at ${at}:\n  ${reason.split('\n').join('\n  ')}`, {
      field: `--sweep ${axes.map((a) => a.label).join(', ')}`,
      fix: 'sweep values the arch admits (see `ohmflow describe` for each field\'s range), or change the other fields of --arch so they fit',
      cause: e,
    });
  }
}

/** Every point of the sweep, first axis slowest: [[v1, w1], [v1, w2], ...]; one empty point without axes. */
export function sweepPoints(axes: readonly SweepAxis[]): number[][] {
  return axes.reduce<number[][]>((points, a) => points.flatMap((p) => a.values.map((v) => [...p, v])), [[]]);
}
