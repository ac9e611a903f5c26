// Builds the `ohmflow` command tree: one file per subcommand under commands/.
import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { register as registerNetworks } from './commands/networks.js';
import { register as registerArch } from './commands/arch.js';
import { register as registerMap } from './commands/map.js';
import { register as registerEstimate } from './commands/estimate.js';
import { register as registerSimulate } from './commands/simulate.js';
import { register as registerTrace } from './commands/trace.js';
import { register as registerExplore } from './commands/explore.js';
import { register as registerSweep } from './commands/sweep.js';

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
    .showHelpAfterError()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  for (const register of [
    registerNetworks,
    registerArch,
    registerMap,
    registerEstimate,
    registerSimulate,
    registerTrace,
    registerExplore,
    registerSweep,
  ]) {
    register(program);
  }
  return program;
}
