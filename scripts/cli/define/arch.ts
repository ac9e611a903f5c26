// `ohmflow arch`: its options and help. The command's code loads only when it runs (--help stays fast).
import type { Command } from 'commander';
import { DEFAULT_ARCH_PRESET } from '../../../hw/arch/defaultPreset.js';
import type { ArchOptions } from '../commands/arch.js';

export function register(program: Command): void {
  program
    .command('arch')
    .description('a chip\'s area, peak power and peak TOPS/W with breakdowns, rolled up from its tech table')
    .argument('[arch]', `preset name or JSON file (default: ${DEFAULT_ARCH_PRESET})`)
    .option('--json', 'print one JSON object')
    .option('--schema', 'print the JSON Schema of arch files')
    .option('--list', 'list the presets')
    .option('--dump', 'print the preset\'s JSON, renamed NAME-custom, as a starting point for your own chip (ohmflow arch isaac --dump > my.json)')
    .action(async (ref: string | undefined, options: ArchOptions) => {
      process.stdout.write((await import('../commands/arch.js')).archCommandOutput(ref, options));
    });
}
