// Shared checks of the importer's newer folds (pad, reduce, softmax, batchnorm, shape, uint8): the
// importer's float path against ONNX Runtime, and the rejection a model gets.
import { expect, it } from 'vitest';
import { calibrateOnnx } from '../../../workloads/onnx/calibrate.js';
import { parseOnnx } from '../../../workloads/onnx/parse.js';
import { OhmflowError } from '../../../workloads/errors.js';
import { importOnnx } from '../../../workloads/onnx/import.js';
import { runReference } from '../../../workloads/reference/index.js';
import type { Network } from '../../../workloads/ir/types.js';
import { floatPathError, quantizeInput, worstError } from './float-check.js';
import { floats } from './onnx-builder.js';

export function rejection(bytes: Uint8Array): OhmflowError {
  try {
    importOnnx(bytes);
  } catch (error) {
    if (error instanceof OhmflowError) return error;
    throw error;
  }
  throw new Error('expected an OhmflowError');
}

/** The importer's float path (the folded drafts) computes what ONNX Runtime computes on the file. */
export async function expectFloatPathExact(bytes: Uint8Array, dims: number[], input = 'x', output = 'y'): Promise<void> {
  const { worst, range } = await floatPathError(bytes, dims, input, output);
  expect(range).toBeGreaterThan(0.05);
  expect(worst).toBeLessThan(1e-5 * Math.max(1, range));
}

/** The integer reference's output on a seeded image. */
export function referenceOutput(net: Network, dims: number[], seed: number): Int8Array {
  return runReference(net, quantizeInput(net, floats(dims.reduce((p, d) => p * d, 1), seed))).output.data;
}

/**
 * The float-model checks every imported test network gets (inside a describe): calibration in
 * ONNX Runtime chooses the JavaScript executor's scales, the float path equals ONNX Runtime, and
 * the int8 network `net` (imported with `calibration`) tracks the float model.
 */
export function itTracksOnnxRuntime(model: () => Uint8Array, net: Network, dims: number[], calibration: Float32Array[]): void {
  it('calibration in ONNX Runtime (the CLI\'s) chooses the scales the JavaScript executor does', async () => {
    const viaOrt = await calibrateOnnx(parseOnnx(model()), { executor: 'onnxruntime', calibration });
    const viaJs = await calibrateOnnx(parseOnnx(model()), { executor: 'javascript', calibration });
    expect(viaOrt.calibration?.executor).toBe('onnxruntime');
    expect(viaOrt.net).toEqual(viaJs.net);
  });

  it('the importer\'s float path computes what ONNX Runtime computes', async () => {
    await expectFloatPathExact(model(), dims);
  });

  it('the quantized network tracks ONNX Runtime\'s float model within a few output steps', async () => {
    const { worst, range, scale } = await worstError(model(), net, dims, 'x', 'y');
    expect(range).toBeGreaterThan(0.1);
    expect(worst).toBeLessThan(Math.max(4 * scale, 0.08 * range));
  });
}
