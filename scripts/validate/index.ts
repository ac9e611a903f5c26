// `npm run validate`: ohmflow beside published and measured references, each row with its
// tolerance. Prints a table (or --json rows); exits 1 when a judged row is out of tolerance.
import { passes, validationRows, type Row } from './checks.js';

function format(rows: readonly Row[]): string {
  const out: string[] = [];
  let group = '';
  for (const r of rows) {
    if (r.group !== group) {
      group = r.group;
      out.push('', group);
    }
    const ok = passes(r);
    const status = ok === undefined ? 'report' : ok ? 'pass' : 'FAIL';
    const tol = r.tolerance === undefined ? '' : r.absolute ? `±${r.tolerance} ${r.unit}` : `±${(100 * r.tolerance).toFixed(0)}%`;
    const err = r.absolute ? `${(r.ohmflow - r.reference).toFixed(1)}` : r.reference === 0 ? '' : `${((100 * (r.ohmflow - r.reference)) / r.reference).toFixed(1)}%`;
    out.push(`  ${r.figure.padEnd(56)} ${r.ohmflow.toPrecision(4).padStart(10)} ${r.reference.toPrecision(4).padStart(10)} ${r.unit.padEnd(6)} ${err.padStart(8)} ${tol.padStart(9)}  ${status}${r.note ? ` (${r.note})` : ''}`);
  }
  return `  ${'figure'.padEnd(56)} ${'ohmflow'.padStart(10)} ${'reference'.padStart(10)} ${'unit'.padEnd(6)} ${'error'.padStart(8)} ${'tolerance'.padStart(9)}  status${out.join('\n')}\n`;
}

const rows = validationRows();
if (process.argv.includes('--json')) process.stdout.write(JSON.stringify(rows.map((r) => ({ ...r, pass: passes(r) }))) + '\n');
else process.stdout.write(format(rows));
const failed = rows.filter((r) => passes(r) === false);
if (!process.argv.includes('--json')) process.stderr.write(`${rows.length} rows: ${rows.filter((r) => passes(r) === true).length} pass, ${failed.length} out of tolerance, ${rows.filter((r) => passes(r) === undefined).length} reported\n`);
process.exitCode = failed.length > 0 ? 1 : 0;
