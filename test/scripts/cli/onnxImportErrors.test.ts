// A PyTorch model with ops ohmflow cannot import: the CLI exits 2 with one message that lists every
// unsupported op with its nodes and a fix line, not one op per run and no stack trace.
// Runs the built CLI (npm ci builds it), as a user would.
import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../../../dist/scripts/cli/ohmflow.js', import.meta.url));
const model = fileURLToPath(new URL('../../workloads/onnx/fixtures/unsupported-ops.onnx', import.meta.url));

describe.runIf(existsSync(cli))('importing an ONNX file with unsupported ops', () => {
  test('estimate exits 2 and names Sigmoid and Mul with their nodes in one error (the final Softmax imports)', () => {
    const r = spawnSync(process.execPath, [cli, 'estimate', '--net', model], { encoding: 'utf8', timeout: 60_000 });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`ohmflow: ${model}: 2 unsupported operators`);
    for (const op of ['Sigmoid: 2 nodes', 'Mul: 2 nodes']) expect(r.stderr).toContain(op);
    expect(r.stderr).toMatch(/\n {2}fix: .*SiLU/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 70_000);
});
