// The shapes-only import (skeleton.ts) of `estimate`, `map`, `explore` and `networks --net`: the
// same layers, shapes, MACs and parameters as the calibrated import, and the same analytical
// estimate, so nothing on those paths reads the scales that calibration chooses.
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { importOnnx, importOnnxSkeleton } from '../../../workloads/onnx/import.js';
import { exportOnnx } from '../../../workloads/onnx/export.js';
import { countMacs, countParams } from '../../../workloads/ir/counts.js';
import { validateNetworkSkeleton } from '../../../workloads/ir/validate.js';
import type { Network, NetworkSkeleton } from '../../../workloads/ir/types.js';
import { getNetwork } from '../../../workloads/zoo/index.js';
import { outputQuants } from '../../../workloads/onnx/quant-of.js';
import { mapNetwork } from '../../../hw/mapping/index.js';
import { loadArch } from '../../../hw/arch/index.js';
import { loadTech } from '../../../hw/tech/load.js';
import { estimate } from '../../../hw/ppa/index.js';

const fixture = (name: string): string => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));

/** What geometry alone decides: names, kinds, inputs, shapes, fused activations, counting flags. */
function geometry(net: NetworkSkeleton): unknown[] {
  const shapes = validateNetworkSkeleton(net);
  return net.layers.map((l) => ({
    name: l.name, kind: l.kind, inputs: l.inputs, shape: shapes.get(l.name),
    relu: 'relu' in l ? l.relu : undefined, clamped: 'clamp' in l && l.clamp !== undefined,
    foldedBatchNorm: 'foldedBatchNorm' in l ? l.foldedBatchNorm : undefined, hasBias: 'hasBias' in l ? l.hasBias : undefined,
  }));
}

function analytical(net: NetworkSkeleton) {
  const arch = loadArch();
  return estimate(mapNetwork(net, arch), arch, loadTech(arch.tech));
}

describe.each(['tiny-resnet.onnx', 'relu6.onnx', 'ceil-pool.onnx'])('shapes-only import of %s (a PyTorch export)', (name) => {
  const { net: skeleton, quantization } = importOnnxSkeleton(fixture(name));
  const full: Network = importOnnx(fixture(name));

  it('has the calibrated import\'s layers, shapes, MACs and parameters', () => {
    expect(geometry(skeleton)).toEqual(geometry(full));
    expect(skeleton.output).toBe(full.output);
    expect(countMacs(skeleton)).toBe(countMacs(full));
    expect(countParams(skeleton)).toBe(countParams(full));
  });

  it('gives the calibrated network\'s analytical estimate: the estimate reads no calibrated scale', () => {
    expect(analytical(skeleton)).toEqual(analytical(full));
  });

  it('reports the float model\'s quantization as left to calibration', () => {
    expect(quantization).toEqual({ input: undefined, output: undefined, needsCalibration: true });
  });
});

describe('shapes-only import of a quantized model', () => {
  it('keeps the file\'s own input and output quantization', () => {
    const net = getNetwork('lenet5');
    const { quantization } = importOnnxSkeleton(exportOnnx(net));
    const quants = outputQuants(net);
    expect(quantization).toEqual({ input: quants.get(net.layers[0].name), output: quants.get(net.output), needsCalibration: false });
  });
});
