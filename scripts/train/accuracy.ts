// `npm run accuracy:trained`: the int8 test accuracy of the committed trained networks, from the
// integer reference on the held-out digits of the fixed split (workloads/datasets/mnistSplit.ts).
// Seconds, no training: the float accuracy needs the float weights, so only `npm run train` prints it.
import { availableParallelism } from 'node:os';
import { Command } from 'commander';
import { mnistSplit } from '../../workloads/datasets/mnistSplit.js';
import { isOhmflowError, OhmflowError } from '../../workloads/errors.js';
import { getNetwork } from '../../workloads/zoo/registry.js';
import { TRAINED_NETWORKS } from '../../workloads/zoo/trained.js';
import { referenceAccuracy } from './evaluate.js';

interface Flags {
  json?: boolean;
  jobs?: string;
}

async function main(flags: Flags): Promise<void> {
  const jobs = flags.jobs === undefined ? availableParallelism() : Number(flags.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) throw new OhmflowError(`expected a positive integer, got '${flags.jobs}'`, { field: '--jobs' });
  const rows = [];
  for (const t of TRAINED_NETWORKS) {
    const start = performance.now();
    const a = await referenceAccuracy(getNetwork(t.name), mnistSplit('test', { size: t.imageSidePx }), jobs);
    rows.push({ network: t.name, images: a.images, correct: a.correct, accuracy: a.accuracy, wallS: (performance.now() - start) / 1e3 });
  }
  if (flags.json) {
    process.stdout.write(JSON.stringify(rows) + '\n');
    return;
  }
  for (const r of rows) {
    process.stdout.write(`${r.network}: int8 test accuracy ${(100 * r.accuracy).toFixed(2)}% (${r.correct} of ${r.images} held-out digits, integer reference, ${r.wallS.toFixed(1)} s)\n`);
  }
}

const program = new Command()
  .name('accuracy:trained')
  .description('Int8 test accuracy of the trained zoo networks (integer reference, held-out MNIST digits)')
  .option('--json', 'print a JSON array of { network, images, correct, accuracy, wallS }')
  .option('--jobs <n>', 'worker threads for the reference (default: all cores)')
  .parse(process.argv);

try {
  await main(program.opts<Flags>());
} catch (error) {
  if (!isOhmflowError(error)) throw error;
  process.stderr.write(`accuracy:trained: ${error.message}\n`);
  process.exitCode = 2;
}
