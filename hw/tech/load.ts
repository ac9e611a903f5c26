// Loads a technology table by name from hw/tech/<name>.json (found from the package root, so the
// source tree and the built CLI read the same file). Bad tables are reported as OhmflowError.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OhmflowError } from '../../workloads/errors.js';
import { packageRoot } from '../arch/packageRoot.js';
import { techSchema, type TechTable } from './schema.js';
import { throwProblems, zodProblems } from '../arch/issues.js';

function techDir(): string {
  return join(packageRoot(import.meta.url), 'hw', 'tech');
}

/** Names of the tables shipped in hw/tech (file names without .json). */
export function listTech(): string[] {
  return readdirSync(techDir())
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

export function techExists(name: string): boolean {
  return /^[A-Za-z0-9._-]+$/.test(name) && existsSync(join(techDir(), `${name}.json`));
}

/** Reads and validates hw/tech/<name>.json. */
export function loadTech(name: string): TechTable {
  if (!techExists(name)) {
    throw new OhmflowError(`unknown technology table "${name}"`, { field: 'tech', fix: `use one of: ${listTech().join(', ')}` });
  }
  const file = join(techDir(), `${name}.json`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new OhmflowError(`${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  return parseTech(json, file);
}

export function parseTech(json: unknown, sourceLabel: string): TechTable {
  const result = techSchema.safeParse(json);
  if (!result.success) throwProblems(zodProblems(result.error), sourceLabel);
  return result.data;
}
