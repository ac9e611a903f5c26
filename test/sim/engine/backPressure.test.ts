// Back-pressure on the zoo networks: finite tile buffers never change what the chip computes, and
// a residual network on buffers too small for its branches' skew is simulated with each short tile
// at what its line buffers hold, with a warning naming it, instead of a hang or a false deadlock.
import { describe, expect, test } from 'vitest';
import { loadArch, parseArch } from '../../../hw/arch/index.js';
import { run } from './helpers.js';
import { LOSSLESS } from '../../losslessArch.js';

describe('finite buffers on the zoo networks', () => {
  test('vgg8 on the default chip: its buffers are big enough (no warning, no overflow, outputs queue in the 8 KB output buffers)', () => {
    const bounded = run('vgg8', { images: 2 }).result;
    const base = loadArch(LOSSLESS);
    expect(bounded.bufferWarnings).toEqual([]);
    expect(bounded.buffers.every((b) => b.overflowGrants === 0 && b.maxUsedBits <= b.capacityBits)).toBe(true);
    expect(bounded.buffers.find((b) => b.name === 'tile0.outputBuffer')?.capacityBits).toBe(base.tile.outputBuffer.sizeBytes * 8);
  }, 60_000);

  test('resnet18 (32x32) on 1 KB input buffers: each short tile is named and simulated at what its line buffers hold (residual skew included), so nothing overflows and the timing is the unbounded one', () => {
    const base = loadArch(LOSSLESS);
    const arch = parseArch({ ...base, name: 'tiny-buffers', tile: { ...base.tile, inputBuffer: { ...base.tile.inputBuffer, sizeBytes: 1024 } } }, 'test: 1 KB input buffers');
    const r = run('resnet18', { arch, images: 2, resolution: 32 });
    expect(r.mismatches).toBe(0);
    expect(r.result.bufferWarnings.length).toBeGreaterThan(0);
    for (const w of r.result.bufferWarnings) expect(w).toMatch(/^tile \d+: its \d+ line buffer\(s\) hold up to \d+ B .* the input buffer has 1024 B \(simulated as \d+ B\)$/);
    // Sized for the skew, no cycle of full buffers forms: the deadlock spill is never needed.
    expect(r.result.buffers.every((b) => b.overflowGrants === 0)).toBe(true);
    const unbounded = run('resnet18', { arch, images: 2, resolution: 32, backPressure: false }).result;
    expect(Math.abs(r.result.latencyPs / unbounded.latencyPs - 1)).toBeLessThan(0.05);
  }, 60_000);
});
