// The new layers through the built CLI: a model with a pre-activation BatchNorm (affine layer), a
// squeeze-and-excitation Mul (channel product) and a channel shuffle with chunked halves (channel
// gathers) estimates, each on the tile digital units, and simulates bit-exactly; a Transpose that is no shuffle exits 2 naming
// the node and the fix, with no stack trace.
import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { floatTensor, floats, int64Tensor, modelBytes, node } from '../../workloads/onnx/onnx-builder.js';

const cli = fileURLToPath(new URL('../../../dist/scripts/cli/ohmflow.js', import.meta.url));

function model(perm: number[]): string {
  const bytes = modelBytes({
    input: { name: 'image', dims: [1, 3, 8, 8] },
    output: 'y',
    nodes: [
      node('Conv', ['image', 'w0'], ['c0'], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }), node('Relu', ['c0'], ['c0r']),
      node('BatchNormalization', ['c0r', 'g', 'b', 'm', 'v'], ['n'], {}, { name: 'norm' }),
      node('Relu', ['n'], ['nr']),
      node('GlobalAveragePool', ['nr'], ['sq']), node('Conv', ['sq', 'w1'], ['e'], { kernel_shape: [1, 1] }),
      node('Sigmoid', ['e'], ['gate']), node('Mul', ['nr', 'gate'], ['se'], {}, { name: 'excite' }),
      node('Reshape', ['se', 's5'], ['v5']), node('Transpose', ['v5'], ['t'], { perm }, { name: 'transpose' }),
      node('Reshape', ['t', 's4'], ['sh'], {}, { name: 'shuffle' }),
      node('Slice', ['sh', 'zero', 'two', 'one'], ['half'], {}, { name: 'half' }),
      node('Conv', ['half', 'w2'], ['y'], { kernel_shape: [1, 1] }),
    ],
    initializers: [
      floatTensor('w0', [4, 3, 3, 3], floats(108, 1, 0.5)),
      ...['g', 'b', 'm', 'v'].map((n, i) => floatTensor(n, [4], floats(4, 10 + i, 0.3).map((x) => (n === 'v' || n === 'g' ? 1 + x : x)))),
      floatTensor('w1', [4, 4, 1, 1], floats(16, 2, 0.5)), floatTensor('w2', [3, 2, 1, 1], floats(6, 3, 0.5)),
      int64Tensor('s5', [5], [1, 2, 2, 8, 8]), int64Tensor('s4', [4], [1, 4, 8, 8]),
      int64Tensor('zero', [1], [0]), int64Tensor('two', [1], [2]), int64Tensor('one', [1], [1]),
    ],
  });
  const path = join(mkdtempSync(join(tmpdir(), 'ohmflow-tvops-')), 'model.onnx');
  writeFileSync(path, bytes);
  return path;
}

const estimate = (path: string) => spawnSync(process.execPath, [cli, 'estimate', '--net', path], { encoding: 'utf8', timeout: 60_000 });

describe.runIf(existsSync(cli))('affine, channel product and channel gathers through the CLI', () => {
  test('the model estimates; the BatchNorm, the Mul, the shuffle and the Slice are digital-unit layers', () => {
    const r = estimate(model([0, 2, 1, 3, 4]));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    for (const name of ['norm', 'excite', 'shuffle', 'half']) expect(r.stdout).toMatch(new RegExp(`\\n${name}\\s+digitalUnit\\b`));
  }, 70_000);

  test('it simulates after an ONNX Runtime calibration, the engine bit-exact against the integer reference', () => {
    const r = spawnSync(process.execPath, [cli, 'simulate', '--net', model([0, 2, 1, 3, 4]), '--arch', 'rram-lossless-32nm', '--images', '2', '--no-calibration-cache'], {
      encoding: 'utf8', timeout: 120_000,
    });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/with ONNX Runtime/);
    expect(r.stdout).toMatch(/functional: bit-exact against the integer reference \(384 outputs compared\)/);
  }, 130_000);

  test('a Transpose that is no channel shuffle exits 2 naming the node and the fix', () => {
    const r = estimate(model([0, 1, 2, 4, 3]));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/node "transpose" \(Transpose\).*middle of a channel shuffle/);
    expect(r.stderr).toMatch(/\n {2}fix: .*channel shuffle/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 70_000);
});
