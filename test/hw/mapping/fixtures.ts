// Small hand-made networks for mapping and PPA tests: shapes only (weight arrays are empty, which
// is all the mapping may read), so expected counts can be worked out by hand.
import type { Conv2dLayer, Layer, Network } from '../../../workloads/ir/types.js';

const Q = { scale: 1, zeroPoint: 0 };
const WQ = { scales: [1], zeroPoints: [0] };

export function conv(
  name: string,
  input: string,
  outChannels: number,
  k: number,
  opts: { stride?: number; pad?: number; groups?: number; relu?: boolean } = {},
): Conv2dLayer {
  const s = opts.stride ?? 1;
  const p = opts.pad ?? 0;
  return {
    kind: 'conv2d', name, inputs: [input], outChannels, kernel: [k, k], stride: [s, s], padding: [p, p, p, p],
    groups: opts.groups ?? 1, weights: new Int8Array(0), bias: new Int32Array(0), weightQuant: WQ, outQuant: Q, relu: opts.relu ?? false,
  };
}

/** input [c, h, w] -> layers. */
export function net(name: string, shape: [number, number, number], layers: Layer[]): Network {
  const input: Layer = { kind: 'input', name: 'in', inputs: [], shape, quant: Q };
  return { name, layers: [input, ...layers], output: layers[layers.length - 1].name };
}

/** One conv: Cin x H x W -> Cout with a k x k kernel. */
export function oneConv(cin: number, hw: number, cout: number, k: number, opts: { pad?: number; stride?: number; groups?: number } = {}): Network {
  return net('one-conv', [cin, hw, hw], [conv('c', 'in', cout, k, opts)]);
}

export function pool(kind: 'maxpool' | 'avgpool', name: string, input: string, k: number, stride = k): Layer {
  const base = { name, inputs: [input], kernel: [k, k] as const, stride: [stride, stride] as const, padding: [0, 0, 0, 0] as const };
  return kind === 'maxpool' ? { kind, ...base } : { kind, ...base, outQuant: Q };
}

export function flatten(name: string, input: string): Layer {
  return { kind: 'flatten', name, inputs: [input] };
}

export function dense(name: string, input: string, outFeatures: number, relu = false): Layer {
  return { kind: 'dense', name, inputs: [input], outFeatures, weights: new Int8Array(0), bias: new Int32Array(0), weightQuant: WQ, outQuant: Q, relu };
}
