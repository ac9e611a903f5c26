// The phase bound (hw/ppa/phases.ts): a crossbar layer feeding a max pool dealt rows in bands on
// several tiles loads one band's ejection port at a time. How far its copies run ahead of the band
// in phase is what the layer can hold undelivered (its copies' lookahead and its share of the tiles'
// output buffers), so the bound must tighten as the output buffer shrinks and vanish once the
// buffer holds enough rows that the image's average load is what the port sees.
import { describe, expect, it } from 'vitest';
import { loadArch } from '../../../hw/arch/index.js';
import type { Arch } from '../../../hw/arch/schema.js';
import { loadTech } from '../../../hw/tech/load.js';
import { mapNetwork } from '../../../hw/mapping/index.js';
import { estimate } from '../../../hw/ppa/index.js';
import { getNetwork } from '../../../workloads/zoo/index.js';

const isaac = loadArch('isaac');
const tech = loadTech(isaac.tech);

/** vgg8's conv4 (its copies feed the second max pool's bands) with isaac's output buffer resized. */
function conv4(outputBufferBytes: number) {
  const arch: Arch = structuredClone(isaac);
  arch.tile.outputBuffer.sizeBytes = outputBufferBytes;
  const a = estimate(mapNetwork(getNetwork('vgg8'), arch, {}), arch, tech);
  return a.layers.find((l) => l.name === 'conv4')!;
}

describe('phase bound of vgg8 conv4 on isaac', () => {
  const roomy = conv4(64 * 1024);
  const preset = conv4(3 * 1024);
  const tight = conv4(512);

  it('with room for many rows in flight, the crossbars bound the stage (the image average is what a port sees)', () => {
    expect(roomy.bottleneck).toBe('crossbars');
  });

  it("with isaac's 3 KB output register, the pool band's ejection port in phase bounds it, above the crossbars", () => {
    expect(preset.bottleneck).toMatch(/^tile \d+ ejection port \(phases\)$/);
    expect(preset.latencyNs).toBeGreaterThan(roomy.latencyNs);
  });

  it('fewer packets held in the output buffer, fewer rows in flight: a longer stage', () => {
    expect(tight.latencyNs).toBeGreaterThan(preset.latencyNs);
  });
});
