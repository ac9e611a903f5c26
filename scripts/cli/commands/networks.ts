// `ohmflow networks`: registered here; replaced by the real command when its issue lands.
import type { Command } from 'commander';
import { notBuiltYet } from '../notBuilt.js';

export function register(program: Command): void {
  program
    .command('networks')
    .description('(not built yet)')
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .action(notBuiltYet('networks'));
}
