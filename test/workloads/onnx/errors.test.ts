// Bad ONNX input gets one OhmflowError that names the file, the node or the field.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OhmflowError } from '../../../workloads/errors.js';
import { exportOnnx } from '../../../workloads/onnx/export.js';
import { importOnnx } from '../../../workloads/onnx/import.js';
import { getNetwork } from '../../../workloads/zoo/index.js';
import { floatTensor, floats, modelBytes, node } from './onnx-builder.js';

function importError(run: () => unknown): OhmflowError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(OhmflowError);
    return error as OhmflowError;
  }
  throw new Error('expected an OhmflowError');
}

const convModel = (extra: ReturnType<typeof node>[] = [], output = 'c') =>
  modelBytes({
    input: { name: 'x', dims: [1, 1, 4, 4] },
    output,
    nodes: [node('Conv', ['x', 'w'], ['c'], { kernel_shape: [3, 3] }), ...extra],
    initializers: [floatTensor('w', [2, 1, 3, 3], floats(18, 1))],
  });

describe('importer errors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ohmflow-onnx-'));

  it('an unsupported operator names the node, the op type and what is supported', () => {
    const error = importError(() => importOnnx(convModel([node('Softmax', ['c'], ['s'], {}, { name: 'head/softmax' })], 's')));
    expect(error.field).toBe('node "head/softmax" (Softmax)');
    expect(error.message).toContain('unsupported operator Softmax');
    expect(error.fix).toContain('QLinearConv');
    expect(error.fix).toContain('BatchNormalization');
  });

  it('an operator of another domain is named with its domain', () => {
    const error = importError(() => importOnnx(convModel([node('Fancy', ['c'], ['s'], {}, { domain: 'com.example' })], 's')));
    expect(error.message).toContain('com.example:Fancy');
  });

  it('a truncated file names the file', () => {
    const path = join(dir, 'truncated.onnx');
    const bytes = exportOnnx(getNetwork('lenet5'));
    writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const error = importError(() => importOnnx(path));
    expect(error.field).toBe(path);
    expect(error.message).toMatch(/truncated|corrupt|raw_data|tensor/);
  });

  it('a file that is not ONNX names the file', () => {
    const path = join(dir, 'notes.onnx');
    writeFileSync(path, 'these are my notes, not a model\n');
    expect(importError(() => importOnnx(path)).message).toContain(path);
  });

  it('a missing file names the file', () => {
    const path = join(dir, 'nowhere.onnx');
    const error = importError(() => importOnnx(path));
    expect(error.field).toBe(path);
    expect(error.message).toContain('ENOENT');
  });

  it('a shape that does not infer names the node', () => {
    // A 5x5 kernel does not fit a 4x4 input without padding.
    const bytes = modelBytes({
      input: { name: 'x', dims: [1, 1, 4, 4] },
      output: 'c',
      nodes: [node('Conv', ['x', 'w'], ['c'], { kernel_shape: [5, 5] }, { name: 'too_big' })],
      initializers: [floatTensor('w', [1, 1, 5, 5], floats(25, 2))],
    });
    const error = importError(() => importOnnx(bytes));
    expect(error.field).toBe('node "too_big" (Conv)');
    expect(error.message).toContain('does not fit');
  });

  it('weights that do not match the input channels name the node', () => {
    const bytes = modelBytes({
      input: { name: 'x', dims: [1, 3, 4, 4] },
      output: 'c',
      nodes: [node('Conv', ['x', 'w'], ['c'], { kernel_shape: [3, 3] })],
      initializers: [floatTensor('w', [2, 2, 3, 3], floats(36, 3))],
    });
    expect(importError(() => importOnnx(bytes)).field).toBe('node "c" (Conv)');
  });

  it('an input read before it is produced names the node', () => {
    const bytes = modelBytes({
      input: { name: 'x', dims: [1, 1, 4, 4] },
      output: 'r',
      nodes: [node('Relu', ['later'], ['r'])],
      initializers: [],
    });
    const error = importError(() => importOnnx(bytes));
    expect(error.field).toBe('node "r" (Relu)');
    expect(error.message).toContain('"later"');
  });

  it('a dynamic input size names the graph input', () => {
    const bytes = modelBytes({ input: { name: 'x', dims: [1, 1, 0, 4] }, output: 'c', nodes: [node('Relu', ['x'], ['c'])], initializers: [] });
    expect(importError(() => importOnnx(bytes)).field).toBe('graph input "x"');
  });
});
