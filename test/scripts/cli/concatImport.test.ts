// An ONNX model that concatenates along height (not channels): the built CLI exits 2 with one
// message naming the Concat node and the fix, no stack trace. A channel concat estimates fine.
import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { floatTensor, floats, modelBytes, node } from '../../workloads/onnx/onnx-builder.js';

const cli = fileURLToPath(new URL('../../../dist/scripts/cli/ohmflow.js', import.meta.url));

function twoBranches(axis: number): string {
  const bytes = modelBytes({
    input: { name: 'image', dims: [1, 3, 8, 8] },
    output: 'cat',
    nodes: [
      node('Conv', ['image', 'w1'], ['a'], { kernel_shape: [1, 1] }),
      node('Conv', ['image', 'w2'], ['b'], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }),
      node('Concat', ['a', 'b'], ['cat'], { axis }),
    ],
    initializers: [floatTensor('w1', [4, 3, 1, 1], floats(12, 1, 0.5)), floatTensor('w2', [4, 3, 3, 3], floats(108, 2, 0.3))],
  });
  const path = join(mkdtempSync(join(tmpdir(), 'ohmflow-concat-')), `concat-axis${axis}.onnx`);
  writeFileSync(path, bytes);
  return path;
}

const estimate = (path: string) => spawnSync(process.execPath, [cli, 'estimate', '--net', path], { encoding: 'utf8', timeout: 60_000 });

describe.runIf(existsSync(cli))('Concat through the CLI', () => {
  test('a concat along height exits 2 naming the node and torch.cat(..., dim=1)', () => {
    const r = estimate(twoBranches(2));
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/cat.*only concatenation along channels \(axis 1\) is supported, got axis 2/);
    expect(r.stderr).toMatch(/\n {2}fix: .*dim=1/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 70_000);

  test('a channel concat estimates, the concat a layer on the tile digital units', () => {
    const r = estimate(twoBranches(1));
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/\ncat\s+digitalUnit\b/);
  }, 70_000);
});
