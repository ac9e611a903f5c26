// Builds the `ohmflow` command tree: one file per subcommand under commands/.
import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { register as registerNetworks } from './define/networks.js';
import { register as registerArch } from './define/arch.js';
import { register as registerMap } from './define/map.js';
import { register as registerEstimate } from './define/estimate.js';
import { register as registerSimulate } from './define/simulate.js';
import { register as registerTrace } from './define/trace.js';
import { register as registerExplore } from './define/explore.js';
import { register as registerSweep } from './define/sweep.js';
import { register as registerAccuracy } from './define/accuracy.js';
import { register as registerDescribe } from './define/describe.js';
import { addExamples } from './examples.js';

function packageVersion(): string {
  // Built, this file is dist/scripts/cli/program.js (three levels below the package root);
  // run from source (vitest), it is scripts/cli/program.ts (two levels). Try both.
  for (const rel of ['../../../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'ohmflow' && pkg.version) return pkg.version;
    } catch {
      // not at this level; try the next
    }
  }
  return '0.0.0';
}

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('ohmflow')
    .description('Simulate CNN inference on ReRAM processing-in-memory accelerators: analytical PPA, cycle-level engine, traces.')
    .version(packageVersion(), '-V, --version')
    // A usage error prints one line (and commander's "Did you mean"), not the whole help.
    .showHelpAfterError('(run with --help for the options)')
    .configureOutput({ writeErr: (text) => process.stderr.write(text) })
    // Help and --version exit 0 as usual; a usage error is thrown to the entry point, which exits 2
    // like every other bad input (subcommands inherit this setting when created).
    .exitOverride((err) => {
      if (err.exitCode !== 0) throw err;
    });
  for (const register of [
    registerNetworks,
    registerArch,
    registerDescribe,
    registerMap,
    registerEstimate,
    registerSimulate,
    registerTrace,
    registerExplore,
    registerSweep,
    registerAccuracy,
  ]) {
    register(program);
  }
  addExamples(program);
  return program;
}
