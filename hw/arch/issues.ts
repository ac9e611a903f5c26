// Turns zod issues and cross-field problems into one OhmflowError that names the JSON path of
// the first bad field, lists the others, and says which file it came from.
import type { z } from 'zod';
import { OhmflowError } from '../../workloads/errors.js';

interface PathProblem {
  path: string;
  message: string;
  fix?: string;
}

/** `['tile', 'pe', 'adc']` -> `tile.pe.adc`; array indices as `notes[2]`. */
function jsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}

/** One problem per zod issue; unknown keys get their own path so the user sees which one. */
export function zodProblems(error: z.ZodError): PathProblem[] {
  const problems: PathProblem[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.push({ path: jsonPath([...issue.path, key]), message: 'unknown field', fix: 'remove it or check its spelling against hw/arch/arch.schema.json' });
      }
      continue;
    }
    const missing = issue.code === 'invalid_type' && /received undefined/.test(issue.message);
    problems.push({ path: jsonPath(issue.path), message: missing ? 'required field is missing' : issue.message });
  }
  return problems;
}

/** Throws the first problem as an OhmflowError, mentioning how many more there are. */
export function throwProblems(problems: readonly PathProblem[], sourceLabel: string): never {
  const [first, ...rest] = problems;
  if (!first) throw new OhmflowError(`invalid config (${sourceLabel})`);
  const more = rest.length === 0 ? '' : `\n  also: ${rest.slice(0, 5).map((p) => `${p.path}: ${p.message}`).join('; ')}${rest.length > 5 ? ` (+${rest.length - 5} more)` : ''}`;
  throw new OhmflowError(`${first.message} (in ${sourceLabel})${more}`, { field: first.path, ...(first.fix ? { fix: first.fix } : {}) });
}
