// The CLI skeleton: the contract's subcommands exist, --version answers, unknown commands fail.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { buildProgram } from '../../../scripts/cli/program.js';

const contractSubcommands = ['networks', 'arch', 'estimate', 'simulate', 'trace', 'explore', 'sweep'];

function runCapturing(args: string[]): { out: string; err: string; exitCode: number | undefined } {
  const program = buildProgram();
  let out = '';
  let err = '';
  let exitCode: number | undefined;
  program.exitOverride();
  program.configureOutput({ writeOut: (text) => (out += text), writeErr: (text) => (err += text) });
  try {
    program.parse(['node', 'ohmflow', ...args]);
  } catch (error) {
    exitCode = (error as { exitCode?: number }).exitCode;
  }
  return { out, err, exitCode };
}

describe('ohmflow CLI skeleton', () => {
  it('lists every subcommand named in docs/architecture.md', () => {
    const names = buildProgram().commands.map((command) => command.name());
    for (const name of contractSubcommands) expect(names).toContain(name);
  });

  it('prints the package version', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
    const { out, exitCode } = runCapturing(['--version']);
    expect(exitCode).toBe(0);
    expect(out.trim()).toBe(pkg.version);
  });

  it('rejects an unknown subcommand with a non-zero exit', () => {
    const { err, exitCode } = runCapturing(['frobnicate']);
    expect(exitCode).not.toBe(0);
    expect(err).toMatch(/unknown command/i);
  });
});
