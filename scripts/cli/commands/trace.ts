// `ohmflow trace summary|check|export FILE`: read back a Perfetto trace written by the engine.
import type { Command } from 'commander';
import { OhmflowError } from '../../../workloads/errors.js';
import { checkTrace, formatCheck } from '../../../traces/perfetto/check.js';
import { formatSummary, summarizeTrace, SUMMARY_GROUPINGS, type SummaryGrouping } from '../../../traces/perfetto/summary.js';
import { writeChromeTrace } from '../../../traces/chrome.js';
import { checkInputFile, checkOutputFile } from '../paths.js';

function parseGrouping(text: string): SummaryGrouping {
  if ((SUMMARY_GROUPINGS as readonly string[]).includes(text)) return text as SummaryGrouping;
  throw new OhmflowError(`unknown grouping "${text}"`, { field: '--by', fix: `use one of ${SUMMARY_GROUPINGS.join(', ')}` });
}

export function register(program: Command): void {
  const trace = program.command('trace').description('Read back a Perfetto trace written by `ohmflow simulate --trace FILE`.');

  trace
    .command('summary')
    .description('Busy time, utilization and energy per layer, tile or component kind.')
    .argument('<file>', 'trace file (.pftrace)')
    .option('--by <grouping>', `group by ${SUMMARY_GROUPINGS.join('|')}`, 'layer')
    .option('--json', 'print one JSON object on stdout')
    .action((file: string, options: { by: string; json?: boolean }) => {
      checkInputFile(file, 'FILE');
      const summary = summarizeTrace(file, parseGrouping(options.by));
      process.stdout.write(options.json ? `${JSON.stringify(summary)}\n` : `${formatSummary(summary)}\n`);
    });

  trace
    .command('check')
    .description('Structural checks: BEGIN/END pairs, nesting, counter tracks, interned ids, monotonic timestamps.')
    .argument('<file>', 'trace file (.pftrace)')
    .action((file: string) => {
      checkInputFile(file, 'FILE');
      const check = checkTrace(file);
      if (check.ok) {
        process.stdout.write(`${formatCheck(file, check)}\n`);
      } else {
        process.stderr.write(`${formatCheck(file, check)}\n`);
        process.exitCode = 2;
      }
    });

  trace
    .command('export')
    .description('Convert to the Chrome JSON trace-event format (for small runs).')
    .argument('<file>', 'trace file (.pftrace)')
    .option('--chrome', 'write the Chrome JSON trace-event format (the only format so far)')
    .option('-o, --out <path>', 'output file (default: FILE with .json)')
    .option('--force', 'replace the output file if it exists')
    .action((file: string, options: { chrome?: boolean; out?: string; force?: boolean }) => {
      if (!options.chrome) throw new OhmflowError('no export format chosen', { field: 'trace export', fix: 'add --chrome' });
      const out = options.out ?? `${file.replace(/\.(pftrace|perfetto-trace|pb|trace)$/, '')}.json`;
      checkInputFile(file, 'FILE');
      checkOutputFile(out, '--out', { noOverwrite: !options.force });
      const exported = writeChromeTrace(file, out);
      process.stderr.write(`wrote ${out} (${exported.traceEvents.length} events)\n`);
    });
}
