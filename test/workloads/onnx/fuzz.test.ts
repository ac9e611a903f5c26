// Fuzzing the importer: random bytes, damaged files and mutated models either import or throw the
// project's OhmflowError, never a TypeError/RangeError, and each import returns within seconds.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { OhmflowError } from '../../../workloads/errors.js';
import { exportOnnx } from '../../../workloads/onnx/export.js';
import { importOnnx } from '../../../workloads/onnx/import.js';
import { SUPPORTED_OPS } from '../../../workloads/onnx/support.js';
import { decodeModel, encodeModel, type ModelProto } from '../../../workloads/onnx/proto.js';
import { floatTensor, floats, int64Tensor, modelBytes, node } from './onnx-builder.js';
import { buildNetwork } from './random-network.js';
import { fuzzSeed } from '../../fuzzSeed.js';

const MAX_IMPORT_MS = 5000;

/** Imports and classifies: fine, or OhmflowError; anything else is rethrown and fails the property. */
function importsOrOhmflowError(bytes: Uint8Array): void {
  const start = performance.now();
  try {
    importOnnx(bytes, { calibrationImages: 2 });
  } catch (error) {
    if (!(error instanceof OhmflowError)) throw error;
    expect(error.message.length).toBeGreaterThan(0);
  }
  expect(performance.now() - start).toBeLessThan(MAX_IMPORT_MS);
}

/** A quantized model (QLinear ops, int8 input) and a float one (Conv, BatchNormalization, Gemm...). */
const seedModels: Uint8Array[] = [
  exportOnnx(buildNetwork({
    channels: 2, height: 6, width: 6, head: 'gap-dense', denseOut: 3, seed: 1,
    steps: [
      { op: 'conv', out: 2, kh: 3, kw: 3, stride: 1, pads: [1, 1, 1, 1], groupsPick: 1, relu: true },
      { op: 'residual', kernel: 3, relu: true, scaleShift: 0 },
      { op: 'maxpool', k: 2, stride: 2, pad: 0 },
      { op: 'avgpool', k: 2, stride: 1, pad: 1, scaleShift: 0 },
      { op: 'relu' },
    ],
  })),
  modelBytes({
    input: { name: 'x', dims: [1, 2, 6, 6] },
    output: 'y',
    nodes: [
      node('Conv', ['x', 'w', 'b'], ['c'], { kernel_shape: [3, 3], pads: [1, 1, 1, 1], strides: [1, 1] }),
      node('BatchNormalization', ['c', 's', 'bb', 'm', 'v'], ['n']),
      node('Relu', ['n'], ['r']),
      node('AveragePool', ['r'], ['p'], { kernel_shape: [2, 2], strides: [2, 2] }),
      node('Add', ['p', 'p'], ['a']),
      node('GlobalAveragePool', ['a'], ['g']),
      node('Reshape', ['g', 'shape'], ['f']),
      node('Gemm', ['f', 'fw', 'fb'], ['y'], { transB: 1 }),
    ],
    initializers: [
      floatTensor('w', [3, 2, 3, 3], floats(54, 1)), floatTensor('b', [3], floats(3, 2)),
      floatTensor('s', [3], [1, 2, 3]), floatTensor('bb', [3], [0, 1, 0]), floatTensor('m', [3], [0, 0, 1]), floatTensor('v', [3], [1, 1, 1]),
      int64Tensor('shape', [2], [1, -1]), floatTensor('fw', [4, 3], floats(12, 3)), floatTensor('fb', [4], floats(4, 4)),
    ],
  }),
];

const OTHER_OPS = ['Softmax', 'Concat', 'Sigmoid', 'Conv', 'Relu', 'MaxPool', 'Flatten', 'QLinearConv', 'Constant', ''];

type Mutation =
  | { kind: 'dropNode'; at: number }
  | { kind: 'opType'; at: number; op: string }
  | { kind: 'attribute'; at: number; value: number; list: boolean }
  | { kind: 'input'; at: number; slot: number; other: number }
  | { kind: 'dims'; at: number; value: number }
  | { kind: 'dropInitializer'; at: number }
  | { kind: 'graphInputDim'; at: number; value: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('dropNode' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('opType' as const), at: fc.nat(), op: fc.constantFrom(...SUPPORTED_OPS.map((o) => o.replace('com.microsoft:', '')), ...OTHER_OPS) }),
  fc.record({ kind: fc.constant('attribute' as const), at: fc.nat(), value: fc.integer({ min: -5, max: 300 }), list: fc.boolean() }),
  fc.record({ kind: fc.constant('input' as const), at: fc.nat(), slot: fc.nat(8), other: fc.nat() }),
  fc.record({ kind: fc.constant('dims' as const), at: fc.nat(), value: fc.integer({ min: -2, max: 64 }) }),
  fc.record({ kind: fc.constant('dropInitializer' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('graphInputDim' as const), at: fc.nat(3), value: fc.integer({ min: -1, max: 300 }) }),
);

/** Applies one structural mutation to a decoded model (in place). */
function mutate(model: ModelProto, m: Mutation): void {
  const graph = model.graph!;
  const nodes = graph.node ?? [];
  const inits = graph.initializer ?? [];
  const pick = <T>(list: T[], at: number): T | undefined => (list.length ? list[at % list.length] : undefined);
  switch (m.kind) {
    case 'dropNode':
      if (nodes.length) nodes.splice(m.at % nodes.length, 1);
      break;
    case 'opType': {
      const n = pick(nodes, m.at);
      if (n) n.opType = m.op;
      break;
    }
    case 'attribute': {
      const a = pick(nodes.flatMap((n) => n.attribute ?? []), m.at);
      if (a) {
        if (m.list) a.ints = (a.ints ?? [0]).map(() => m.value);
        else a.i = m.value;
      }
      break;
    }
    case 'input': {
      const n = pick(nodes, m.at);
      const names = [...nodes.flatMap((x) => x.output ?? []), ...inits.map((t) => t.name ?? '')];
      if (n && n.input) n.input[m.slot % Math.max(1, n.input.length)] = pick(names, m.other) ?? '';
      break;
    }
    case 'dims': {
      const t = pick(inits, m.at);
      if (t?.dims?.length) t.dims[m.at % t.dims.length] = m.value;
      break;
    }
    case 'dropInitializer':
      if (inits.length) inits.splice(m.at % inits.length, 1);
      break;
    case 'graphInputDim': {
      const dim = graph.input?.[0]?.type?.tensorType?.shape?.dim;
      if (dim?.length) dim[m.at % dim.length] = { dimValue: m.value };
      break;
    }
  }
}

describe('importer fuzzing', () => {
  it('the seed models import', () => {
    for (const bytes of seedModels) expect(() => importOnnx(bytes)).not.toThrow();
  });

  it('random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => importsOrOhmflowError(bytes)), { numRuns: 500, seed: fuzzSeed(1) });
  });

  it('truncated models', () => {
    fc.assert(
      fc.property(fc.nat(seedModels.length - 1), fc.double({ min: 0, max: 1, noNaN: true }), (i, fraction) =>
        importsOrOhmflowError(seedModels[i].subarray(0, Math.floor(seedModels[i].length * fraction)))),
      { numRuns: 300, seed: fuzzSeed(2) },
    );
  });

  it('models with flipped bytes', () => {
    fc.assert(
      fc.property(fc.nat(seedModels.length - 1), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 8 }), (i, flips) => {
        const bytes = Uint8Array.from(seedModels[i]);
        for (const [at, xor] of flips) bytes[at % bytes.length] ^= xor;
        importsOrOhmflowError(bytes);
      }),
      { numRuns: 500, seed: fuzzSeed(3) },
    );
  });

  it('models with dropped nodes, changed op types, attributes, inputs and dims', () => {
    fc.assert(
      fc.property(fc.nat(seedModels.length - 1), fc.array(mutation, { minLength: 1, maxLength: 4 }), (i, mutations) => {
        const model = decodeModel(seedModels[i], 'seed model');
        for (const m of mutations) mutate(model, m);
        importsOrOhmflowError(encodeModel(model));
      }),
      { numRuns: 500, seed: fuzzSeed(4) },
    );
  });
});
