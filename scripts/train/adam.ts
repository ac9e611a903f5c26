// Adam (Kingma & Ba 2015) with the learning rate given per step (the caller's schedule).
import type { FloatParams } from './model.js';

const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-8;

interface Moments {
  readonly m: Float64Array;
  readonly v: Float64Array;
}

export class Adam {
  private readonly moments = new Map<string, { weights: Moments; bias: Moments }>();
  // BETA^t kept by repeated multiplication: exact steps, no Math.pow.
  private beta1Power = 1;
  private beta2Power = 1;

  constructor(params: ReadonlyMap<string, FloatParams>) {
    const zeros = (a: Float64Array): Moments => ({ m: new Float64Array(a.length), v: new Float64Array(a.length) });
    for (const [name, p] of params) this.moments.set(name, { weights: zeros(p.weights), bias: zeros(p.bias) });
  }

  /** One update of every parameter from its gradient; gradients are zeroed for the next batch. */
  step(params: ReadonlyMap<string, FloatParams>, grads: ReadonlyMap<string, FloatParams>, learningRate: number): void {
    this.beta1Power *= BETA1;
    this.beta2Power *= BETA2;
    // Bias corrections folded into the step size, as the paper's efficient form.
    const size = (learningRate * Math.sqrt(1 - this.beta2Power)) / (1 - this.beta1Power);
    for (const [name, p] of params) {
      const g = grads.get(name)!;
      const m = this.moments.get(name)!;
      update(p.weights, g.weights, m.weights, size);
      update(p.bias, g.bias, m.bias, size);
    }
  }
}

function update(w: Float64Array, g: Float64Array, { m, v }: Moments, size: number): void {
  for (let i = 0; i < w.length; i++) {
    const gi = g[i];
    m[i] = BETA1 * m[i] + (1 - BETA1) * gi;
    v[i] = BETA2 * v[i] + (1 - BETA2) * gi * gi;
    w[i] -= (size * m[i]) / (Math.sqrt(v[i]) + EPSILON);
    g[i] = 0;
  }
}
