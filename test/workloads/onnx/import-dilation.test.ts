// Dilated convolutions (ONNX dilations > 1, PyTorch nn.Conv2d(dilation=d)): tap (ky, kx) reads input
// (oy * sh + ky * dh - padTop, ox * sw + kx * dw - padLeft). The importer keeps the dilation in the
// IR; the integer reference (workloads/reference/patch.ts) and the engine (sim/engine/compute/
// window.ts) gather those taps independently, the mapping and the engine wait for the rows the
// dilated window spans. Checked against ONNX Runtime (float import and exported int8 networks)
// and engine against reference.
import { describe, expect, it } from 'vitest';
import { importOnnx } from '../../../workloads/onnx/import.js';
import { exportOnnx } from '../../../workloads/onnx/export.js';
import { NetworkBuilder } from '../../../workloads/ir/builder.js';
import { runReference } from '../../../workloads/reference/index.js';
import { SeededRandom } from '../../../workloads/random.js';
import type { Network } from '../../../workloads/ir/types.js';
import { mapNetwork } from '../../../hw/mapping/index.js';
import { inputRowsOf } from '../../../hw/mapping/copies.js';
import { loadArch } from '../../../hw/arch/index.js';
import { LOSSLESS } from '../../losslessArch.js';
import { runNetwork } from '../../sim/engine/helpers.js';
import { floatTensor, floats, modelBytes, node } from './onnx-builder.js';
import { expectFloatPathExact } from './more-ops-check.js';
import { runOrt } from './ort.js';

const DIMS = [1, 3, 13, 11];

/** Conv(3x3, dilation [2, 3], pads 2/3) -> Relu -> depthwise Conv(3x3, dilation 2, stride 2) -> Gemm. */
function dilatedModel(): Uint8Array {
  return modelBytes({
    input: { name: 'x', dims: DIMS },
    output: 'y',
    nodes: [
      node('Conv', ['x', 'w1', 'b1'], ['c1'], { kernel_shape: [3, 3], dilations: [2, 3], pads: [2, 3, 2, 3] }),
      node('Relu', ['c1'], ['r1']),
      node('Conv', ['r1', 'w2'], ['c2'], { kernel_shape: [3, 3], dilations: [2, 2], strides: [2, 2], group: 4 }),
      node('Flatten', ['c2'], ['f']),
      node('Gemm', ['f', 'w3'], ['y'], { transB: 1 }),
    ],
    initializers: [
      floatTensor('w1', [4, 3, 3, 3], floats(108, 1, 0.5)),
      floatTensor('b1', [4], floats(4, 2, 0.1)),
      floatTensor('w2', [4, 1, 3, 3], floats(36, 3, 0.5)),
      // c2 is [4, 5, 4] (13 rows: (13 - 5) / 2 + 1; 11 columns: (11 - 5) / 2 + 1).
      floatTensor('w3', [6, 80], floats(480, 4, 0.3)),
    ],
  });
}

/** An int8 network with dilated convs of several shapes, built directly in the IR. */
function dilatedNet(): Network {
  const r = new SeededRandom(5, 'dilated');
  const b = new NetworkBuilder('dilated');
  const q = (zeroPoint: number) => ({ scale: 2 ** -4, zeroPoint });
  const weights = (n: number) => r.fillInt8(new Int8Array(n));
  // Per-channel scales whose multiplier is a small power of two keep outputs in range.
  const wq = (channels: number) => ({ scales: new Array<number>(channels).fill(2 ** -6), zeroPoints: new Array<number>(channels).fill(0) });
  let x = b.input('x', [3, 12, 10], q(3));
  x = b.conv2d('c1', x, { outChannels: 5, kernel: [3, 3], dilation: [2, 3], padding: [2, 3, 1, 2], weights: weights(135), weightQuant: wq(5), outQuant: q(-20), relu: true });
  x = b.conv2d('c2', x, { outChannels: 5, kernel: [2, 3], dilation: [3, 1], stride: [1, 2], groups: 5, weights: weights(30), weightQuant: wq(5), outQuant: q(7) });
  x = b.conv2d('c3', x, { outChannels: 4, kernel: [3, 2], dilation: 2, padding: 2, weights: weights(120), weightQuant: wq(4), outQuant: q(0) });
  return b.build(x);
}

describe('dilated convolutions', () => {
  it('import keeps the dilation, with output sizes over the dilated span', () => {
    const net = importOnnx(dilatedModel());
    const [, c1, c2] = net.layers;
    expect(c1).toMatchObject({ kind: 'conv2d', dilation: [2, 3] });
    expect(c2).toMatchObject({ kind: 'conv2d', dilation: [2, 2], groups: 4 });
    expect(net.layers.map((l) => l.kind)).toEqual(['input', 'conv2d', 'conv2d', 'flatten', 'dense']);
  });

  it('the importer\'s float path computes what ONNX Runtime computes', async () => {
    await expectFloatPathExact(dilatedModel(), DIMS);
  });

  it('exported as QLinearConv with dilations, ONNX Runtime gives the integer reference\'s outputs bit for bit', async () => {
    const net = dilatedNet();
    const r = new SeededRandom(9, 'dilated-inputs');
    const images = Array.from({ length: 4 }, () => r.fillInt8(new Int8Array(3 * 12 * 10)));
    const ort = await runOrt(exportOnnx(net), net, images);
    images.forEach((image, i) => expect(Array.from(ort[i])).toEqual(Array.from(runReference(net, image).output.data)));
    // Round trip: the file's dilations come back.
    expect(importOnnx(exportOnnx(net)).layers.map((l) => (l.kind === 'conv2d' ? l.dilation : undefined))).toEqual([undefined, [2, 3], [3, 1], [2, 2]]);
  });

  for (const mapping of ['im2col', 'kernel-split'] as const) {
    it(`the engine (${mapping}) computes the reference's outputs, pipelined over three images`, () => {
      const r = runNetwork(dilatedNet(), { images: 3, map: { mapping, kernelSplitFallback: 'never' } });
      expect(r.compared).toBeGreaterThan(0);
      expect(r.mismatches).toBe(0);
    });
  }

  it('on the digital MAC PEs of a hybrid tile (aero-hybrid), the engine computes the reference\'s outputs too', () => {
    const r = runNetwork(dilatedNet(), { arch: loadArch('aero-hybrid'), images: 2, map: { digital: ['c1', 'c2', 'c3'] } });
    expect(r.result.layers.filter((l) => l.engine === 'digitalMac').map((l) => l.name)).toEqual(['c1', 'c2', 'c3']);
    expect(r.compared).toBeGreaterThan(0);
    expect(r.mismatches).toBe(0);
  });

  it('the mapping waits for every row a dilated window spans, and buffers them', () => {
    const net = dilatedNet();
    const mapped = mapNetwork(net, loadArch(LOSSLESS));
    const c1 = mapped.layers.find((l) => l.name === 'c1')!;
    expect(c1.dilation).toEqual([2, 3]);
    // Output row 0 reads input rows -2, 0, 2: rows 0..2 clipped; output row 5 reads rows 3, 5, 7.
    expect(inputRowsOf(c1, 0)).toEqual([0, 2]);
    expect(inputRowsOf(c1, 5)).toEqual([3, 7]);
    // The line buffer holds (span - 1) rows plus a span of pixels: span 5 x 7 over a 10-wide input.
    expect(c1.lineBufferBytes).toBe(((5 - 1) * 10 + 7) * 3);
    // Taps and MACs are those of the undilated 3x3 kernel.
    expect(c1.macs).toBe(c1.outputPixels * 5 * 3 * 9);
  });
});
