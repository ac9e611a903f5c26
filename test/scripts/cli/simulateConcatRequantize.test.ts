// `ohmflow simulate` on a float ONNX model with a concat: the estimate is made from the calibrated
// network, whose concat inputs have their own scales and pass through the requantize units. (Mapped
// from the skeleton's placeholder scales, the estimate counted no concat requantizes while the
// engine did: squeezenet1_0 read +1.7% energy.)
import { describe, expect, test } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { floatTensor, floats, modelBytes, node } from '../../workloads/onnx/onnx-builder.js';
import { cliOutput } from './cliOutput.js';

/** A 1x1 and a 3x3 branch (ReLU) and a max pool of the input, concatenated, then a 1x1 conv. */
function inceptionBlock(): Uint8Array {
  return modelBytes({
    input: { name: 'image', dims: [1, 3, 8, 8] },
    output: 'y',
    nodes: [
      node('Conv', ['image', 'w1', 'b1'], ['c1'], { kernel_shape: [1, 1] }),
      node('Relu', ['c1'], ['r1']),
      node('Conv', ['image', 'w3', 'b3'], ['c3'], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }),
      node('Relu', ['c3'], ['r3']),
      node('MaxPool', ['image'], ['p'], { kernel_shape: [3, 3], strides: [1, 1], pads: [1, 1, 1, 1] }),
      node('Concat', ['r1', 'r3', 'p'], ['cat'], { axis: 1 }),
      node('Conv', ['cat', 'wy'], ['y'], { kernel_shape: [1, 1] }),
    ],
    initializers: [
      floatTensor('w1', [4, 3, 1, 1], floats(12, 1, 0.6)),
      floatTensor('b1', [4], floats(4, 2, 0.1)),
      floatTensor('w3', [5, 3, 3, 3], floats(135, 3, 0.3)),
      floatTensor('b3', [5], floats(5, 4, 0.1)),
      floatTensor('wy', [6, 12, 1, 1], floats(72, 5, 0.4)),
    ],
  });
}

describe('simulate on a float model with a concat', () => {
  test('the estimate counts the concat requantizes the engine runs: requantize energy agrees', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ohmflow-concat-')), 'inception.onnx');
    writeFileSync(file, inceptionBlock());
    const out = (await cliOutput(['simulate', '--net', file, '--images', '1', '--json', '--no-calibration-cache'])).out;
    const r = JSON.parse(out) as {
      analytical: { breakdown: { energyPj: Record<string, number> } };
      crosscheck: { energyByKindErrPct: Record<string, number | null> };
    };
    // The calibrated concat has its own scale, so its inputs are requantized: both count them.
    expect(r.analytical.breakdown.energyPj.requantize).toBeGreaterThan(0);
    expect(Math.abs(r.crosscheck.energyByKindErrPct.requantize!)).toBeLessThan(1e-6);
  }, 60_000);
});
