// Component declarations (sim/engine/declaration.ts, components.ts) are what the engine does: every
// statistic a run reports is declared by its actor's kind with the same unit and meaning, every
// declared statistic of an actor that ran is reported, every declared arch field exists, and every
// track a component-level trace draws is a declared one.
import { describe, expect, test } from 'vitest';
import { parseArch, type Arch } from '../../../hw/arch/index.js';
import { loadTech } from '../../../hw/tech/index.js';
import { mapNetwork } from '../../../hw/mapping/index.js';
import { getNetwork } from '../../../workloads/zoo/index.js';
import { simulate } from '../../../sim/engine/index.js';
import { ACTOR_DECLARATIONS, declaredComponents } from '../../../sim/engine/components.js';
import type { ComponentDeclaration } from '../../../sim/engine/declaration.js';
import type { EngineTraceTarget } from '../../../sim/engine/traceHooks.js';
import { describeCommandOutput } from '../../../scripts/cli/commands/describe.js';
import { presetJson } from '../../hw/arch/presetJson.js';
import { LOSSLESS } from '../../losslessArch.js';
import { inputsFor } from './helpers.js';

function arch(columnsPerAdc?: number, tiles?: number): Arch {
  const json = presetJson(LOSSLESS);
  if (columnsPerAdc !== undefined) {
    delete (json.tile.pe.adc as { count?: number }).count;
    json.tile.pe.adc.columnsPerAdc = columnsPerAdc;
  }
  if (tiles !== undefined) {
    Object.assign(json.chip, { tiles });
    Object.assign(json.noc, { rows: 1, cols: tiles });
  }
  return parseArch(json, 'declared');
}

/** The kind of the actor a statistic's owner names. */
function ownerKind(owner: string, layerKinds: Map<string, string>): string {
  if (/^tile\d+$/.test(owner)) return 'tile';
  if (/^pe\d+$/.test(owner)) return 'pe';
  if (owner === 'offChip') return 'offChipLink';
  if (owner === 'noc') return 'noc';
  const kind = layerKinds.get(owner);
  if (kind === undefined) throw new Error(`no declared kind for statistic owner ${owner}`);
  return kind;
}

/** A track name pattern of a declaration as a regular expression: N, X and Y stand for numbers,
 *  NAME for a layer name, {a|b} for alternatives. */
function trackPattern(name: string): RegExp {
  const escaped = name.replace(/[.*+?^$()[\]\\]/g, '\\$&').replace(/\{([^}]*)\}/g, '($1)');
  return new RegExp(`^${escaped.replace(/\bN\b/g, '\\d+').replace(/\bX\b|\bY\b/g, '\\d+').replace(/\bNAME\b/g, '.+')}$`);
}

class TrackNames implements EngineTraceTarget {
  readonly detail = 'component' as const;
  readonly energySamplePs = 1_000_000;
  readonly names: string[] = [];
  tileTrack(): number {
    return -1;
  }
  componentTrack(_tile: number | null, _pe: number | null, name: string): number {
    this.names.push(name);
    return this.names.length - 1;
  }
  counterTrack(tile: number | null, name: string): number {
    return this.componentTrack(tile, null, name);
  }
  activity(): void {}
  beginActivity(): number {
    return 0;
  }
  endActivity(): void {}
  counter(): void {}
  energy(): void {}
  newFlowId(): number {
    return 1;
  }
}

describe('declarations match what runs', () => {
  const byKind = new Map<string, ComponentDeclaration>(declaredComponents().map((c) => [c.declaration.kind, c.declaration]));

  test.each([
    ['private ADCs, all on chip', undefined, undefined],
    ['ADCs spanning two crossbars', 256, undefined],
    ['a one-tile chip, the MLP weights reloaded in 3 segments', undefined, 1],
  ])('%s: each reported statistic is declared alike, and each declared one of a running actor is reported', (_label, columns, tiles) => {
    const a = arch(columns, tiles);
    const reload = tiles !== undefined;
    const net = getNetwork(reload ? 'mlp' : 'lenet5');
    const mapped = mapNetwork(net, a, reload ? { reload: true } : {});
    const r = simulate({ net, mapped, arch: a, tech: loadTech(a.tech), inputs: inputsFor(net, 1) });
    const layerKinds = new Map(mapped.layers.map((l) => [`layer.${l.name}`, l.engine === 'crossbar' ? 'crossbarLayer' : l.engine === 'digitalMac' ? 'digitalMacLayer' : 'unitLayer']));
    const owners = new Set<string>();
    // `<actor>.events` is the kernel's, for every actor (describe says so).
    const own = r.stats.filter((s) => s.stat !== 'events');
    for (const s of own) {
      owners.add(s.owner);
      const declared = byKind.get(ownerKind(s.owner, layerKinds))!.stats[s.stat];
      expect(declared, s.name).toEqual({ unit: s.unit, description: s.description });
    }
    for (const owner of owners) {
      const declared = Object.keys(byKind.get(ownerKind(owner, layerKinds))!.stats);
      expect(own.filter((s) => s.owner === owner).map((s) => s.stat), owner).toEqual(declared);
    }
    if (columns !== undefined) expect([...owners].some((o) => o.startsWith('pe'))).toBe(true);
    if (reload) expect(owners.has('offChip')).toBe(true);
  });

  test.each([undefined, 256])('every track a component trace draws is declared (columnsPerAdc %s)', (columns) => {
    const a = arch(columns);
    const net = getNetwork('lenet5');
    const target = new TrackNames();
    simulate({ net, mapped: mapNetwork(net, a), arch: a, tech: loadTech(a.tech), inputs: inputsFor(net, 1), activityTrace: target });
    const patterns = declaredComponents().flatMap((c) => Object.keys(c.declaration.tracks)).map(trackPattern);
    expect(target.names.length).toBeGreaterThan(0);
    for (const name of new Set(target.names)) expect(patterns.some((p) => p.test(name)), name).toBe(true);
  });

  test('every declared arch field exists (describe resolves its unit and meaning)', () => {
    for (const c of declaredComponents()) {
      const out = JSON.parse(describeCommandOutput(c.declaration.kind, { json: true })) as { params: Array<{ unit: string; description: string }> };
      expect(out.params.length, c.declaration.kind).toBe(c.declaration.params.length);
      for (const p of out.params) expect(p.description.length).toBeGreaterThan(0);
    }
  });

  test('kinds are unique, and every actor declares a description, connections and its parts', () => {
    const kinds = declaredComponents().map((c) => c.declaration.kind);
    expect(new Set(kinds).size).toBe(kinds.length);
    for (const d of ACTOR_DECLARATIONS) {
      expect(d.description.length).toBeGreaterThan(10);
      expect(Object.keys(d.ports).length).toBeGreaterThan(0);
    }
    expect(byKind.get('pe')!.parts!.map((p) => p.kind)).toEqual(expect.arrayContaining(['crossbar', 'dac', 'sampleHold', 'adc', 'shiftAdd']));
  });
});

describe('ohmflow describe', () => {
  test('lists every component with where it is simulated', () => {
    const out = describeCommandOutput(undefined, {});
    for (const c of declaredComponents()) expect(out).toMatch(new RegExp(`^${c.declaration.kind} +${c.simulatedBy === c.declaration.kind ? 'actor' : `in ${c.simulatedBy}`} `, 'm'));
  });

  test('prints a kind with units, e.g. the ADC sample rate in Hz and the PE statistics', () => {
    expect(describeCommandOutput('adc', {})).toMatch(/tile\.pe\.adc\.sampleRateHz +Hz +conversions per second/);
    expect(describeCommandOutput('PE', {})).toMatch(/adcWaitPs +ps +time read rounds waited/);
  });

  test('an unknown kind names the near ones and the full list', () => {
    expect(() => describeCommandOutput('adcs', {})).toThrow(/no component kind 'adcs' \(did you mean adc\?\)[\s\S]*fix: use one of: .*crossbar/);
  });
});
