// `ohmflow describe`: its options and help. The command's code loads only when it runs (--help stays fast).
import type { Command } from 'commander';
import type { DescribeOptions } from '../commands/describe.js';

export function register(program: Command): void {
  program
    .command('describe')
    .description('the components the engine simulates: their arch fields (with units), connections, statistics and trace tracks')
    .argument('[kind]', 'a component kind (ohmflow describe lists them)')
    .option('--json', 'print JSON')
    .action(async (kind: string | undefined, options: DescribeOptions) => {
      process.stdout.write((await import('../commands/describe.js')).describeCommandOutput(kind, options));
    });
}
