// `ohmflow simulate|estimate` with --trace, --trace-level, --trace-window and --plots: the files
// appear on success only, the report's energy equals the trace's, bad flags fail before the run.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildProgram } from '../../scripts/cli/program.js';
import { summarizeTrace } from '../../traces/perfetto/summary.js';

const dir = mkdtempSync(join(tmpdir(), 'ohmflow-run-outputs-'));

async function run(args: string[]): Promise<{ out: string; err: string }> {
  let out = '';
  let err = '';
  const outSpy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  const errSpy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true));
  try {
    await buildProgram().exitOverride().parseAsync(['node', 'ohmflow', ...args]);
  } finally {
    outSpy.mockRestore();
    errSpy.mockRestore();
  }
  return { out, err };
}

afterEach(() => {
  process.exitCode = undefined;
});

describe('run outputs', () => {
  it('simulate --trace --trace-level tile --plots DIR --json: a trace whose energy is the report\'s, and the charts', async () => {
    const trace = join(dir, 'lenet5.pftrace');
    const plots = join(dir, 'plots');
    const { out } = await run(['simulate', '--net', 'lenet5', '--images', '2', '--trace', trace, '--trace-level', 'tile', '--plots', plots, '--json']);
    const report = JSON.parse(out) as { simulated: { energyPjPerImage: number; layers: Array<{ breakdown: { energyPj: Record<string, number> } }> } };
    const summary = summarizeTrace(trace, 'tile');
    expect(Math.abs(summary.totalEnergyPj - 2 * report.simulated.energyPjPerImage) / summary.totalEnergyPj).toBeLessThan(1e-9);
    expect(Object.keys(report.simulated.layers[0].breakdown.energyPj)).toContain('adc');
    expect(readdirSync(plots).sort()).toEqual(['area-breakdown.png', 'energy-breakdown.png', 'latency-per-layer.png', 'pipeline-occupancy.png']);
  });

  it('estimate --plots DIR writes the analytical charts', async () => {
    const plots = join(dir, 'estimate-plots');
    await run(['estimate', '--net', 'lenet5', '--plots', plots, '--json']);
    expect(readdirSync(plots).sort()).toEqual(['area-breakdown.png', 'energy-breakdown.png', 'latency-per-layer.png', 'pipeline-occupancy.png']);
  });

  it('writes no trace and no charts when the run fails', async () => {
    const trace = join(dir, 'failed.pftrace');
    const plots = join(dir, 'failed-plots');
    await expect(run(['simulate', '--net', 'resnet50', '--resolution', '32', '--trace', trace, '--plots', plots])).rejects.toThrow(/crossbars/);
    expect(existsSync(trace)).toBe(false);
    expect(existsSync(plots)).toBe(false);
  });

  it('rejects a bad --trace-level or --trace-window, and either without --trace', async () => {
    const trace = join(dir, 'bad.pftrace');
    await expect(run(['simulate', '--net', 'lenet5', '--trace', trace, '--trace-level', 'pe'])).rejects.toThrow(/unknown trace level "pe"/);
    await expect(run(['simulate', '--net', 'lenet5', '--trace', trace, '--trace-window', '5:2'])).rejects.toThrow(/window/);
    await expect(run(['simulate', '--net', 'lenet5', '--trace-level', 'tile'])).rejects.toThrow(/no trace is written/);
    expect(existsSync(trace)).toBe(false);
  });
});
