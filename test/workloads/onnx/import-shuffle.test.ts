// ShuffleNet V2's channel movement: torch.chunk(x, 2, dim=1) (Slice, or Split), the two halves'
// concat and the channel shuffle Reshape [N, 2, C/2, H, W] -> Transpose(0, 2, 1, 3, 4) -> Reshape
// [N, C, H, W]. Each is a channel gather (data movement, no crossbar). Checked: the gather indices
// against the shuffle written out here; the importer's float path against ONNX Runtime; the quantized
// network against ONNX Runtime's float model; export (Gather) through ONNX Runtime bit for bit; the
// engine and the functional chip against the reference; the model's counts and energy against the
// engine's; other transposes and slices rejected naming the node.
import { describe, expect, it } from 'vitest';
import { importOnnx } from '../../../workloads/onnx/import.js';
import { exportOnnx } from '../../../workloads/onnx/export.js';
import { runReference } from '../../../workloads/reference/index.js';
import { mapNetwork } from '../../../hw/mapping/index.js';
import { loadArch } from '../../../hw/arch/index.js';
import { loadTech } from '../../../hw/tech/index.js';
import { estimate, measureInputActivity } from '../../../hw/ppa/index.js';
import { FunctionalChip } from '../../../sim/functional/index.js';
import { simulatedReport, crosscheckReport } from '../../../traces/report/runReport.js';
import type { ChannelsLayer, Network } from '../../../workloads/ir/types.js';
import { inputsFor, runNetwork } from '../../sim/engine/helpers.js';
import { floatTensor, floats, int64Tensor, modelBytes, node } from './onnx-builder.js';
import { expectFloatPathExact, itTracksOnnxRuntime, rejection } from './more-ops-check.js';
import { runOrt } from './ort.js';
import { randomInputs } from './random-network.js';

const DIMS = [1, 3, 8, 8];
const calibration = [...Array.from({ length: 16 }, (_, i) => floats(192, 600 + i)), ...[100, 101, 102, 103].map((s) => floats(192, s))];

/** Reshape [1, 2, C/2, H, W] -> Transpose -> Reshape [1, -1, H, W] of `from` into `to`. */
function shuffle(k: number, from: string, to: string, channels: number, size: number) {
  return {
    nodes: [
      node('Reshape', [from, `shape5_${k}`], [`v${k}`]),
      node('Transpose', [`v${k}`], [`t${k}`], { perm: [0, 2, 1, 3, 4] }),
      node('Reshape', [`t${k}`, `shape4_${k}`], [to], {}, { name: `shuffle${k}` }),
    ],
    initializers: [int64Tensor(`shape5_${k}`, [5], [1, 2, channels / 2, size, size]), int64Tensor(`shape4_${k}`, [4], [1, -1, size, size])],
  };
}

/** Stem conv (8 ch) -> block 1: Slice halves, branch on the second, concat, shuffle -> block 2: Split
 *  halves (opset 13 split input), branch, concat, shuffle -> GAP -> Gemm. */
function shuffleNet(): Uint8Array {
  const s1 = shuffle(1, 'cat1', 'sh1', 8, 8);
  const s2 = shuffle(2, 'cat2', 'sh2', 8, 8);
  const branch = (k: number, from: string, to: string) => [
    node('Conv', [from, `bw${k}a`, `bb${k}a`], [`b${k}a`], { kernel_shape: [1, 1] }), node('Relu', [`b${k}a`], [`b${k}r`]),
    node('Conv', [`b${k}r`, `bw${k}b`, `bb${k}b`], [to], { kernel_shape: [3, 3], pads: [1, 1, 1, 1], group: 4 }),
  ];
  const branchWeights = (k: number) => [
    floatTensor(`bw${k}a`, [4, 4, 1, 1], floats(16, 10 * k, 0.7)), floatTensor(`bb${k}a`, [4], floats(4, 10 * k + 1, 0.2)),
    floatTensor(`bw${k}b`, [4, 1, 3, 3], floats(36, 10 * k + 2, 0.6)), floatTensor(`bb${k}b`, [4], floats(4, 10 * k + 3, 0.2)),
  ];
  return modelBytes({
    opset: 13,
    input: { name: 'x', dims: DIMS },
    output: 'y',
    nodes: [
      node('Conv', ['x', 'w0', 'b0'], ['c0'], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }), node('Relu', ['c0'], ['r0']),
      node('Slice', ['r0', 'zero', 'four', 'one'], ['left1'], {}, { name: 'slice_left' }),
      node('Slice', ['r0', 'four', 'big', 'one'], ['right1'], {}, { name: 'slice_right' }),
      ...branch(1, 'right1', 'out1'), node('Concat', ['left1', 'out1'], ['cat1'], { axis: 1 }), ...s1.nodes,
      node('Split', ['sh1', 'halves'], ['left2', 'right2'], { axis: 1 }, { name: 'split2' }),
      ...branch(2, 'right2', 'out2'), node('Concat', ['left2', 'out2'], ['cat2'], { axis: 1 }), ...s2.nodes,
      node('GlobalAveragePool', ['sh2'], ['gap']), node('Flatten', ['gap'], ['f']), node('Gemm', ['f', 'wf', 'bf'], ['y'], { transB: 1 }),
    ],
    initializers: [
      floatTensor('w0', [8, 3, 3, 3], floats(216, 1, 0.5)), floatTensor('b0', [8], floats(8, 2, 0.3)),
      int64Tensor('zero', [1], [0]), int64Tensor('four', [1], [4]), int64Tensor('one', [1], [1]), int64Tensor('big', [1], [2 ** 31 - 1]),
      int64Tensor('halves', [2], [4, 4]),
      ...branchWeights(1), ...branchWeights(2), ...s1.initializers, ...s2.initializers,
      floatTensor('wf', [5, 8], floats(40, 5, 1)), floatTensor('bf', [5], floats(5, 6, 0.2)),
    ],
  });
}

const net = importOnnx(shuffleNet(), { calibration });
const gathers = net.layers.filter((l): l is ChannelsLayer => l.kind === 'channels');

describe('ShuffleNet channel movement', () => {
  it('slices, split halves and shuffles are channel gathers; the shuffle interleaves the two halves', () => {
    expect(net.layers.map((l) => l.kind)).toEqual([
      'input', 'conv2d', 'channels', 'channels', 'conv2d', 'conv2d', 'concat', 'channels',
      'channels', 'channels', 'conv2d', 'conv2d', 'concat', 'channels', 'globalavgpool', 'flatten', 'dense',
    ]);
    // channel_shuffle(x, 2) as torchvision writes it: out[j * 2 + i] = in[i * 4 + j] for i < 2, j < 4.
    const shuffled = [0, 4, 1, 5, 2, 6, 3, 7];
    expect(gathers.map((l) => [l.name, l.indices])).toEqual([
      ['slice_left', [0, 1, 2, 3]], ['slice_right', [4, 5, 6, 7]], ['shuffle1', shuffled],
      ['split2/0', [0, 1, 2, 3]], ['split2/1', [4, 5, 6, 7]], ['shuffle2', shuffled],
    ]);
  });

  itTracksOnnxRuntime(shuffleNet, net, DIMS, calibration);

  it('exported as Gather on int8, ONNX Runtime gives the reference\'s outputs; the export imports back to the same gathers', async () => {
    const images = randomInputs(net, 3, 5);
    const ort = await runOrt(exportOnnx(net), net, images);
    images.forEach((x, i) => expect(Array.from(ort[i])).toEqual(Array.from(runReference(net, x).output.data)));
    const back = importOnnx(exportOnnx(net));
    expect(back.layers.filter((l) => l.kind === 'channels')).toEqual(gathers);
  });

  it('a Transpose that is no shuffle, and a Slice along H: rejected naming the node', () => {
    const transposed = modelBytes({
      input: { name: 'x', dims: [1, 2, 4, 4] },
      output: 'y',
      nodes: [node('Transpose', ['x'], ['y'], { perm: [0, 1, 3, 2] }, { name: 't' })],
      initializers: [],
    });
    const error = rejection(transposed);
    expect(error.field).toBe('node "t" (Transpose)');
    expect(error.fix).toContain('channel shuffle');
    const sliced = modelBytes({
      input: { name: 'x', dims: [1, 2, 4, 4] },
      output: 'y',
      nodes: [node('Slice', ['x', 'zero', 'two', 'axis'], ['y'], {}, { name: 's' })],
      initializers: [int64Tensor('zero', [1], [0]), int64Tensor('two', [1], [2]), int64Tensor('axis', [1], [2])],
    });
    expect(rejection(sliced).message).toContain('only channels (axis 1) may be sliced');
  });
});

describe('channel gathers on the chip', () => {
  const IMAGES = 8;
  const r = runNetwork(net, { images: IMAGES });
  const mapped = mapNetwork(net, r.arch);

  it('the engine and the functional chip equal the integer reference bit for bit (pipelined, layer by layer, duplicated, isaac)', () => {
    expect(r.compared).toBe(IMAGES * 5);
    expect(r.mismatches).toBe(0);
    const chip = new FunctionalChip(net, mapped, r.arch, { fidelity: 'exact' });
    inputsFor(net, IMAGES).forEach((x, k) => expect(chip.run(x, k)).toEqual(runReference(net, x).output.data));
    for (const map of [{ schedule: 'layer-by-layer' as const }, { dup: 2 }]) expect(runNetwork(net, { images: 2, map }).mismatches).toBe(0);
    expect(runNetwork(net, { images: 1, arch: loadArch('isaac') }).mismatches).toBe(0);
  });

  it('the model counts a gather as data movement (a fetch of its channels, no unit work), as the engine does', () => {
    const analytical = estimate(mapped, r.arch, loadTech(r.arch.tech));
    const bits = r.arch.precision.inputBits;
    const port = r.arch.tile.inputBuffer.bandwidthBitsPerCycle;
    for (const layer of gathers) {
      const m = mapped.layers.find((l) => l.name === layer.name)!;
      expect([m.engine, m.macs, m.crossbars, m.requantizeOps, m.activationOps, m.digitalUnitOps]).toEqual(['digitalUnit', 0, 0, 0, 0, 0]);
      const a = analytical.layers.find((l) => l.name === layer.name)!;
      expect(a.opCounts.bufferReads).toBe(Math.ceil((8 * 8 * layer.indices.length * bits) / port));
      const tally = r.result.layers.find((l) => l.name === layer.name)!.tally;
      expect(tally.bufferReadBits / IMAGES).toBe(8 * 8 * layer.indices.length * bits);
      expect([tally.requantizeOps, tally.residualAddOps, tally.activationOps]).toEqual([0, 0, 0]);
    }
  });

  it('each gather\'s dynamic energy in the model agrees with the engine\'s within 1%, and so does the total', () => {
    const activity = measureInputActivity(net, mapped, r.arch, inputsFor(net, IMAGES));
    const analytical = estimate(mapped, r.arch, loadTech(r.arch.tech), { activity });
    const c = crosscheckReport(simulatedReport(r.result, analytical), analytical);
    for (const layer of gathers) {
      const l = c.layers.find((x) => x.name === layer.name)!;
      expect({ name: layer.name, ok: Math.abs(l.energyErrPct!) < 1 }).toEqual({ name: layer.name, ok: true });
    }
    expect(Math.abs(c.dynamicEnergyErrPct!)).toBeLessThan(1);
    // Timing is not compared here. Measured on 8 images: latency +45.1%, interval -25.6%. All
    // layers sit on tile 0; the engine queues the concats' and gathers' arriving rows at its
    // input-buffer port (cat1 waits 4.9 us per image there), which the model's busy-time bound
    // does not see (the queueing concat.test.ts describes at an ejection port).
  });
});

describe('a shuffle of 3 groups', () => {
  it('Reshape [1, 3, 2, H, W] -> Transpose -> Reshape: out[j * 3 + i] = in[i * 2 + j]; float path equal to ONNX Runtime', async () => {
    const bytes = modelBytes({
      input: { name: 'x', dims: [1, 6, 2, 2] },
      output: 'y',
      nodes: [
        node('Conv', ['x', 'w'], ['c'], { kernel_shape: [1, 1] }),
        node('Reshape', ['c', 's5'], ['v']), node('Transpose', ['v'], ['t'], { perm: [0, 2, 1, 3, 4] }), node('Reshape', ['t', 's4'], ['sh'], {}, { name: 'shuffle' }),
        node('Conv', ['sh', 'w2'], ['y'], { kernel_shape: [1, 1] }),
      ],
      initializers: [
        floatTensor('w', [6, 6, 1, 1], floats(36, 7, 0.8)), floatTensor('w2', [4, 6, 1, 1], floats(24, 8, 0.8)),
        int64Tensor('s5', [5], [1, 3, 2, 2, 2]), int64Tensor('s4', [4], [0, 6, 2, 2]),
      ],
    });
    const imported: Network = importOnnx(bytes);
    expect(imported.layers.filter((l): l is ChannelsLayer => l.kind === 'channels').map((l) => l.indices)).toEqual([[0, 2, 4, 1, 3, 5]]);
    await expectFloatPathExact(bytes, [1, 6, 2, 2]);
  });
});
