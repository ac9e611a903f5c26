// The float model's backward pass is the gradient of its forward pass: back-propagated parameter
// gradients of a small conv -> avgpool -> flatten -> dense chain (ReLU, stride, padding, a channel
// count not a multiple of the four channels the kernels take at once) equal central differences.
import { describe, expect, it } from 'vitest';
import { NetworkBuilder } from '../../../workloads/ir/builder.js';
import { SeededRandom } from '../../../workloads/random.js';
import { floatModel, type FloatModel } from '../../../scripts/train/model.js';
import { backward, forward, workspace, zeroGrads } from '../../../scripts/train/passes.js';
import { softmaxCrossEntropy } from '../../../scripts/train/loss.js';

function smallModel(): FloatModel {
  const b = new NetworkBuilder('small');
  let x = b.input('input', [2, 7, 7]);
  x = b.conv2dSkeleton('conv', x, { outChannels: 5, kernel: 3, stride: 1, padding: 1, relu: true });
  x = b.conv2dSkeleton('conv2', x, { outChannels: 6, kernel: 2, stride: 2, padding: [0, 0, 1, 1], relu: true });
  x = b.avgPool('pool', x, { kernel: 2 });
  x = b.flatten('flatten', x);
  x = b.denseSkeleton('hidden', x, { outFeatures: 7, relu: true });
  b.denseSkeleton('out', x, { outFeatures: 3 });
  return floatModel(b.buildSkeleton(), 5);
}

const COUNT = 3;
const LABELS = [0, 2, 1];

function lossOf(model: FloatModel, input: Float64Array): number {
  const ws = workspace(model, COUNT);
  ws.acts[0].set(input);
  const logits = forward(model, ws, COUNT);
  return softmaxCrossEntropy(logits, LABELS, COUNT, 3, new Float64Array(COUNT * 3)).lossSum / COUNT;
}

describe('float passes', () => {
  it('back-propagate the gradient of the loss to every parameter', () => {
    const model = smallModel();
    const rng = new SeededRandom(3, 'input');
    const input = Float64Array.from({ length: COUNT * 2 * 7 * 7 }, () => (rng.nextFloat() < 0.3 ? 0 : rng.nextFloat()));
    const ws = workspace(model, COUNT);
    ws.acts[0].set(input);
    softmaxCrossEntropy(forward(model, ws, COUNT), LABELS, COUNT, 3, ws.grads[ws.grads.length - 1]);
    const grads = zeroGrads(model);
    backward(model, ws, COUNT, grads);

    const h = 1e-6;
    let checked = 0;
    for (const l of model.layers) {
      if (!l.params) continue;
      const g = grads.get(l.layer.name)!;
      for (const [values, analytic] of [[l.params.weights, g.weights], [l.params.bias, g.bias]] as const) {
        for (let i = 0; i < values.length; i += 3) {
          const saved = values[i];
          values[i] = saved + h;
          const up = lossOf(model, input);
          values[i] = saved - h;
          const down = lossOf(model, input);
          values[i] = saved;
          expect(analytic[i]).toBeCloseTo((up - down) / (2 * h), 6);
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
});
