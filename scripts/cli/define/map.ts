// `ohmflow map`: its options and help. The command's code loads only when it runs (--help stays fast).
import type { Command } from 'commander';
import { addNetArchFlags } from './flags.js';
import type { NetFlags } from '../commands/map.js';

export function register(program: Command): void {
  addNetArchFlags(program.command('map').description('place a network on a chip and print the MappedNetwork'))
    .action(async (flags: NetFlags) => (await import('../commands/map.js')).runMap(flags));
}
