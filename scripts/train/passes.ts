// Forward and backward passes of a float model over a mini-batch, in buffers sized once for the
// largest batch (a Workspace per run, nothing shared between runs).
import { shapeSize } from '../../workloads/ir/shapes.js';
import type { FloatModel, FloatParams } from './model.js';
import { convBackward, convForward, convPlan, gatherPatches, type ConvPlan } from './ops/conv.js';
import { denseBackward, denseForward } from './ops/dense.js';
import { avgPoolBackward, avgPoolForward, poolPlan, type PoolPlan } from './ops/avgPool.js';

interface Workspace {
  readonly batch: number;
  /** acts[0] is the input batch, acts[i + 1] the output of model.layers[i]; [batch, size] each. */
  readonly acts: Float64Array[];
  /** Gradients of the loss with respect to acts[i] (grads[0] unused: no input gradient). */
  readonly grads: Float64Array[];
  readonly convPlans: (ConvPlan | undefined)[];
  readonly poolPlans: (PoolPlan | undefined)[];
  /** im2col windows of each conv layer's input. */
  readonly patches: (Float64Array | undefined)[];
}

export function workspace(model: FloatModel, batch: number): Workspace {
  const sizes = [shapeSize(model.inputShape), ...model.layers.map((l) => shapeSize(l.outShape))];
  const convPlans = model.layers.map((l) => (l.layer.kind === 'conv2d' ? convPlan(l.layer, l.inShape, l.outShape) : undefined));
  return {
    batch,
    acts: sizes.map((s) => new Float64Array(batch * s)),
    grads: sizes.map((s, i) => new Float64Array(i === 0 ? 0 : batch * s)),
    convPlans,
    poolPlans: model.layers.map((l) => (l.layer.kind === 'avgpool' ? poolPlan(l.layer, l.inShape, l.outShape) : undefined)),
    patches: convPlans.map((p) => (p === undefined ? undefined : new Float64Array(batch * p.positions * p.taps))),
  };
}

/** Runs the first `count` images of ws.acts[0] through the model; returns the output buffer (logits). */
export function forward(model: FloatModel, ws: Workspace, count: number): Float64Array {
  model.layers.forEach((l, i) => {
    const x = ws.acts[i];
    const y = ws.acts[i + 1];
    const layer = l.layer;
    if (layer.kind === 'conv2d') {
      const plan = ws.convPlans[i]!;
      gatherPatches(plan, x, count, ws.patches[i]!);
      convForward(plan, l.params!, layer.relu, ws.patches[i]!, count, y);
    } else if (layer.kind === 'dense') {
      denseForward(l.params!, layer.relu, shapeSize(l.inShape), x, count, y);
    } else if (layer.kind === 'avgpool') {
      avgPoolForward(ws.poolPlans[i]!, x, count, y);
    } else {
      y.set(x.subarray(0, count * shapeSize(l.inShape))); // flatten: same values, CHW order
    }
  });
  return ws.acts[model.layers.length];
}

/** Zeroed gradient buffers shaped like the model's parameters, by layer name. */
export function zeroGrads(model: FloatModel): Map<string, FloatParams> {
  const grads = new Map<string, FloatParams>();
  for (const l of model.layers) {
    if (l.params) grads.set(l.layer.name, { weights: new Float64Array(l.params.weights.length), bias: new Float64Array(l.params.bias.length) });
  }
  return grads;
}

/**
 * Back-propagates ws.grads[last] (the loss gradient of the logits, set by the caller) after a
 * forward pass of the same `count` images, adding parameter gradients into `grads`.
 */
export function backward(model: FloatModel, ws: Workspace, count: number, grads: Map<string, FloatParams>): void {
  for (let i = model.layers.length - 1; i >= 0; i--) {
    const l = model.layers[i];
    const layer = l.layer;
    const dy = ws.grads[i + 1];
    // No gradient for the input image: the first layer skips that work.
    const dx = i === 0 ? undefined : ws.grads[i];
    if (layer.kind === 'conv2d') {
      convBackward(ws.convPlans[i]!, l.params!, layer.relu, ws.patches[i]!, ws.acts[i + 1], dy, count, grads.get(layer.name)!, dx);
    } else if (layer.kind === 'dense') {
      denseBackward(l.params!, layer.relu, shapeSize(l.inShape), ws.acts[i], ws.acts[i + 1], dy, count, grads.get(layer.name)!, dx);
    } else if (dx !== undefined && layer.kind === 'avgpool') {
      avgPoolBackward(ws.poolPlans[i]!, dy, count, dx);
    } else if (dx !== undefined) {
      dx.set(dy.subarray(0, count * shapeSize(l.outShape)));
    }
  }
}
