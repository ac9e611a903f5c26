// `ohmflow trace`: its options and help. The command's code loads only when it runs (--help stays fast).
import type { Command } from 'commander';
import { SUMMARY_GROUPINGS } from '../../../traces/perfetto/summaryGroupings.js';

export function register(program: Command): void {
  const trace = program.command('trace').description('Read back a Perfetto trace written by `ohmflow simulate --trace FILE`.');

  trace
    .command('summary')
    .description('Busy time, utilization and energy per layer, tile or component kind.')
    .argument('<file>', 'trace file (.pftrace)')
    .option('--by <grouping>', `group by ${SUMMARY_GROUPINGS.join('|')}`, 'layer')
    .option('--json', 'print one JSON object on stdout')
    .action(async (file: string, options: { by: string; json?: boolean }) => (await import('../commands/trace.js')).traceSummary(file, options));

  trace
    .command('check')
    .description('Structural checks: BEGIN/END pairs, nesting, counter tracks, interned ids, monotonic timestamps.')
    .argument('<file>', 'trace file (.pftrace)')
    .action(async (file: string) => (await import('../commands/trace.js')).traceCheck(file));

  trace
    .command('export')
    .description('Convert to the Chrome JSON trace-event format (for small runs).')
    .argument('<file>', 'trace file (.pftrace)')
    .option('--chrome', 'write the Chrome JSON trace-event format (the only format so far)')
    .option('-o, --out <path>', 'output file (default: FILE with .json)')
    .option('--force', 'replace the output file if it exists')
    .action(async (file: string, options: { chrome?: boolean; out?: string; force?: boolean }) => (await import('../commands/trace.js')).traceExport(file, options));
}
