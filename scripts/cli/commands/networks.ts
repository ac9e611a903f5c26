// `ohmflow networks [--json] [--resolution N]`: the model zoo with layers, MACs, parameters, input
// and whether the weights are seeded random numbers or trained;
// `--export NET --out FILE.onnx` writes one zoo network as a quantized ONNX model for other tools.
import { OhmflowError } from '../../../workloads/errors.js';
import { describeNetwork, getNetwork, listNetworks } from '../../../workloads/zoo/registry.js';
import { writeOnnx } from '../../../workloads/onnx/export.js';
import { summarize, type NetworkSummary } from './netSummary.js';
import { describeOnnxFile, onnxSummaryText, type DescribeFlags } from './networksOnnx.js';
import { checkOutputFile } from '../paths.js';

/** A zoo row: the network's facts and where its weights come from. */
interface ZooSummary extends NetworkSummary {
  /** Seeded random weights, or trained ones (docs/accuracy.md). */
  weights: 'seeded' | 'trained';
}

export function summarizeZoo(resolution: number | undefined): ZooSummary[] {
  // Skeletons only: every count comes from shapes, and generating the weights (138 M for VGG-16)
  // took ~6 s of the command's time.
  return listNetworks().map((entry): ZooSummary => {
    let net;
    try {
      net = describeNetwork(entry.name, resolution === undefined ? {} : { resolution });
    } catch (e) {
      // One network that cannot be built at this resolution does not hide the others.
      if (!(e instanceof OhmflowError)) throw e;
      return { name: entry.name, layers: 0, macs: 0, params: 0, input: [], weights: entry.weights, unavailable: e.message };
    }
    return { ...summarize(net), name: entry.name, weights: entry.weights };
  });
}

function table(rows: ZooSummary[]): string {
  const header = ['name', 'layers', 'MACs', 'params', 'input', 'weights'];
  const listed = rows.filter((r) => r.unavailable === undefined);
  const weights = (r: ZooSummary): string => (r.weights === 'trained' ? 'trained on MNIST' : 'seeded random');
  const cells = listed.map((r) => [r.name, String(r.layers), r.macs.toLocaleString('en-US'), r.params.toLocaleString('en-US'), r.input.join('x'), weights(r)]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]): string => c.map((v, i) => (i === 0 || i >= 4 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ').trimEnd();
  const skipped = rows.filter((r) => r.unavailable !== undefined).map((r) => `${r.name}: not available at this resolution: ${r.unavailable}`);
  return [line(header), ...cells.map(line), ...skipped].join('\n') + '\n';
}


interface NetworksOptions {
  json?: boolean;
  resolution?: number;
  export?: string;
  out?: string;
  seed?: number;
  net?: string;
}

export type NetworksFlags = NetworksOptions & DescribeFlags;

/** Writes a zoo network (with its seeded or trained weights) as a quantized ONNX model; returns the message to print. */
export function exportZooNetwork(opts: NetworksOptions): string {
  if (!opts.export || !opts.out) {
    throw new OhmflowError('--export and --out go together', { field: opts.export ? '--out' : '--export', fix: 'pass --export NET --out FILE.onnx' });
  }
  checkOutputFile(opts.out, '--out');
  const net = getNetwork(opts.export, {
    ...(opts.resolution === undefined ? {} : { resolution: opts.resolution }),
    ...(opts.seed === undefined ? {} : { seed: opts.seed }),
  });
  writeOnnx(opts.out, net);
  return `wrote ${net.name} (${net.layers.length} layers) to ${opts.out}\n`;
}

/** `ohmflow networks`: the zoo table, an ONNX file's summary, or an export. */
export async function runNetworks(opts: NetworksFlags): Promise<void> {
  if (opts.net !== undefined && (opts.export !== undefined || opts.out !== undefined || opts.resolution !== undefined)) {
    throw new OhmflowError('--net describes an ONNX file as it is; --export, --out and --resolution apply to zoo networks', { field: '--net', fix: 'drop --export, --out and --resolution, or drop --net' });
  }
  if (opts.net === undefined && (opts.calibrate || opts.calibration !== undefined || opts.calibrationImages !== undefined)) {
    throw new OhmflowError('--calibrate, --calibration and --calibration-images describe an ONNX file\'s calibration', { field: '--net', fix: 'add --net FILE.onnx' });
  }
  if (opts.net === undefined && (opts.agreementImages !== undefined || opts.agreementInput !== undefined)) {
    throw new OhmflowError('--agreement-images and --agreement-input choose the images an ONNX file\'s int8 network is compared on', { field: '--net', fix: 'add --net FILE.onnx --calibrate' });
  }
  if (opts.export !== undefined || opts.out !== undefined) {
    process.stdout.write(exportZooNetwork(opts));
    return;
  }
  if (opts.net !== undefined) {
    const summary = await describeOnnxFile(opts.net, opts);
    process.stdout.write(opts.json ? JSON.stringify(summary) + '\n' : onnxSummaryText(summary));
    return;
  }
  const rows = summarizeZoo(opts.resolution);
  process.stdout.write(opts.json ? JSON.stringify(rows) + '\n' : table(rows));
}
