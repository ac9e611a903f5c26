// Squeeze-and-excitation as MobileNetV3 exports it: x -> GlobalAveragePool (or ReduceMean over H and
// W) -> Conv -> Relu -> Conv -> HardSigmoid -> Mul(gate, x). The gate's Conv takes the HardSigmoid
// as a table; the Mul becomes a channel-broadcast product on the digital units. Checked: the
// importer's float path against ONNX Runtime; the quantized network against ONNX Runtime's float
// model; the engine and the functional chip against the integer reference bit for bit; the model's
// operation counts and energy against the engine's; a Mul that is no gating rejected naming it.
import { describe, expect, it } from 'vitest';
import { importOnnx } from '../../../workloads/onnx/import.js';
import { runReference } from '../../../workloads/reference/index.js';
import { mapNetwork } from '../../../hw/mapping/index.js';
import { loadArch } from '../../../hw/arch/index.js';
import { loadTech } from '../../../hw/tech/index.js';
import { estimate, measureInputActivity } from '../../../hw/ppa/index.js';
import { FunctionalChip } from '../../../sim/functional/index.js';
import { simulatedReport, crosscheckReport } from '../../../traces/report/runReport.js';
import { expectNearModel, inputsFor, runNetwork } from '../../sim/engine/helpers.js';
import { floatTensor, floats, modelBytes, node } from './onnx-builder.js';
import { itTracksOnnxRuntime, rejection } from './more-ops-check.js';

const DIMS = [1, 3, 8, 8];
// worstError's four images (seeds 100 to 103) are in the calibration set, so that what is measured is
// the product's arithmetic, not how well 16 images cover the ranges.
const calibration = [...Array.from({ length: 16 }, (_, i) => floats(192, 800 + i)), ...[100, 101, 102, 103].map((s) => floats(192, s))];

/** The excitation of `from` (C channels, C/2 inside) into `gate`, squeezed by GlobalAveragePool or ReduceMean. */
function excite(k: number, from: string, channels: number, reduce: boolean) {
  return {
    nodes: [
      reduce
        ? node('ReduceMean', [from], [`sq${k}`], { axes: [2, 3], keepdims: 1 })
        : node('GlobalAveragePool', [from], [`sq${k}`]),
      node('Conv', [`sq${k}`, `fc${k}a`, `fc${k}a_b`], [`e${k}a`], { kernel_shape: [1, 1] }),
      node('Relu', [`e${k}a`], [`e${k}r`]),
      node('Conv', [`e${k}r`, `fc${k}b`, `fc${k}b_b`], [`e${k}b`], { kernel_shape: [1, 1] }),
      node('HardSigmoid', [`e${k}b`], [`gate${k}`], { alpha: 1 / 6, beta: 0.5 }),
    ],
    initializers: [
      floatTensor(`fc${k}a`, [channels / 2, channels, 1, 1], floats(channels * channels / 2, 10 * k, 0.8)),
      floatTensor(`fc${k}a_b`, [channels / 2], floats(channels / 2, 10 * k + 1, 0.3)),
      floatTensor(`fc${k}b`, [channels, channels / 2, 1, 1], floats(channels * channels / 2, 10 * k + 2, 1.5)),
      floatTensor(`fc${k}b_b`, [channels], floats(channels, 10 * k + 3, 1)),
    ],
  };
}

/** Conv -> HardSwish -> SE (GAP, Mul(gate, x)) -> 1x1 Conv -> SE (ReduceMean, Mul(x, gate)) -> GAP -> Gemm. */
function seNet(): Uint8Array {
  const se1 = excite(1, 'h', 8, false);
  const se2 = excite(2, 'p', 6 * 2, true);
  return modelBytes({
    opset: 14,
    input: { name: 'x', dims: DIMS },
    output: 'y',
    nodes: [
      node('Conv', ['x', 'w0', 'b0'], ['c0'], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }),
      node('HardSwish', ['c0'], ['h']),
      ...se1.nodes, node('Mul', ['gate1', 'h'], ['s1'], {}, { name: 'scale1' }),
      node('Conv', ['s1', 'w1', 'b1'], ['p'], { kernel_shape: [1, 1] }),
      ...se2.nodes, node('Mul', ['p', 'gate2'], ['s2'], {}, { name: 'scale2' }),
      node('GlobalAveragePool', ['s2'], ['gap']), node('Flatten', ['gap'], ['f']),
      node('Gemm', ['f', 'wf', 'bf'], ['y'], { transB: 1 }),
    ],
    initializers: [
      floatTensor('w0', [8, 3, 3, 3], floats(216, 1, 0.5)), floatTensor('b0', [8], floats(8, 2, 0.3)),
      floatTensor('w1', [12, 8, 1, 1], floats(96, 3, 0.6)), floatTensor('b1', [12], floats(12, 4, 0.3)),
      ...se1.initializers, ...se2.initializers,
      floatTensor('wf', [5, 12], floats(60, 5, 1)), floatTensor('bf', [5], floats(5, 6, 0.2)),
    ],
  });
}

const net = importOnnx(seNet(), { calibration });
const products = net.layers.filter((l) => l.kind === 'mul');

describe('squeeze-and-excitation', () => {
  it('the gate is a conv with a HardSigmoid table; the Mul a product layer reading [x, gate] in either ONNX order', () => {
    expect(net.layers.map((l) => l.kind)).toEqual([
      'input', 'conv2d',
      'globalavgpool', 'conv2d', 'conv2d', 'mul',
      'conv2d',
      'globalavgpool', 'conv2d', 'conv2d', 'mul',
      'globalavgpool', 'flatten', 'dense',
    ]);
    const gates = net.layers.filter((l) => l.kind === 'conv2d' && l.table?.fn === 'hardsigmoid').map((l) => l.name);
    expect(products.map((l) => [l.name, l.inputs[1]])).toEqual([['scale1', gates[0]], ['scale2', gates[1]]]);
    expect(products.map((l) => l.inputs[0])).toEqual([net.layers[1].name, net.layers[6].name]);
  });

  itTracksOnnxRuntime(seNet, net, DIMS, calibration);

  it('a Mul of two feature maps, or by a constant: rejected naming the node', () => {
    const twoMaps = modelBytes({
      input: { name: 'x', dims: [1, 2, 4, 4] },
      output: 'y',
      nodes: [node('MaxPool', ['x'], ['p'], { kernel_shape: [1, 1] }), node('Mul', ['x', 'p'], ['y'], {}, { name: 'm' })],
      initializers: [],
    });
    const error = rejection(twoMaps);
    expect(error.field).toBe('node "m" (Mul)');
    expect(error.message).toContain('per-channel gate [1, C, 1, 1]');
    const byConstant = modelBytes({
      input: { name: 'x', dims: [1, 2, 4, 4] },
      output: 'y',
      nodes: [node('Mul', ['x', 'k'], ['y'], {}, { name: 'm' })],
      initializers: [floatTensor('k', [1, 2, 1, 1], [0.5, 2])],
    });
    expect(rejection(byConstant).message).toContain('Mul by a constant');
  });
});

describe('products on the chip', () => {
  const IMAGES = 8;
  const r = runNetwork(net, { images: IMAGES });
  const mapped = mapNetwork(net, r.arch);

  it('the engine and the functional chip equal the integer reference bit for bit', () => {
    expect(r.compared).toBe(IMAGES * 5);
    expect(r.mismatches).toBe(0);
    const chip = new FunctionalChip(net, mapped, r.arch, { fidelity: 'exact' });
    inputsFor(net, IMAGES).forEach((x, k) => expect(chip.run(x, k)).toEqual(runReference(net, x).output.data));
  });

  it('layer by layer and with two copies of every crossbar layer: still bit-exact', () => {
    for (const map of [{ schedule: 'layer-by-layer' as const }, { dup: 2 }]) expect(runNetwork(net, { images: 2, map }).mismatches).toBe(0);
  });

  it('the mapping runs them on the digital units; model and engine count one product and one requantize per value', () => {
    for (const layer of products) {
      const m = mapped.layers.find((l) => l.name === layer.name)!;
      expect([m.engine, m.digitalUnit, m.macs, m.crossbars]).toEqual(['digitalUnit', 'residualAdd', 0, 0]);
      expect([m.digitalUnitOps, m.requantizeOps, m.activationOps]).toEqual([m.outputValues, m.outputValues, 0]);
      const tally = r.result.layers.find((l) => l.name === layer.name)!.tally;
      expect([tally.residualAddOps, tally.requantizeOps, tally.activationOps].map((v) => v / IMAGES)).toEqual([m.outputValues, m.outputValues, 0]);
    }
  });

  it('each product\'s dynamic energy in the model agrees with the engine\'s within 1%, and so does the total; interval within 10%; the fill pessimistic by at most 35%', () => {
    const activity = measureInputActivity(net, mapped, r.arch, inputsFor(net, IMAGES));
    const analytical = estimate(mapped, r.arch, loadTech(r.arch.tech), { activity });
    const c = crosscheckReport(simulatedReport(r.result, analytical), analytical);
    for (const layer of products) {
      const l = c.layers.find((x) => x.name === layer.name)!;
      expect({ name: layer.name, ok: Math.abs(l.energyErrPct!) < 1 }).toEqual({ name: layer.name, ok: true });
    }
    // Measured on 8 images: interval -7.7% (-21.7% before links and output buffers served the
    // oldest image first: later images overtook the first). First image -24.3%, and -30.2% on one
    // image: the model's fill charges each one-pixel excitation conv the whole per-image busy time
    // of the tile input buffer it shares with c0's 64 copies (443 ns a stage against the engine's
    // 80-160 ns), so it is pessimistic here (docs/ppa-model.md). The +6.0% this test once read was
    // the first image delayed by later ones, which made up for that by chance.
    expect(c.latencyErrPct!).toBeLessThan(0);
    expect(c.latencyErrPct!).toBeGreaterThan(-35);
    expectNearModel(net.name, c, 10, 1, 'dynamicEnergyErrPct');
  });

  it('on the isaac preset too: bit-exact', () => {
    expect(runNetwork(net, { images: 1, arch: loadArch('isaac'), fidelity: 'exact' }).mismatches).toBe(0);
  });
});
