// npm run onnx:agreement -- [--images N] [--on held-out|calibration] [--timeout S] FILE.onnx ...
// How far each float model's int8 network is from the float model: runs
// `ohmflow networks --net FILE --calibrate --json` on each file (the default calibration: 8 seeded
// images uniform in [-1, 1), cached) and prints a Markdown table of model, opset, images, top-1
// match rate, cosine similarity and output SNR. By default the images compared on are N seeded
// images the calibration never saw (--agreement-images N); --on calibration compares on the
// calibration images themselves (the optimistic figure, calibrating on N).
// Each file is a child process of the CLI, so the figures are exactly those `networks` reports.
// Prints the load average: the machine may be shared, and wall times depend on it.
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = join(dirname(fileURLToPath(import.meta.url)), '../cli/ohmflow.js');
const USAGE = 'usage: npm run onnx:agreement -- [--images N] [--on held-out|calibration] [--timeout S] FILE.onnx ...';

function refuse(field: string, message: string, fix: string): never {
  process.stderr.write(`onnx:agreement: ${field}: ${message}\n  fix: ${fix}\n${USAGE}\n`);
  process.exit(2);
}

function wholeNumber(text: string | undefined, field: string): number {
  const n = Number(text);
  if (text === undefined || !/^\d+$/.test(text) || n < 1) refuse(field, `expected a whole number >= 1, got "${text ?? ''}"`, `pass ${field} 8, for example`);
  return n;
}

interface Options { images: number; on: 'held-out' | 'calibration'; timeoutS: number; files: string[] }

function parseArgs(argv: string[]): Options {
  const o: Options = { images: 8, on: 'held-out', timeoutS: 1800, files: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--images') o.images = wholeNumber(argv[++i], '--images');
    else if (a === '--timeout') o.timeoutS = wholeNumber(argv[++i], '--timeout');
    else if (a === '--on') {
      const on = argv[++i];
      if (on !== 'held-out' && on !== 'calibration') refuse('--on', `expected held-out or calibration, got "${on ?? ''}"`, 'pass --on held-out (images the calibration never saw) or --on calibration');
      o.on = on;
    } else if (a.toLowerCase().endsWith('.onnx')) o.files.push(a);
    else refuse(a, 'unknown argument', 'pass .onnx files, --images, --on or --timeout');
  }
  if (o.files.length === 0) refuse('FILE.onnx', 'no .onnx file given', 'name one or more float ONNX models');
  return o;
}

/** One table row's cells, or the reason the file gave no figures. */
function runOne(file: string, o: Options): string[] {
  const compare = o.on === 'held-out' ? ['--agreement-images', String(o.images)] : ['--calibration-images', String(o.images)];
  const args = [CLI, 'networks', '--net', file, '--calibrate', ...compare, '--json'];
  const start = performance.now();
  let out: string;
  try {
    out = execFileSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 26, timeout: o.timeoutS * 1000 });
  } catch (e) {
    const err = e as { stderr?: string; signal?: string };
    const why = err.signal === 'SIGTERM' ? `timed out after ${o.timeoutS} s` : (err.stderr ?? String(e)).split('\n').find((l) => l.startsWith('ohmflow:')) ?? 'failed';
    return [basename(file, '.onnx'), '', '', `not measured: ${why.replaceAll('|', '/')}`, '', '', ''];
  }
  const wallS = (performance.now() - start) / 1e3;
  const r = JSON.parse(out);
  const a = r.agreement;
  if (a === undefined) return [basename(file, '.onnx'), String(r.opset ?? '?'), r.input.join('x'), 'not measured: the file is quantized (no float model)', '', '', ''];
  return [
    basename(file, '.onnx'), String(r.opset ?? '?'), r.input.join('x'),
    `${a.top1Agreeing}/${a.images} (${a.top1AgreementPct.toFixed(1)} %)`,
    a.cosineSimilarity.toFixed(6),
    a.outputSnrDb === null ? 'exact' : `${a.outputSnrDb.toFixed(1)} dB`,
    wallS.toFixed(0),
  ];
}

const options = parseArgs(process.argv.slice(2));
const set = options.on === 'held-out' ? `${options.images} seeded held-out images (not the calibration set), calibrated on the default 8 seeded images` : `the ${options.images} seeded calibration images`;
process.stdout.write(`load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}; int8 vs float on ${set}\n\n`);
process.stdout.write('| model | opset | input | top-1 match | cosine similarity | output SNR | wall s |\n|---|---|---|---|---|---|---|\n');
for (const file of options.files) process.stdout.write(`| ${runOne(file, options).join(' | ')} |\n`);
