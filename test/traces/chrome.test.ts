// The Chrome export is valid JSON with balanced, nested B/E per thread and ts in µs (trace-ns / 1000).
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeChromeTrace, type ChromeEvent } from '../../traces/chrome.js';
import { writeSyntheticTrace } from './synthetic.js';

const dir = mkdtempSync(join(tmpdir(), 'ohmflow-chrome-'));

describe('Chrome JSON export', () => {
  const source = join(dir, 'synthetic.pftrace');
  const feed = writeSyntheticTrace(source);
  const out = join(dir, 'synthetic.json');
  writeChromeTrace(source, out);
  const parsed = JSON.parse(readFileSync(out, 'utf8')) as { traceEvents: ChromeEvent[]; otherData: Record<string, string> };

  it('is valid JSON with the scale rule stated', () => {
    expect(Array.isArray(parsed.traceEvents)).toBe(true);
    expect(parsed.otherData.timeScale).toMatch(/1 trace-ns = 1 simulated ps/);
  });

  it('has balanced, properly nested B/E pairs on every thread', () => {
    const stacks = new Map<number, string[]>();
    let begins = 0;
    for (const event of parsed.traceEvents) {
      if (event.ph === 'B') {
        begins++;
        stacks.set(event.tid, [...(stacks.get(event.tid) ?? []), event.name]);
      } else if (event.ph === 'E') {
        const stack = stacks.get(event.tid) ?? [];
        expect(stack.pop()).toBe(event.name);
        stacks.set(event.tid, stack);
      }
    }
    expect(begins).toBeGreaterThan(0);
    for (const stack of stacks.values()) expect(stack).toEqual([]);
  });

  it('writes ts in µs: a layer slice fed at 4000 ps begins at ts 4', () => {
    const fed = feed.layerIntervalsPs.find((i) => i.layer === 'conv1' && i.image === 1)!;
    const begin = parsed.traceEvents.find((e) => e.ph === 'B' && e.name === 'conv1 image 1')!;
    expect(begin.ts).toBe(fed.startPs / 1000);
  });

  it('keeps counters as C events and names threads after their track path', () => {
    expect(parsed.traceEvents.some((e) => e.ph === 'C' && /energy/.test(e.name))).toBe(true);
    const names = parsed.traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => String(e.args?.name));
    expect(names).toContain('tile 0 / pe 0 / adc group 0');
  });
});
