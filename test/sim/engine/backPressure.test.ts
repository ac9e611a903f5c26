// Back-pressure on the zoo networks: finite tile buffers never change what the chip computes, and
// a residual network on buffers too small for its branches' skew still finishes: when every held
// pixel waits for a full buffer, one delivery is let past (counted as that buffer's overflow) and
// the report says so, instead of a hang or a false deadlock.
import { describe, expect, test } from 'vitest';
import { loadArch, parseArch } from '../../../hw/arch/index.js';
import { run } from './helpers.js';

describe('finite buffers on the zoo networks', () => {
  test('vgg8 on the default chip: its buffers are big enough (no warning, no overflow, outputs queue in the 8 KB output buffers)', () => {
    const bounded = run('vgg8', { images: 2 }).result;
    const base = loadArch();
    expect(bounded.bufferWarnings).toEqual([]);
    expect(bounded.buffers.every((b) => b.overflowGrants === 0 && b.maxUsedBits <= b.capacityBits)).toBe(true);
    expect(bounded.buffers.find((b) => b.name === 'tile0.outputBuffer')?.capacityBits).toBe(base.tile.outputBuffer.sizeBytes * 8);
  }, 60_000);

  test('resnet18 (32x32) on 1 KB input buffers finishes bit-exact, reporting the buffers that overflowed', () => {
    const base = loadArch();
    const arch = parseArch({ ...base, name: 'tiny-buffers', tile: { ...base.tile, inputBuffer: { ...base.tile.inputBuffer, sizeBytes: 1024 } } }, 'test: 1 KB input buffers');
    const r = run('resnet18', { arch, images: 2, resolution: 32 });
    expect(r.mismatches).toBe(0);
    expect(r.result.bufferWarnings.length).toBeGreaterThan(0);
    const overflowed = r.result.buffers.filter((b) => b.overflowGrants > 0);
    expect(overflowed.length).toBeGreaterThan(0);
    for (const b of overflowed) expect(b.name).toMatch(/^tile\d+\.(inputBuffer|outputBuffer)$/);
  }, 60_000);
});
