// explore --min-accuracy: the best design reaches the floor on held-out digits (checked here with
// the ADC-aware reference, not the functional chip the search used), where the unconstrained
// search picks a lossy design below it; bad uses fail naming the flag.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadArch, type Arch } from '../../../hw/arch/index.js';
import { crossbarConversion } from '../../../hw/mapping/conversion.js';
import { mapNetwork } from '../../../hw/mapping/index.js';
import { mnistHeldOutDataset } from '../../../workloads/datasets/index.js';
import { runReference } from '../../../workloads/reference/index.js';
import { getNetwork } from '../../../workloads/zoo/index.js';
import { cliOutput } from './cliOutput.js';

afterEach(() => vi.restoreAllMocks());

const IMAGES = 50;
const search = ['explore', '--net', 'lenet5-mnist', '--seed', '1', '--iterations', '3', '--population', '6', '--anneal-steps', '50', '--adc-bits', '8'];

/** Top-1 of a design on the first held-out digits by the ADC-aware reference (the first maximum on ties). */
function referenceTop1(arch: Arch): number {
  const net = getNetwork('lenet5-mnist');
  const conversion = crossbarConversion(arch, mapNetwork(net, arch));
  const data = mnistHeldOutDataset(IMAGES, 32);
  let hits = 0;
  data.images.forEach((x, i) => {
    const y = runReference(net, x, conversion === undefined ? {} : { crossbar: conversion }).output.data;
    if (y.indexOf(Math.max(...y)) === data.labels[i]) hits++;
  });
  return hits / IMAGES;
}

describe('explore --min-accuracy', () => {
  it('keeps the best design at or above the floor, where the unconstrained search picks one below it', async () => {
    const free = mkdtempSync(join(tmpdir(), 'ohmflow-explore-free-'));
    const rFree = JSON.parse((await cliOutput([...search, '--out', free, '--json'])).out) as { lossyAdc?: unknown; best: { topsPerW: number } };
    expect(rFree.lossyAdc).toBeDefined();
    expect(referenceTop1(loadArch(join(free, 'arch.json')))).toBeLessThan(0.9);

    const dir = mkdtempSync(join(tmpdir(), 'ohmflow-explore-floor-'));
    const { out } = await cliOutput([...search, '--min-accuracy', '90', '--accuracy-images', String(IMAGES), '--out', dir, '--json']);
    type Report = { best: { topsPerW: number }; accuracy: { minTop1: number; images: number; bestTop1: number; measured: number; refused: number } };
    const r = JSON.parse(out) as Report;
    expect(r.accuracy).toMatchObject({ minTop1: 0.9, images: IMAGES });
    expect(r.accuracy.refused).toBeGreaterThan(0);
    expect(r.accuracy.bestTop1).toBeGreaterThanOrEqual(0.9);
    expect(referenceTop1(loadArch(join(dir, 'arch.json')))).toBe(r.accuracy.bestTop1);
    expect(r.best.topsPerW).toBeLessThan(rFree.best.topsPerW);
  });

  it('states the accuracy in the text report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ohmflow-explore-floor-'));
    const { out } = await cliOutput([...search, '--min-accuracy', '90%', '--accuracy-images', '20', '--out', dir]);
    expect(out).toMatch(/accuracy: top-1 \d+\.\d% on 20 held-out digits \(adc fidelity\), floor 90\.0%; \d+ leading design\(s\) measured/);
  });

  it.each([
    [['--net', 'lenet5', '--min-accuracy', '90'], /--net: --min-accuracy needs a trained network .* lenet5 has synthetic weights[\s\S]*--net lenet5-mnist/],
    [['--net', 'lenet5-mnist', '--min-accuracy', '120'], /--min-accuracy: expected a top-1 accuracy in percent/],
    [['--net', 'lenet5-mnist', '--accuracy-images', '10'], /--accuracy-images: --accuracy-images without --min-accuracy/],
    [['--net', 'lenet5-mnist', '--min-accuracy', '90', '--accuracy-images', '5000'], /--accuracy-images: 5000 digits, but the split holds 1996/],
    [['--net', 'lenet5-mnist', '--min-accuracy', '90', '--arch', 'neurosim-vgg8', '--crossbars', '100%'], /--min-accuracy: --min-accuracy constrains the synthesis search, not --crossbars/],
  ])('refuses %j naming the flag', async (args, message) => {
    await expect(cliOutput(['explore', ...args, '--out', mkdtempSync(join(tmpdir(), 'ohmflow-explore-bad-'))])).rejects.toThrow(message);
  });

  it('flags a lossy arch in --crossbars mode', async () => {
    const { out } = await cliOutput(['explore', '--net', 'lenet5', '--arch', 'neurosim-vgg8', '--crossbars', '100%', '--batches', '1']);
    expect(out).toMatch(/warning: neurosim-vgg8 is lossy: 5-bit ADCs where exact column sums need 9/);
  });
});
