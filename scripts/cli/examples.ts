// Examples shown at the end of every command's --help, one table so they are written alike.
// Each runs as written from the repository root.
import type { Command } from 'commander';

export const EXAMPLES: Readonly<Record<string, readonly string[]>> = {
  networks: [
    'ohmflow networks',
    'ohmflow networks --resolution 64 --json',
    'ohmflow networks --export lenet5 --out lenet5.onnx',
    'ohmflow networks --net model.onnx --calibrate --calibration calibration.npy --json',
  ],
  arch: ['ohmflow arch', 'ohmflow arch isaac --json', 'ohmflow arch --list', 'ohmflow arch isaac --dump > my-chip.json'],
  describe: ['ohmflow describe', 'ohmflow describe adc', 'ohmflow describe pe --json'],
  map: ['ohmflow map --net vgg8 --arch isaac', 'ohmflow map --net resnet18 --mapping kernel-split --json'],
  estimate: [
    'ohmflow estimate --net vgg8',
    'ohmflow estimate --net resnet50 --arch isaac --reload --batch 16',
    'ohmflow estimate --net vgg8 --mapping kernel-split --schedule layer-by-layer --activity-from-run',
  ],
  simulate: [
    'ohmflow simulate',
    'ohmflow simulate --net lenet5 --arch rram-lossless-32nm --images 4 --json',
    'ohmflow simulate --net vgg8 --fidelity analog --conductance-sigma 0.1',
    'ohmflow simulate --net lenet5 --functional-only --images 100 --jobs 4',
    'ohmflow simulate --net lenet5 --trace run.pftrace --plots charts/',
    'ohmflow simulate --net model.onnx --calibration calibration.npy --input images.npy --save-output logits.npy --json',
  ],
  accuracy: [
    'ohmflow accuracy --net lenet5 --images 500 --sweep adc.bits=3..8',
    'ohmflow accuracy --net lenet5 --images 2000 --sweep adc.bits=3..8 --sweep device.d2dSigma=0,0.05,0.1,0.2 --trials 5 --plots charts/',
    'ohmflow accuracy --net my.onnx --dataset images.npy --labels labels.npy --fidelity analog --json',
  ],
  trace: ['ohmflow trace summary run.pftrace --by tile', 'ohmflow trace check run.pftrace', 'ohmflow trace export run.pftrace --chrome -o run.json'],
  'trace summary': ['ohmflow trace summary run.pftrace', 'ohmflow trace summary run.pftrace --by component --json'],
  'trace check': ['ohmflow trace check run.pftrace'],
  'trace export': ['ohmflow trace export run.pftrace --chrome -o run.json'],
  explore: [
    'ohmflow explore --net lenet5 --iterations 10',
    'ohmflow explore --net vgg8 --objective fps --area-budget 50 --out my-design',
    'ohmflow explore --net lenet5-mnist --adc-bits 8 --min-accuracy 95 --accuracy-images 200',
    'ohmflow explore --net vgg8 --arch aero-hybrid --crossbars 100%,50%,25% --plots charts/',
  ],
  sweep: ['ohmflow sweep list docs/examples/adc-sweep.json', 'ohmflow sweep run-all docs/examples/adc-sweep.json --jobs 4', 'ohmflow sweep merge docs/examples/adc-sweep.json'],
  'sweep list': ['ohmflow sweep list docs/examples/adc-sweep.json --json'],
  'sweep run': ['ohmflow sweep run docs/examples/adc-sweep.json --index 0 --chunk 4'],
  'sweep run-all': ['ohmflow sweep run-all docs/examples/adc-sweep.json --jobs 4', 'ohmflow sweep run-all docs/examples/adc-sweep.json --retry-failed'],
  'sweep merge': ['ohmflow sweep merge docs/examples/adc-sweep.json --json'],
  'sweep emit': ['ohmflow sweep emit slurm docs/examples/adc-sweep.json --chunk 4', 'ohmflow sweep emit k8s docs/examples/adc-sweep.json --image ohmflow:latest'],
};

/** The command's path below the program, e.g. "sweep run". */
export function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** Adds its examples to every command of the tree under `program`. */
export function addExamples(program: Command): void {
  const visit = (cmd: Command) => {
    const examples = EXAMPLES[commandPath(cmd)];
    if (examples) cmd.addHelpText('after', `\nExamples:\n${examples.map((e) => `  ${e}`).join('\n')}\n`);
    cmd.commands.forEach(visit);
  };
  program.commands.forEach(visit);
}
