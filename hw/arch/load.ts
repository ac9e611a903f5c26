// Loads a chip description: a preset name (hw/arch/presets/<name>.json) or a JSON file path.
// Every problem becomes an OhmflowError naming the JSON path of the field and the file.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OhmflowError } from '../../workloads/errors.js';
import { techExists, listTech } from '../tech/load.js';
import { packageRoot } from './packageRoot.js';
import { DEFAULT_ARCH_PRESET } from './defaultPreset.js';
import { archSchema, type Arch } from './schema.js';
import { crossFieldProblems } from './validate.js';
import { throwProblems, zodProblems } from './issues.js';


export function presetsDir(): string {
  return join(packageRoot(import.meta.url), 'hw', 'arch', 'presets');
}

/** Names of the shipped presets. */
export function listPresets(): string[] {
  return readdirSync(presetsDir())
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

function looksLikePath(ref: string): boolean {
  return ref.endsWith('.json') || ref.includes('/') || ref.includes('\\');
}

/** Loads a preset by name or a JSON file by path; no argument = the default preset. */
export function loadArch(presetNameOrJsonPath: string = DEFAULT_ARCH_PRESET): Arch {
  const ref = presetNameOrJsonPath;
  if (!looksLikePath(ref)) {
    const preset = join(presetsDir(), `${ref}.json`);
    if (/^[A-Za-z0-9._-]+$/.test(ref) && existsSync(preset)) return loadArchFile(preset, `preset ${ref} (${preset})`);
    if (!existsSync(ref)) {
      throw new OhmflowError(`unknown arch "${ref}": neither a preset nor a file`, {
        field: 'ARCH',
        fix: `use a preset (${listPresets().join(', ')}) or a path to a JSON file`,
      });
    }
  }
  return loadArchFile(ref, ref);
}

function loadArchFile(file: string, sourceLabel: string): Arch {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new OhmflowError(`cannot read arch file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {
      field: 'ARCH',
      fix: 'check the path',
      cause: error,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new OhmflowError(`${sourceLabel} is not valid JSON: ${(error as Error).message}`, { fix: 'check the file with a JSON linter', cause: error });
  }
  return parseArch(json, sourceLabel);
}

/** Validates a parsed JSON value (schema, then cross-field rules, then the tech table name). */
export function parseArch(json: unknown, sourceLabel: string): Arch {
  const result = archSchema.safeParse(json);
  if (!result.success) throwProblems(zodProblems(result.error), sourceLabel);
  const arch = result.data;
  const problems = crossFieldProblems(arch);
  if (problems.length > 0) throwProblems(problems, sourceLabel);
  if (!techExists(arch.tech)) {
    throwProblems([{ path: 'tech', message: `unknown technology table "${arch.tech}"`, fix: `use one of: ${listTech().join(', ')}` }], sourceLabel);
  }
  return arch;
}
