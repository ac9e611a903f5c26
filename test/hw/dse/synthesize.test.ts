// Synthesis: reproducible for a seed, within the power or area budget, and the design it writes
// loads with loadArch and estimates to the numbers the search reported.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getNetwork } from '../../../workloads/zoo/index.js';
import { chipTotals, loadArch } from '../../../hw/arch/index.js';
import { mapNetwork, type MapOptions } from '../../../hw/mapping/index.js';
import { estimate } from '../../../hw/ppa/index.js';
import { loadTech } from '../../../hw/tech/index.js';
import { synthesize, writeDesign } from '../../../hw/dse/index.js';

const net = getNetwork('vgg8');
const small = { generations: 4, population: 8, annealSteps: 200 };

describe('synthesize', () => {
  it('finds the same design for the same seed', () => {
    const a = synthesize(net, { ...small, seed: 5 });
    const b = synthesize(net, { ...small, seed: 5 });
    expect(b.best).toEqual(a.best);
    expect(b.evaluated).toBe(a.evaluated);
    expect(b.history).toEqual(a.history);
  });

  it('keeps the best design within a power budget, and the best score never drops between generations', () => {
    const r = synthesize(net, { ...small, seed: 2, powerBudgetW: 15 });
    expect(r.best.metrics.powerW).toBeLessThanOrEqual(15);
    expect(chipTotals(r.best.arch, loadTech(r.best.arch.tech)).powerW).toBeLessThanOrEqual(15);
    for (let i = 1; i < r.history.length; i++) expect(r.history[i]).toBeGreaterThanOrEqual(r.history[i - 1]);
  });

  it('keeps the best design within an area budget', () => {
    const r = synthesize(net, { ...small, seed: 3, areaBudgetMm2: 30, objective: 'fps' });
    expect(r.best.metrics.areaMm2).toBeLessThanOrEqual(30);
  });

  it('writes an arch.json that loadArch accepts and a mapping.json that reproduces the estimate', () => {
    const r = synthesize(net, { ...small, seed: 1 });
    const dir = mkdtempSync(join(tmpdir(), 'ohmflow-dse-'));
    const w = writeDesign(dir, r, 'vgg8');
    const arch = loadArch(w.archPath);
    const { options } = JSON.parse(readFileSync(w.mappingPath, 'utf8')) as { options: MapOptions };
    const a = estimate(mapNetwork(net, arch, options), arch, loadTech(arch.tech));
    expect(a.topsPerW).toBeCloseTo(r.best.metrics.topsPerW, 9);
    expect(a.fps).toBeCloseTo(r.best.metrics.fps, 6);
    expect(r.baseline.arch).toBe('isaac');
    expect(w.estimateCommand).toContain(`--arch ${w.archPath}`);
  });
});
