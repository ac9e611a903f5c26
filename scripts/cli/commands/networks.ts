// `ohmflow networks [--json] [--resolution N]`: the model zoo with layers, MACs, parameters, input.
import type { Command } from 'commander';
import { OhmflowError } from '../../../workloads/errors.js';
import { countMacs, countParams } from '../../../workloads/ir/counts.js';
import { describeNetwork, listNetworks } from '../../../workloads/zoo/registry.js';

export interface NetworkSummary {
  name: string;
  layers: number;
  macs: number;
  params: number;
  /** Input shape [C, H, W] (or [F]). */
  input: number[];
}

export function summarizeZoo(resolution: number | undefined): NetworkSummary[] {
  // Skeletons only: every count comes from shapes, and generating the weights (138 M for VGG-16)
  // took ~6 s of the command's time.
  return listNetworks().map((entry) => {
    const net = describeNetwork(entry.name, resolution === undefined ? {} : { resolution });
    const input = net.layers.find((l) => l.kind === 'input');
    return {
      name: entry.name,
      layers: net.layers.filter((l) => l.kind !== 'input').length,
      macs: countMacs(net),
      params: countParams(net),
      input: input?.kind === 'input' ? [...input.shape] : [],
    };
  });
}

function table(rows: NetworkSummary[]): string {
  const header = ['name', 'layers', 'MACs', 'params', 'input'];
  const cells = rows.map((r) => [r.name, String(r.layers), r.macs.toLocaleString('en-US'), r.params.toLocaleString('en-US'), r.input.join('x')]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]): string => c.map((v, i) => (i === 0 || i === 4 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ').trimEnd();
  return [line(header), ...cells.map(line)].join('\n') + '\n';
}

function parseResolution(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new OhmflowError(`expected a positive integer, got '${value}'`, { field: '--resolution' });
  }
  return n;
}

export function register(program: Command): void {
  program
    .command('networks')
    .description('List the model zoo: layers, MACs, parameters (torchvision counting, BN included) and input shape')
    .option('--json', 'print a JSON array of { name, layers, macs, params, input }')
    .option('--resolution <n>', 'input height = width of the ImageNet networks (fixed-input networks ignore it)', parseResolution)
    .action((opts: { json?: boolean; resolution?: number }) => {
      const rows = summarizeZoo(opts.resolution);
      process.stdout.write(opts.json ? JSON.stringify(rows) + '\n' : table(rows));
    });
}
