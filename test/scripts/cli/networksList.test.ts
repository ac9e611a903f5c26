// `ohmflow networks --resolution N`: a network that cannot be built at N (an accumulator that
// could overflow) is listed as unavailable with its reason; the others are still counted. Every row
// says whether the weights are seeded random numbers or trained.
import { describe, expect, it } from 'vitest';
import { summarizeZoo } from '../../../scripts/cli/commands/networks.js';
import { listNetworks } from '../../../workloads/zoo/registry.js';

describe('ohmflow networks --resolution', () => {
  it('lists every network at 300, the ones that cannot be built there with the reason', () => {
    const rows = summarizeZoo(300);
    expect(rows.map((r) => r.name)).toEqual(listNetworks().map((e) => e.name));
    const unavailable = rows.filter((r) => r.unavailable !== undefined);
    expect(unavailable.length).toBeGreaterThan(0);
    for (const r of unavailable) expect(r.unavailable).toMatch(/overflow/);
    const resnet18 = rows.find((r) => r.name === 'resnet18')!;
    expect(resnet18.unavailable).toBeUndefined();
    expect(resnet18.input).toEqual([3, 300, 300]);
    expect(resnet18.macs).toBeGreaterThan(0);
  });

  it('says which networks are trained and which have seeded random weights', () => {
    const rows = summarizeZoo(undefined);
    expect(rows.filter((r) => r.weights === 'trained').map((r) => r.name)).toEqual(['mlp-mnist', 'lenet5-mnist']);
    expect(rows.find((r) => r.name === 'lenet5')?.weights).toBe('seeded');
    const lenet = rows.find((r) => r.name === 'lenet5-mnist')!;
    expect(lenet).toMatchObject({ input: [1, 32, 32], macs: 416_520, params: 61_706 });
  });
});
