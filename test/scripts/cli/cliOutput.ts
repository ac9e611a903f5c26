// Runs `ohmflow ARGS` in-process, as the tests of the CLI commands do: stdout and stderr captured
// (not printed); the spies are restored by vi.restoreAllMocks() in the caller's afterEach.
import { vi } from 'vitest';
import { buildProgram } from '../../../scripts/cli/program.js';

export async function cliOutput(args: string[]): Promise<{ out: string; err: string }> {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((err += String(chunk)), true));
  await buildProgram().parseAsync(['node', 'ohmflow', ...args]);
  return { out, err };
}
