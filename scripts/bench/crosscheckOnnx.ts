// The analytical model against the engine on ONNX models: runs `ohmflow simulate --json` on each
// file, arch and image count and prints one table row per run (interval, energy and the first
// image's latency, estimate beside simulation; with two images or more also the engine's median
// gap between results, its steady pace without the pipeline's start). Usage:
//   npm run crosscheck:onnx -- [--arch default,isaac] [--images 1,8] [--reload] [--unbounded-buffers] FILE.onnx ...
// --reload and --unbounded-buffers are passed to every run (a model whose weights do not fit; the
// engine without back-pressure, to tell buffer capacity from contention).
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
  process.stderr.write(`crosscheck:onnx: ${message}\nusage: npm run crosscheck:onnx -- [--arch default,isaac] [--images 1,8] [--reload] [--unbounded-buffers] FILE.onnx ...\n`);
  process.exit(2);
}

/** CLI flags passed through to every `simulate` run. */
const PASSED = ['--reload', '--unbounded-buffers'];

function parseArgs(argv: string[]): { archs: string[]; images: number[]; files: string[]; passed: string[] } {
  let archs = ['default', 'isaac'];
  let images = [1, 8];
  const files: string[] = [];
  const passed: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--arch') archs = (argv[++i] ?? usage('--arch needs a list, e.g. --arch default,isaac')).split(',');
    else if (a === '--images') {
      images = (argv[++i] ?? usage('--images needs a list, e.g. --images 1,8')).split(',').map(Number);
      if (images.some((n) => !Number.isInteger(n) || n < 1)) usage('--images takes whole numbers of 1 or more, e.g. --images 1,8');
    } else if (PASSED.includes(a)) passed.push(a);
    else if (a.endsWith('.onnx')) files.push(a);
    else usage(`unknown argument "${a}": pass .onnx files, --arch, --images, --reload or --unbounded-buffers`);
  }
  if (files.length === 0) usage('no .onnx file given');
  return { archs, images, files, passed };
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

const { archs, images, files, passed } = parseArgs(process.argv.slice(2));
const pct = (x: number | null) => (x === null ? 'n/a' : `${x >= 0 ? '+' : ''}${x.toFixed(2)}%`);
const head = ['model', 'arch', 'images', 'interval est us', 'sim us', 'err', 'median gap us', 'err', 'energy est uJ', 'sim uJ', 'err', 'first image est us', 'sim us', 'err', 'engine s', 'buffer warnings'];
process.stdout.write(`load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}${passed.length > 0 ? `; every run ${passed.join(' ')}` : ''}\n${head.join(' | ')}\n`);
for (const file of files) {
  for (const arch of archs) {
    for (const n of images) {
      let row: Row;
      try {
        row = runOne(file, arch, n, passed);
      } catch (e) {
        // The CLI's own message (a model that does not fit names the fix, e.g. --reload).
        const stderr = String((e as { stderr?: unknown }).stderr ?? '').trim().split('\n').filter((l) => l.startsWith('ohmflow:'));
        process.stdout.write(`${basename(file, '.onnx')} | ${arch} | ${n} | failed: ${stderr[0] ?? (e as Error).message.split('\n')[0]}\n`);
        continue;
      }
      const [ia, is, ie] = row.intervalNs;
      const [gs, ge] = row.steadyNs;
      const [ea, es, ee] = row.energyPj;
      const [la, ls, le] = row.latencyNs;
      const cells = [
        row.model, row.arch, row.images, (ia / 1e3).toFixed(2), (is / 1e3).toFixed(2), pct(ie),
        n > 1 ? (gs / 1e3).toFixed(2) : '', n > 1 ? pct(ge) : '', (ea / 1e6).toFixed(3), (es / 1e6).toFixed(3), pct(ee),
        (la / 1e3).toFixed(2), (ls / 1e3).toFixed(2), pct(le), row.wallS.toFixed(1), row.warnings,
      ];
      process.stdout.write(cells.join(' | ') + '\n');
    }
  }
}
process.stdout.write(`load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}\n`);
