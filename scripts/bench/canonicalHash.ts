// SHA-256 of a value's canonical JSON: keys sorted, numbers in JavaScript's shortest round-trip
// form (so any change in the last bit shows), non-finite numbers and -0 spelled out (JSON would
// turn them into null and 0). The golden test compares results by these hashes.
import { createHash } from 'node:crypto';

function canonical(v: unknown): string {
  if (typeof v === 'number') return Number.isFinite(v) ? (Object.is(v, -0) ? '"-0"' : JSON.stringify(v)) : `"${String(v)}"`;
  if (v === null || typeof v !== 'object') return v === undefined ? 'null' : JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v instanceof Map) return canonical([...v]);
  if (v instanceof Set) return canonical([...v]);
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(',')}}`;
}

export function canonicalJson(v: unknown): string {
  return canonical(v);
}

export function sha256Of(v: unknown): string {
  return createHash('sha256').update(canonical(v)).digest('hex');
}
