// The per-layer duplication policy hw/dse writes (hw/mapping accepts NAME -> copies, and --dup
// NAME=N,NAME=N), so a found design maps exactly as the search evaluated it.
import { describe, expect, it } from 'vitest';
import { getNetwork } from '../../../workloads/zoo/index.js';
import { loadArch } from '../../../hw/arch/index.js';
import { formatDup, mapNetwork, parseMapFlags } from '../../../hw/mapping/index.js';
import { OhmflowError } from '../../../workloads/errors.js';

describe('per-layer duplication', () => {
  const net = getNetwork('lenet5');
  const arch = loadArch('isaac');
  it('gives each named layer its copies and one to the others', () => {
    const m = mapNetwork(net, arch, { dup: { c1: 4 } });
    const byName = new Map(m.layers.map((l) => [l.name, l]));
    expect(byName.get('c1')!.duplication).toBe(4);
    for (const l of m.layers) if (l.name !== 'c1') expect(l.duplication).toBe(1);
  });
  it('refuses a name that is no layer of the network (a typo was silently ignored), listing the crossbar layers', () => {
    expect(() => mapNetwork(net, arch, { dup: { conv1: 2 } })).toThrow(/"conv1", which is not a layer[\s\S]*c1, c3/);
    expect(() => mapNetwork(net, arch, { dup: { c1: 2, nope: 3, also: 1 } })).toThrow(OhmflowError);
    expect(() => mapNetwork(net, arch, { dup: { c1: 2, s2: 1 } })).not.toThrow();
  });
  it('round-trips through the --dup flag text', () => {
    const dup = { c1: 4, c3: 2 };
    expect(parseMapFlags({ dup: formatDup(dup) }).dup).toEqual(dup);
    expect(() => parseMapFlags({ dup: 'c1=0' })).toThrow(/--dup/);
  });
});
