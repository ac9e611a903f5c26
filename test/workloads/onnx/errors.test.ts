// Bad ONNX input gets one OhmflowError that names the file, the node or the field.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OhmflowError } from '../../../workloads/errors.js';
import { exportOnnx } from '../../../workloads/onnx/export.js';
import { importOnnx } from '../../../workloads/onnx/import.js';
import { getNetwork } from '../../../workloads/zoo/index.js';
import { floatTensor, floats, int64Tensor, modelBytes, node } from './onnx-builder.js';


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
    const error = importError(() => importOnnx(convModel([node('Dropout', ['c'], ['s'], {}, { name: 'head/dropout' })], 's')));
    expect(error.field).toBe('node "head/dropout" (Dropout)');
    expect(error.message).toContain('unsupported operator Dropout');
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

describe('every unsupported operator in one error', () => {
  const softmax = (name: string, from: string, to: string) => node('Dropout', [from], [to], {}, { name });

  it('lists each unsupported op once with all its nodes, in the order met, and what to do', () => {
    const error = importError(() =>
      importOnnx(
        convModel(
          [
            node('Tanh', ['c'], ['s1'], {}, { name: 'act/tanh' }),
            softmax('head/softmax', 's1', 's2'),
            node('Fancy', ['s2'], ['s3'], {}, { name: 'fancy', domain: 'com.example' }),
            softmax('head/softmax2', 's3', 's4'),
          ],
          's4',
        ),
      ),
    );
    expect(error.field).toBe('ONNX bytes');
    expect(error.message).toContain('3 unsupported operators');
    expect(error.message).toMatch(/Tanh: node "act\/tanh"\n\s+Dropout: 2 nodes "head\/softmax", "head\/softmax2"\n\s+com\.example:Fancy: node "fancy"/);
    expect(error.fix).toContain('model.eval()');
    expect(error.fix).toContain('replace Tanh/GELU activations');
    expect(error.fix).toContain('ohmflow imports Conv');
  });

  it('names the first four nodes of an op and counts the rest', () => {
    const chain = Array.from({ length: 6 }, (_, i) => softmax(`sm${i}`, i === 0 ? 'c' : `s${i - 1}`, `s${i}`));
    const error = importError(() => importOnnx(convModel(chain, 's5')));
    expect(error.message).toContain('Dropout: 6 nodes "sm0", "sm1", "sm2", "sm3", 2 more');
  });

  it('comes before any other error: a broken supported node does not hide the unsupported ones', () => {
    const bytes = modelBytes({
      input: { name: 'x', dims: [1, 1, 4, 4] },
      output: 's',
      nodes: [node('Conv', ['x', 'w'], ['c'], { kernel_shape: [5, 5] }, { name: 'too_big' }), softmax('head', 'c', 's')],
      initializers: [floatTensor('w', [1, 1, 5, 5], floats(25, 2))],
    });
    expect(importError(() => importOnnx(bytes)).message).toContain('unsupported operator Dropout');
  });

  it('a file: the error names the file and lists the ops', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'ohmflow-onnx-')), 'gelu.onnx');
    writeFileSync(path, convModel([node('Erf', ['c'], ['e'], {}, { name: '/act1/Erf' }), node('Tanh', ['e'], ['t'], {}, { name: '/act2/Tanh' })], 't'));
    const error = importError(() => importOnnx(path));
    expect(error.field).toBe(path);
    expect(error.message).toContain('2 unsupported operators');
    expect(error.message).toContain('Erf: node "/act1/Erf"');
    expect(error.message).toContain('Tanh: node "/act2/Tanh"');
  });
});

describe('every rejection says what to do', () => {
  const pool = (attrs: Record<string, number | number[]>, op = 'MaxPool') => convModel([node(op, ['c'], ['p'], { kernel_shape: [2, 2], ...attrs }, { name: 'pool' })], 'p');
  const cases: [string, () => Uint8Array][] = [
    ['dilations of 0', () => modelBytes({
      input: { name: 'x', dims: [1, 1, 8, 8] },
      output: 'c',
      nodes: [node('Conv', ['x', 'w'], ['c'], { kernel_shape: [3, 3], dilations: [0, 2] })],
      initializers: [floatTensor('w', [2, 1, 3, 3], floats(18, 1))],
    })],
    ['storage_order', () => pool({ storage_order: 1 })],
    ['a dilated pool', () => pool({ dilations: [2, 2] })],
    ['Flatten on axis 2', () => convModel([node('Flatten', ['c'], ['f'], { axis: 2 })], 'f')],
    ['a reshape that does not flatten', () => modelBytes({
      input: { name: 'x', dims: [1, 2, 2, 2] },
      output: 'r',
      nodes: [node('Reshape', ['x', 'shape'], ['r'])],
      initializers: [int64Tensor('shape', [3], [1, 4, 2])],
    })],
    ['Gemm with transA', () => modelBytes({
      input: { name: 'x', dims: [1, 4] },
      output: 'y',
      nodes: [node('Gemm', ['x', 'w'], ['y'], { transA: 1 })],
      initializers: [floatTensor('w', [4, 3], floats(12, 1))],
    })],
    // A BatchNorm with nothing to fold into is an affine layer now; flattened, only a Gemm can take it.
    ['BatchNormalization flattened into something other than a Gemm', () => modelBytes({
      input: { name: 'x', dims: [1, 1, 2, 2] },
      output: 'r',
      nodes: [node('BatchNormalization', ['x', 's', 'b0', 'm', 'v'], ['b']), node('Flatten', ['b'], ['f']), node('Relu', ['f'], ['r'])],
      initializers: ['s', 'b0', 'm', 'v'].map((n) => floatTensor(n, [1], [1])),
    })],
  ];
  for (const [what, model] of cases) {
    it(`${what}: names the node and gives a fix`, () => {
      const error = importError(() => importOnnx(model()));
      expect(error.field).toMatch(/^node "/);
      expect(error.fix).toBeTruthy();
      expect(error.message).toContain('\n  fix: ');
    });
  }
});
