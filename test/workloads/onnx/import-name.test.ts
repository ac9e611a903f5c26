// The imported network's name: the graph's, unless the exporter gave it a name every model gets
// (PyTorch: torch_jit, or main_graph with dynamo) or none; then the file's basename.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importOnnx, networkName } from '../../../workloads/onnx/import.js';
import { floatTensor, floats, modelBytes, node } from './onnx-builder.js';

const model = (graphName: string) =>
  modelBytes({
    input: { name: 'x', dims: [1, 1, 4, 4] },
    output: 'c',
    nodes: [node('Conv', ['x', 'w'], ['c'], { kernel_shape: [3, 3] })],
    initializers: [floatTensor('w', [2, 1, 3, 3], floats(18, 1))],
    graphName,
  });

describe('network name of an imported file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ohmflow-onnx-name-'));
  const saved = (file: string, graphName: string): string => {
    const path = join(dir, file);
    writeFileSync(path, model(graphName));
    return path;
  };

  it.each(['torch_jit', 'main_graph', ''])('a graph named "%s" takes the file\'s basename', (graphName) => {
    expect(importOnnx(saved('my-resnet.v2.onnx', graphName)).name).toBe('my-resnet.v2');
  });

  it('a graph with a name of its own keeps it', () => {
    expect(importOnnx(saved('file.onnx', 'tiny_cnn')).name).toBe('tiny_cnn');
  });

  it('bytes have no file name: the graph name stays, "onnx" when there is none', () => {
    expect(importOnnx(model('torch_jit')).name).toBe('torch_jit');
    expect(importOnnx(model('')).name).toBe('onnx');
  });

  it('the name option wins', () => {
    expect(importOnnx(saved('other.onnx', 'torch_jit'), { name: 'chosen' }).name).toBe('chosen');
  });

  it('a file without an extension keeps its whole basename', () => {
    expect(networkName('torch_jit', '/models/lenet')).toBe('lenet');
  });
});
