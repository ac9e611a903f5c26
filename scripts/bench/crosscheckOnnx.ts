// The analytical model against the engine on ONNX models: runs `ohmflow simulate --json` on each
// file, arch and image count and prints one table row per run (interval, energy and the first
// image's latency, estimate beside simulation; with two images or more also the engine's median
// gap between results, its steady pace without the pipeline's start). Usage:
//   npm run crosscheck:onnx -- [--arch default,isaac] [--images 1,8] [--reload | --auto-reload] [--unbounded-buffers] [--check] FILE.onnx ...
// --reload and --unbounded-buffers are passed to every run (a model whose weights do not fit; the
// engine without back-pressure, to tell buffer capacity from contention). --auto-reload runs
// with --reload only where the weights do not fit the chip. --check holds each run to the
// agreement the project keeps (interval within 5%, energy within 1%; at two images or more the
// mean interval) and exits 1 if a run is outside it or failed.
// Each run is a child process of the CLI, so the figures are exactly those `simulate --json`
// reports. Prints the load average: the machine may be shared, and wall times depend on it.
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { errPct } from '../../traces/report/runReport.js';

const CLI = join(dirname(fileURLToPath(import.meta.url)), '../cli/ohmflow.js');

/** One run: [estimate, simulated, error %] of the interval, the energy per image and the first
 *  image's latency. */
interface Row {
  model: string; arch: string; images: number;
  intervalNs: [number, number, number]; steadyNs: [number, number | null]; energyPj: [number, number, number]; latencyNs: [number, number, number];
  wallS: number; warnings: number;
}

function usage(message: string): never {
  process.stderr.write(`crosscheck:onnx: ${message}\nusage: npm run crosscheck:onnx -- [--arch default,isaac] [--images 1,8] [--reload | --auto-reload] [--unbounded-buffers] [--check] FILE.onnx ...\n`);
  process.exit(2);
}

/** The agreement held by --check, in % of the estimate. */
const INTERVAL_BOUND_PCT = 5;
const ENERGY_BOUND_PCT = 1;

/** CLI flags passed through to every `simulate` run. */
const PASSED = ['--reload', '--unbounded-buffers'];

interface Args { archs: string[]; images: number[]; files: string[]; passed: string[]; autoReload: boolean; check: boolean }

function parseArgs(argv: string[]): Args {
  let archs = ['default', 'isaac'];
  let images = [1, 8];
  const files: string[] = [];
  const passed: string[] = [];
  let autoReload = false;
  let check = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--arch') archs = (argv[++i] ?? usage('--arch needs a list, e.g. --arch default,isaac')).split(',');
    else if (a === '--images') {
      images = (argv[++i] ?? usage('--images needs a list, e.g. --images 1,8')).split(',').map(Number);
      if (images.some((n) => !Number.isInteger(n) || n < 1)) usage('--images takes whole numbers of 1 or more, e.g. --images 1,8');
    } else if (PASSED.includes(a)) passed.push(a);
    else if (a === '--auto-reload') autoReload = true;
    else if (a === '--check') check = true;
    else if (a.endsWith('.onnx')) files.push(a);
    else usage(`unknown argument "${a}": pass .onnx files, --arch, --images, --reload, --auto-reload, --unbounded-buffers or --check`);
  }
  if (files.length === 0) usage('no .onnx file given');
  if (autoReload && passed.includes('--reload')) usage('--auto-reload and --reload together: pass one (--reload runs every model in segments)');
  return { archs, images, files, passed, autoReload, check };
}

/** The CLI's own error lines of a failed run (a model that does not fit names the fix, --reload). */
function cliErrors(e: unknown): string[] {
  return String((e as { stderr?: unknown }).stderr ?? '').trim().split('\n').filter((l) => l.startsWith('ohmflow:') || l.trim().startsWith('fix:'));
}

/** Whether a run failed only because the weights do not fit the chip without reloading. */
function needsReload(e: unknown): boolean {
  return cliErrors(e).some((l) => l.includes('pass --reload'));
}

function runOne(file: string, arch: string, images: number, passed: readonly string[]): Row {
  const args = [CLI, 'simulate', '--net', file, '--images', String(images), '--json', ...(arch === 'default' ? [] : ['--arch', arch]), ...passed];
  const out = execFileSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
  const r = JSON.parse(out);
  const a = r.analytical;
  const s = r.simulated;
  const c = r.crosscheck;
  return {
    model: basename(file, '.onnx'), arch, images,
    intervalNs: [a.intervalNs, s.intervalNs, c.intervalErrPct],
    steadyNs: [s.steadyIntervalNs, errPct(s.steadyIntervalNs, a.intervalNs)],
    energyPj: [a.energyPjPerImage, s.energyPjPerImage, c.energyErrPct],
    latencyNs: [a.latencyNs, s.latencyNs, c.latencyErrPct],
    wallS: s.wallS, warnings: s.buffers.warnings.length,
  };
}

const { archs, images, files, passed, autoReload, check } = parseArgs(process.argv.slice(2));
const pct = (x: number | null) => (x === null ? 'n/a' : `${x >= 0 ? '+' : ''}${x.toFixed(2)}%`);
const head = ['model', 'arch', 'images', 'interval est us', 'sim us', 'err', 'median gap us', 'err', 'energy est uJ', 'sim uJ', 'err', 'first image est us', 'sim us', 'err', 'engine s', 'buffer warnings', ...(check ? ['held'] : [])];
process.stdout.write(`load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}${passed.length > 0 ? `; every run ${passed.join(' ')}` : ''}${autoReload ? '; --reload where the weights do not fit' : ''}\n${head.join(' | ')}\n`);
let runs = 0;
let outside = 0;
for (const file of files) {
  for (const arch of archs) {
    for (const n of images) {
      runs++;
      let row: Row;
      let reloaded = false;
      try {
        try {
          row = runOne(file, arch, n, passed);
        } catch (e) {
          if (!autoReload || !needsReload(e)) throw e;
          reloaded = true;
          row = runOne(file, arch, n, [...passed, '--reload']);
        }
      } catch (e) {
        outside++;
        process.stdout.write(`${basename(file, '.onnx')} | ${arch} | ${n} | failed: ${cliErrors(e)[0] ?? (e as Error).message.split('\n')[0]}\n`);
        continue;
      }
      const [ia, is, ie] = row.intervalNs;
      const [gs, ge] = row.steadyNs;
      const [ea, es, ee] = row.energyPj;
      const [la, ls, le] = row.latencyNs;
      const held = Math.abs(ie) <= INTERVAL_BOUND_PCT && Math.abs(ee) <= ENERGY_BOUND_PCT;
      if (!held) outside++;
      const cells = [
        row.model, reloaded ? `${row.arch} --reload` : row.arch, row.images, (ia / 1e3).toFixed(2), (is / 1e3).toFixed(2), pct(ie),
        n > 1 ? (gs / 1e3).toFixed(2) : '', n > 1 ? pct(ge) : '', (ea / 1e6).toFixed(3), (es / 1e6).toFixed(3), pct(ee),
        (la / 1e3).toFixed(2), (ls / 1e3).toFixed(2), pct(le), row.wallS.toFixed(1), row.warnings, ...(check ? [held ? 'yes' : 'NO'] : []),
      ];
      process.stdout.write(cells.join(' | ') + '\n');
    }
  }
}
process.stdout.write(`load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}\n`);
if (check) {
  process.stdout.write(`${runs - outside} of ${runs} runs within ${INTERVAL_BOUND_PCT}% interval and ${ENERGY_BOUND_PCT}% energy\n`);
  if (outside > 0) process.exitCode = 1;
}
