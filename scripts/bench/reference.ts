// `npm run bench:reference`: times the integer reference on one seeded image and prints one JSON
// line { network, resolution, macs, wallS, gmacPerS }. Defaults: ResNet-50 at 224x224.
import { Command } from 'commander';
import { getNetwork } from '../../workloads/zoo/registry.js';
import { countMacs } from '../../workloads/ir/counts.js';
import { runReference } from '../../workloads/reference/execute.js';
import { randomInt8Input } from '../../workloads/datasets/random.js';
import { isOhmflowError } from '../../workloads/errors.js';

const program = new Command()
  .name('bench:reference')
  .option('--net <name>', 'zoo network', 'resnet50')
  .option('--resolution <n>', 'input height = width for ImageNet networks', (v) => Number.parseInt(v, 10), 224)
  .option('--seed <n>', 'weights and input seed', (v) => Number.parseInt(v, 10), 1)
  .parse(process.argv);
const opts = program.opts<{ net: string; resolution: number; seed: number }>();

try {
  const net = getNetwork(opts.net, { resolution: opts.resolution, seed: opts.seed });
  const input = net.layers.find((l) => l.kind === 'input')!;
  const image = randomInt8Input(input.kind === 'input' ? input.shape : [], opts.seed);
  const macs = countMacs(net);
  const start = process.hrtime.bigint();
  runReference(net, image);
  const wallS = Number(process.hrtime.bigint() - start) / 1e9;
  const resolution = input.kind === 'input' ? input.shape[input.shape.length - 1] : opts.resolution;
  process.stdout.write(JSON.stringify({ network: net.name, resolution, macs, wallS: Number(wallS.toFixed(3)), gmacPerS: Number((macs / wallS / 1e9).toFixed(3)) }) + '\n');
} catch (error) {
  if (!isOhmflowError(error)) throw error;
  process.stderr.write(`bench:reference: ${error.message}\n`);
  process.exitCode = 2;
}
