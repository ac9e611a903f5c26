// Shared checks of the importer's newer folds (pad, reduce, softmax, batchnorm, shape, uint8): the
// importer's float path against ONNX Runtime, and the rejection a model gets.
import { expect } from 'vitest';
import { OhmflowError } from '../../../workloads/errors.js';
import { importOnnx } from '../../../workloads/onnx/import.js';
import { runReference } from '../../../workloads/reference/index.js';
import type { Network } from '../../../workloads/ir/types.js';
import { floatPathError, quantizeInput } from './float-check.js';
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
