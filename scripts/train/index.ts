// `npm run train`: trains the zoo's trained networks (mlp-mnist, lenet5-mnist) from scratch on the
// fixed MNIST split, quantizes them to int8 and writes their ONNX files to workloads/zoo/trained/
// (or --out-dir) with a JSON record of the run (the float accuracy), then prints float and int8
// test accuracy (the int8 figure from the integer reference on the written file). --check writes
// nothing and exits 1 unless the bytes equal the committed files. Networks train on --jobs worker threads, one each; the bytes are the same for
// any --jobs. Progress (epoch, loss, accuracy) goes to stderr, the summary to stdout.
import { accessSync, constants, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Command } from 'commander';
import { writeFileAtomic } from '../../workloads/atomicFile.js';
import { mnistSplit } from '../../workloads/datasets/mnistSplit.js';
import { isOhmflowError, OhmflowError } from '../../workloads/errors.js';
import { importOnnx } from '../../workloads/onnx/import.js';
import { TRAINED_NETWORKS, trainedDir, trainingRecordText, type TrainedNetwork } from '../../workloads/zoo/trained.js';
import { referenceAccuracy } from './evaluate.js';
import { trainNetwork, type PipelineOptions } from './pipeline.js';
import { DEFAULT_TRAIN_SEED, RECIPES } from './recipes.js';
import type { EpochReport } from './train.js';
import type { Accuracy } from './score.js';
import type { WorkerMessage } from './worker.js';

interface Flags {
  net?: string;
  seed: string;
  outDir?: string;
  jobs?: string;
  check?: boolean;
}

interface Trained {
  readonly onnx: Uint8Array;
  readonly floatAccuracy: Accuracy;
  readonly trainWallS: number;
}

const pct = (x: number): string => `${(100 * x).toFixed(2)}%`;

function logEpoch(name: string, epochs: number, r: EpochReport): void {
  process.stderr.write(`${name}: epoch ${r.epoch}/${epochs}  loss ${r.loss.toFixed(4)}  train accuracy ${pct(r.trainAccuracy)}  (${r.wallS.toFixed(1)} s)\n`);
}

function trainHere(t: TrainedNetwork, options: PipelineOptions): Trained {
  return trainNetwork(t, { ...options, onEpoch: (r) => logEpoch(t.name, options.recipe.epochs, r) });
}

function trainInWorker(t: TrainedNetwork, options: PipelineOptions): Promise<Trained> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: { network: t, options } });
    worker.on('message', (m: WorkerMessage) => {
      if (m.kind === 'epoch') logEpoch(t.name, options.recipe.epochs, m.report);
      else if (m.kind === 'error') reject(new Error(`${t.name}: ${m.message}`));
      else resolve(m);
      if (m.kind !== 'epoch') void worker.terminate();
    });
    worker.once('error', reject);
    // A worker that dies without a word (out of memory) must not leave the run waiting.
    worker.once('exit', (code) => reject(new Error(`${t.name}: the training thread exited with code ${code}`)));
  });
}

function positiveInteger(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new OhmflowError(`expected a positive integer, got '${text}'`, { field: flag });
  return n;
}

function selected(list: string | undefined): TrainedNetwork[] {
  if (list === undefined) return [...TRAINED_NETWORKS];
  return list.split(',').map((name) => {
    const t = TRAINED_NETWORKS.find((n) => n.name === name.trim().toLowerCase());
    if (t === undefined) throw new OhmflowError(`no trained network '${name}'`, { field: '--net', fix: `use ${TRAINED_NETWORKS.map((n) => n.name).join(', ')}` });
    return t;
  });
}

/** Creates `dir` if needed and checks it is writable, before minutes of training rather than after. */
function checkOutDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (cause) {
    throw new OhmflowError(`cannot write to ${dir} (${(cause as NodeJS.ErrnoException).code ?? String(cause)})`, { field: '--out-dir', fix: 'give a writable directory', cause });
  }
}

async function main(flags: Flags): Promise<boolean> {
  const seed = positiveInteger(flags.seed, '--seed');
  const jobs = flags.jobs === undefined ? Math.min(2, availableParallelism()) : positiveInteger(flags.jobs, '--jobs');
  const outDir = flags.outDir ?? trainedDir();
  const nets = selected(flags.net);
  if (!flags.check) checkOutDir(outDir);
  const start = performance.now();
  // One worker per network (at most `jobs` at a time); with one job everything runs here.
  const results: Trained[] = new Array(nets.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < nets.length) {
      const k = next++;
      const options = { seed, recipe: RECIPES[nets[k].name] };
      results[k] = jobs === 1 ? trainHere(nets[k], options) : await trainInWorker(nets[k], options);
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, nets.length) }, lane));
  const wallS = (performance.now() - start) / 1e3;

  let same = true;
  for (const [k, t] of nets.entries()) {
    const r = results[k];
    const file = join(outDir, `${t.name}.onnx`);
    const recordFile = join(outDir, `${t.name}.json`);
    const record = Buffer.from(trainingRecordText({
      network: t.name, seed, epochs: RECIPES[t.name].epochs, testImages: r.floatAccuracy.images, floatTestCorrect: r.floatAccuracy.correct,
    }));
    if (flags.check) {
      for (const [path, bytes] of [[file, Buffer.from(r.onnx)], [recordFile, record]] as const) {
        const equal = existsSync(path) && readFileSync(path).equals(bytes);
        same &&= equal;
        process.stdout.write(`${t.name}: ${equal ? 'same bytes as' : 'DIFFERS from'} ${path}\n`);
      }
    } else {
      writeFileAtomic(file, r.onnx);
      writeFileAtomic(recordFile, record);
    }
    const int8 = await referenceAccuracy(importOnnx(r.onnx), mnistSplit('test', { size: t.imageSidePx }), jobs);
    process.stdout.write(
      `${t.name}: ${RECIPES[t.name].epochs} epochs in ${r.trainWallS.toFixed(1)} s, seed ${seed}; test accuracy on ${int8.images} held-out digits: ` +
      `float ${pct(r.floatAccuracy.accuracy)}, int8 ${pct(int8.accuracy)} (integer reference)${flags.check ? '' : `; wrote ${file} and ${recordFile}`}\n`,
    );
  }
  process.stdout.write(`${nets.length} network(s) in ${wallS.toFixed(1)} s on ${Math.min(jobs, nets.length)} thread(s)\n`);
  return same;
}

const program = new Command()
  .name('train')
  .description('Train the zoo\'s MNIST networks and write their int8 ONNX files')
  .option('--net <names>', `comma-separated subset of ${TRAINED_NETWORKS.map((n) => n.name).join(', ')}`)
  .option('--seed <n>', 'seed of the initial weights, the image order and the shifts', String(DEFAULT_TRAIN_SEED))
  .option('--out-dir <dir>', 'where to write the .onnx files (default: workloads/zoo/trained, the committed ones)')
  .option('--jobs <n>', 'networks trained at once, one worker thread each (default: 2, or 1 on a 1-core machine)')
  .option('--check', 'write nothing; exit 1 unless the trained bytes (ONNX and record) equal the files in --out-dir')
  .parse(process.argv);

try {
  if (!(await main(program.opts<Flags>()))) process.exitCode = 1;
} catch (error) {
  if (!isOhmflowError(error)) throw error;
  process.stderr.write(`train: ${error.message}\n`);
  process.exitCode = 2;
}
