// A PyTorch model with ops ohmflow cannot import: the CLI exits 2 with one message that lists every
// unsupported op with its nodes and a fix line, not one op per run and no stack trace.
// Runs the built CLI (npm ci builds it), as a user would.
import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { floatTensor, floats, modelBytes, node } from '../../workloads/onnx/onnx-builder.js';

const cli = fileURLToPath(new URL('../../../dist/scripts/cli/ohmflow.js', import.meta.url));

/** A GELU-style model: Conv, then Erf twice and a Tanh, three nodes of two unsupported ops. */
function geluModel(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'ohmflow-cli-onnx-')), 'gelu.onnx');
  writeFileSync(path, modelBytes({
    input: { name: 'image', dims: [1, 3, 8, 8] },
    output: 'y',
    nodes: [
      node('Conv', ['image', 'w'], ['c'], { kernel_shape: [3, 3] }),
      node('Erf', ['c'], ['e1'], {}, { name: '/act1/Erf' }),
      node('Erf', ['e1'], ['e2'], {}, { name: '/act2/Erf' }),
      node('Tanh', ['e2'], ['y'], {}, { name: '/head/Tanh' }),
    ],
    initializers: [floatTensor('w', [4, 3, 3, 3], floats(108, 1))],
  }));
  return path;
}

describe.runIf(existsSync(cli))('importing an ONNX file with unsupported ops', () => {
  test('estimate exits 2 and names Erf and Tanh with their nodes in one error', () => {
    const model = geluModel();
    const r = spawnSync(process.execPath, [cli, 'estimate', '--net', model], { encoding: 'utf8', timeout: 60_000 });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`ohmflow: ${model}: 2 unsupported operators`);
    for (const op of ['Erf: 2 nodes "/act1/Erf", "/act2/Erf"', 'Tanh: node "/head/Tanh"']) expect(r.stderr).toContain(op);
    expect(r.stderr).toMatch(/\n {2}fix: .*GELU/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 70_000);
});
