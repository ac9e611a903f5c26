// `ohmflow trace summary|check|export FILE`: read back a Perfetto trace written by the engine.
import { OhmflowError } from '../../../workloads/errors.js';
import { checkTrace, formatCheck } from '../../../traces/perfetto/check.js';
import { formatSummary, summarizeTrace } from '../../../traces/perfetto/summary.js';
import { SUMMARY_GROUPINGS, type SummaryGrouping } from '../../../traces/perfetto/summaryGroupings.js';
import { writeChromeTrace } from '../../../traces/chrome.js';
import { checkInputFile, checkOutputFile } from '../paths.js';

function parseGrouping(text: string): SummaryGrouping {
  if ((SUMMARY_GROUPINGS as readonly string[]).includes(text)) return text as SummaryGrouping;
  throw new OhmflowError(`unknown grouping "${text}"`, { field: '--by', fix: `use one of ${SUMMARY_GROUPINGS.join(', ')}` });
}

/** `ohmflow trace summary` */
export function traceSummary(file: string, options: { by: string; json?: boolean }): void {
  checkInputFile(file, 'FILE');
  const summary = summarizeTrace(file, parseGrouping(options.by));
  process.stdout.write(options.json ? `${JSON.stringify(summary)}\n` : `${formatSummary(summary)}\n`);
}

/** `ohmflow trace check`: exit 2 when a check fails. */
export function traceCheck(file: string): void {
  checkInputFile(file, 'FILE');
  const check = checkTrace(file);
  if (check.ok) {
    process.stdout.write(`${formatCheck(file, check)}\n`);
  } else {
    process.stderr.write(`${formatCheck(file, check)}\n`);
    process.exitCode = 2;
  }
}

/** `ohmflow trace export --chrome` */
export function traceExport(file: string, options: { chrome?: boolean; out?: string; force?: boolean }): void {
  if (!options.chrome) throw new OhmflowError('no export format chosen', { field: 'trace export', fix: 'add --chrome' });
  const out = options.out ?? `${file.replace(/\.(pftrace|perfetto-trace|pb|trace)$/, '')}.json`;
  checkInputFile(file, 'FILE');
  checkOutputFile(out, '--out', { noOverwrite: !options.force });
  const exported = writeChromeTrace(file, out);
  process.stderr.write(`wrote ${out} (${exported.traceEvents.length} events)\n`);
}
