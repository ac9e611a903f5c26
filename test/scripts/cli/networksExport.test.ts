// `ohmflow networks --export NET --out FILE`: the file is the zoo network as ONNX, read back intact.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportZooNetwork } from '../../../scripts/cli/commands/networks.js';
import { getNetwork } from '../../../workloads/zoo/registry.js';
import { importOnnx } from '../../../workloads/onnx/index.js';
import { OhmflowError } from '../../../workloads/errors.js';

describe('ohmflow networks --export', () => {
  it('writes a model that imports back to the same layers and weights', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ohmflow-export-'));
    const out = join(dir, 'lenet5.onnx');
    exportZooNetwork({ export: 'lenet5', out, seed: 3 });
    const original = getNetwork('lenet5', { seed: 3 });
    const imported = importOnnx(out);
    expect(imported.layers.map((l) => l.kind)).toEqual(original.layers.map((l) => l.kind));
    const conv = (net: typeof original) => net.layers.find((l) => l.kind === 'conv2d');
    const a = conv(original);
    const b = conv(imported);
    expect(a?.kind === 'conv2d' && b?.kind === 'conv2d' && Buffer.from(a.weights).equals(Buffer.from(b.weights))).toBe(true);
    expect(readdirSync(dir)).toEqual(['lenet5.onnx']);
  });

  it('rejects an unknown network without writing a file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ohmflow-export-'));
    const out = join(dir, 'x.onnx');
    expect(() => exportZooNetwork({ export: 'nope', out })).toThrow(OhmflowError);
    expect(existsSync(out)).toBe(false);
    expect(() => exportZooNetwork({ export: 'lenet5' })).toThrow(/--out/);
  });
});
