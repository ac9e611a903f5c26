// `simulate --net model.onnx` maps the model's skeleton before it calibrates: a float model that
// does not fit the chip (without --reload) is refused with the usual error, field and fix, and
// calibration never runs (observed through a spy on the calibration entry point and the cache
// directory it would fill, not a clock).
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildProgram } from '../../../scripts/cli/program.js';
import { OhmflowError } from '../../../workloads/errors.js';
import { presetJson } from '../../hw/arch/presetJson.js';
import { floatTensor, floats, modelBytes, node } from '../../workloads/onnx/onnx-builder.js';

const calls = vi.hoisted(() => ({ calibrations: 0 }));
vi.mock('../../../workloads/onnx/calibrate.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../workloads/onnx/calibrate.js')>();
  return { ...original, calibrateOnnx: (...args: Parameters<typeof original.calibrateOnnx>) => ((calls.calibrations += 1), original.calibrateOnnx(...args)) };
});

const dir = mkdtempSync(join(tmpdir(), 'ohmflow-fit-first-'));
const cache = join(dir, 'cache');
const cacheEntries = () => (existsSync(join(cache, 'calibration')) ? readdirSync(join(cache, 'calibration')) : []);

/** A float MLP with a 1024 x 1024 layer: 256 crossbars of 128 x 128 2-bit cells, more than one tile holds. */
function wideMlp(): string {
  const file = join(dir, 'wide-mlp.onnx');
  writeFileSync(file, modelBytes({
    graphName: 'torch_jit',
    input: { name: 'x', dims: [1, 1024] },
    output: 'y',
    nodes: [node('Gemm', ['x', 'w1', 'b1'], ['h'], { transB: 1 }), node('Relu', ['h'], ['r']), node('Gemm', ['r', 'w2', 'b2'], ['y'], { transB: 1 })],
    initializers: [
      floatTensor('w1', [1024, 1024], floats(1024 * 1024, 1, 0.05)), floatTensor('b1', [1024], floats(1024, 2, 0.1)),
      floatTensor('w2', [10, 1024], floats(10 * 1024, 3, 0.05)), floatTensor('b2', [10], floats(10, 4, 0.1)),
    ],
  }));
  return file;
}

/** rram-lossless-32nm cut to one tile (64 crossbars). */
function oneTileArch(): string {
  const json = presetJson('rram-lossless-32nm') as { name: string; chip: { tiles: number }; noc: { rows: number; cols: number } };
  json.name = 'one-tile';
  json.chip.tiles = 1;
  json.noc.rows = 1;
  json.noc.cols = 1;
  const file = join(dir, 'one-tile.json');
  writeFileSync(file, JSON.stringify(json));
  return file;
}

let stderr = '';
beforeEach(() => {
  calls.calibrations = 0;
  stderr = '';
  vi.stubEnv('OHMFLOW_CACHE', cache);
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

const simulate = (args: string[]) => buildProgram().parseAsync(['node', 'ohmflow', 'simulate', ...args]);

describe('simulate checks that a float ONNX model fits before calibrating it', () => {
  const model = wideMlp();

  test('a model that does not fit is refused (field chip.tiles, fix --reload) and is never calibrated', async () => {
    const error = await simulate(['--net', model, '--arch', oneTileArch(), '--images', '1', '--json']).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(OhmflowError);
    expect((error as OhmflowError).field).toBe('chip.tiles');
    expect((error as OhmflowError).fix).toMatch(/--reload/);
    expect(calls.calibrations).toBe(0);
    expect(stderr).not.toMatch(/calibrat/);
    expect(cacheEntries()).toEqual([]);
  });

  test('a model that fits is calibrated once, then run', async () => {
    await simulate(['--net', model, '--functional-only', '--images', '1', '--jobs', '1', '--json']);
    expect(calls.calibrations).toBe(1);
    expect(stderr).toMatch(/calibration: running wide-mlp in float on 8 image\(s\)/);
    expect(cacheEntries()).toHaveLength(1);
  }, 60_000);
});
