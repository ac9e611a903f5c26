// `ohmflow simulate --functional-only`: the chip's outputs without its timing (sim/functional),
// images spread over --jobs worker threads, checked against the golden reference as a full
// simulation is. For accuracy over many images, where latency and energy are not the question.
import { analogReport } from '../../../sim/engine/compute/device.js';
import { writeNpyInt8 } from '../../../workloads/onnx/npy.js';
import type { Network } from '../../../workloads/ir/types.js';
import type { Arch } from '../../../hw/arch/schema.js';
import type { MappedNetwork } from '../../../hw/mapping/types.js';
import { crossbarConversion } from '../../../hw/mapping/conversion.js';
import { runReferenceParallel } from '../../../workloads/reference/index.js';
import { checkFidelity, type AnalogParams, type Fidelity } from '../../../sim/engine/index.js';
import { functionalReport } from '../../../traces/report/runReport.js';
import { runFunctional } from '../../../sim/functional/index.js';
import { progressBar } from '../progressBar.js';
import { quantizationLines, type QuantizationReport } from '../quantization.js';
import type { ParsedOnnx } from '../../../workloads/onnx/parse.js';
import { agreementOfRun, agreementText } from '../agreement.js';

type FunctionalSummary = ReturnType<typeof functionalReport>;

/** Writes the outputs as one int8 .npy: [N, ...output shape], or the output shape for one image. */
export function saveOutputs(file: string, net: Network, mapped: MappedNetwork, outputs: readonly Int8Array[]): void {
  const oneShape = mapped.layers.find((l) => l.name === net.output)!.outShape;
  const all = new Int8Array(outputs.reduce((n, o) => n + o.length, 0));
  outputs.forEach((o, k) => all.set(o, k * o.length));
  const shape = outputs.length === 1 ? oneShape : [outputs.length, ...oneShape];
  writeNpyInt8(file, shape, all);
  process.stderr.write(`wrote ${file} (int8, shape [${shape.join(', ')}])\n`);
}

/** The functional check in words: against which reference, and how far the outputs are. */
export function functionalLines(fn: FunctionalSummary): string[] {
  return [
    `functional: ${fn.bitExact ? 'bit-exact' : `${fn.mismatches} of ${fn.outputsCompared} outputs differ (max |error| ${fn.maxAbsError}, top-1 agreement ${(100 * fn.top1Agreement).toFixed(0)}%)`} against the ${fn.reference === 'adc-aware' ? 'ADC-aware reference (the same conversions, computed independently)' : 'integer reference'} (${fn.outputsCompared} outputs compared)`,
    ...(fn.reference === 'adc-aware' && fn.integer !== undefined
      ? [`  the chip's lossy conversions against the integer reference: ${fn.integer.mismatches} of ${fn.integer.outputsCompared} outputs differ (max |error| ${fn.integer.maxAbsError}), top-1 agreement ${(100 * fn.integer.top1Agreement).toFixed(0)}%`]
      : []),
  ];
}

/** The input's and output's quantization (scale, zero point) after a run's report, and where they came from. */
export function quantizationText(q: QuantizationReport, net: Network, mapped: MappedNetwork): string {
  const input = net.layers.find((l) => l.kind === 'input')!;
  const output = mapped.layers.find((l) => l.name === net.output)!.outShape;
  const from = q.source === 'calibration' ? `calibration on ${q.calibration!.images} ${q.calibration!.inputs} image(s)` : q.source === 'file' ? 'the file' : 'the zoo';
  return [`quantization (real = scale * (q - zero point)), from ${from}:`, ...quantizationLines(q, input.kind === 'input' ? input.shape : [], output)].join('\n') + '\n';
}

interface FunctionalRun {
  net: Network;
  arch: Arch;
  mapped: MappedNetwork;
  inputs: Int8Array[];
  source: string;
  fidelity: Fidelity;
  analog?: AnalogParams;
  jobs: number;
  json: boolean;
  saveOutput?: string;
  quantization: QuantizationReport;
  /** The float model of a calibrated .onnx file: the outputs are compared against it too. */
  floatModel?: ParsedOnnx;
}

export async function runFunctionalOnly(r: FunctionalRun): Promise<void> {
  checkFidelity(r.arch, r.fidelity);
  const bar = progressBar('functional');
  const start = performance.now();
  let outputs: Int8Array[];
  try {
    outputs = await runFunctional(
      { net: r.net, mapped: r.mapped, arch: r.arch, options: { fidelity: r.fidelity, ...(r.analog === undefined ? {} : { analog: r.analog }) } },
      r.inputs,
      r.jobs,
      (done) => bar.update(done, r.inputs.length, `${done}/${r.inputs.length} images`),
    );
  } catch (e) {
    bar.stop(false);
    throw e;
  }
  const wallS = (performance.now() - start) / 1e3;
  bar.stop(true, `${r.inputs.length}/${r.inputs.length} images in ${wallS.toFixed(1)} s`);
  const conversion = r.fidelity === 'adc' ? crossbarConversion(r.arch, r.mapped) : undefined;
  process.stderr.write(`checking against the ${conversion === undefined ? 'integer' : 'ADC-aware'} reference (${r.inputs.length} image(s), ${Math.min(r.jobs, r.inputs.length)} thread(s))...\n`);
  const golden = await runReferenceParallel(r.net, r.inputs, { crossbar: conversion }, r.jobs);
  const functional = {
    ...functionalReport(r.net, r.inputs, { fidelity: r.fidelity, outputs }, conversion, golden.map((g) => g.output.data)),
    inputs: r.source,
    ...(r.analog === undefined ? {} : { analog: analogReport(r.analog) }),
  };
  if (r.saveOutput !== undefined) saveOutputs(r.saveOutput, r.net, r.mapped, outputs);
  const agreement = r.floatModel === undefined ? undefined : await agreementOfRun(r.floatModel, r.net, r.inputs, outputs);
  const threads = Math.min(r.jobs, r.inputs.length);
  if (r.json) {
    process.stdout.write(JSON.stringify({ functionalOnly: { images: r.inputs.length, wallS, threads }, functional, quantization: r.quantization, ...(agreement === undefined ? {} : { agreement }) }) + '\n');
    return;
  }
  process.stdout.write([
    `${r.net.name} on ${r.arch.name}: ${r.inputs.length} image(s), fidelity ${r.fidelity}, functional only (no timing, no energy) in ${wallS.toFixed(2)} s on ${threads} thread(s)`,
    ...functionalLines(functional),
  ].join('\n') + '\n' + quantizationText(r.quantization, r.net, r.mapped) + agreementText(agreement));
}
