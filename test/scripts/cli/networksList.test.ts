// `ohmflow networks --resolution N`: a network that cannot be built at N (an accumulator that
// could overflow) is listed as unavailable with its reason; the others are still counted.
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
});
