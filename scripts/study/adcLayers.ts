// npm run study:adc-layers: which layer of lenet5-mnist loses accuracy to neurosim-vgg8's ADCs, at
// each ADC resolution. Each crossbar layer in turn goes through the ADC-aware reference (the golden
// model of adc fidelity) while every other layer stays exact; per layer it prints the network's
// top-1 and the mean and RMS difference of that layer's int8 outputs from the integer reference's.
// Options: --images N (held-out digits, default 200), --bits a..b (default 5..9).
import { loadArch } from '../../hw/arch/index.js';
import { crossbarConversion } from '../../hw/mapping/conversion.js';
import { mapNetwork } from '../../hw/mapping/index.js';
import { archAt, countHits } from '../../sim/accuracy/index.js';
import { mnistHeldOutDataset } from '../../workloads/datasets/index.js';
import { runReference, type CrossbarConversion, type ReadPlan } from '../../workloads/reference/index.js';
import { getNetwork } from '../../workloads/zoo/index.js';

function flag(name: string, fallback: string): string {
  const at = process.argv.indexOf(name);
  return at > 0 && at + 1 < process.argv.length ? process.argv[at + 1] : fallback;
}

function refuse(field: string, text: string, fix: string): never {
  process.stderr.write(`study:adc-layers: ${field}: "${text}" is not valid\n  fix: ${fix}\n`);
  process.exit(2);
}

const imagesText = flag('--images', '200');
const images = Number(imagesText);
if (!/^\d+$/.test(imagesText) || images < 1 || images > 1996) refuse('--images', imagesText, 'pass a whole number of held-out digits from 1 to 1996');
const bitsText = flag('--bits', '5..9');
const [lo, hi] = bitsText.split('..').map(Number);
if (!/^\d+\.\.\d+$/.test(bitsText) || lo < 1 || lo > hi || hi > 16) refuse('--bits', bitsText, 'pass a range a..b of ADC bits, 1 <= a <= b <= 16');
const net = getNetwork('lenet5-mnist');
const data = mnistHeldOutDataset(images, 32);
const exact = data.images.map((x) => runReference(net, x, { keepIntermediates: true }).tensors!);
const pct = (hits: number) => `${((100 * hits) / images).toFixed(1)}%`;
process.stdout.write(`lenet5-mnist on neurosim-vgg8, ${images} held-out digits; integer reference ${pct(countHits(exact.map((t) => t.get(net.output)!.data), data.labels).top1)}\n`);
process.stdout.write('ADC bits  lossy layer  top-1    output error (int8 codes): mean   RMS\n');
for (let bits = lo; bits <= hi; bits++) {
  const arch = archAt(loadArch('neurosim-vgg8'), [{ label: 'adc.bits', path: 'tile.pe.adc.bits', values: [bits] }], [bits]);
  const conversion = crossbarConversion(arch, mapNetwork(net, arch));
  if (conversion === undefined) {
    process.stdout.write(`${String(bits).padStart(8)}  lossless: every layer exact\n`);
    continue;
  }
  const alone = (name: string, plan: ReadPlan): CrossbarConversion => ({ model: conversion.model, plans: new Map([[name, plan]]) });
  const runs: Array<[string, CrossbarConversion]> = [...conversion.plans].map(([name, plan]) => [name, alone(name, plan)]);
  runs.push(['all', conversion]);
  for (const [name, crossbar] of runs) {
    let sum = 0;
    let sumSq = 0;
    let count = 0;
    const outputs = data.images.map((x, i) => {
      const r = runReference(net, x, { keepIntermediates: true, crossbar });
      if (name !== 'all') {
        const a = r.tensors!.get(name)!.data;
        const b = exact[i].get(name)!.data;
        for (let k = 0; k < a.length; k++) {
          sum += a[k] - b[k];
          sumSq += (a[k] - b[k]) ** 2;
        }
        count += a.length;
      }
      return r.output.data;
    });
    const error = name === 'all' ? '' : `${(sum / count).toFixed(1).padStart(27)} ${Math.sqrt(sumSq / count).toFixed(1).padStart(5)}`;
    process.stdout.write(`${String(bits).padStart(8)}  ${name.padEnd(11)}  ${pct(countHits(outputs, data.labels).top1).padStart(6)}${error}\n`);
  }
}
