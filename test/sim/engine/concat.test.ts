// Channel concat on the chip (squeezenet-mini: two fire modules concatenating ReLU branches of one
// quantization, one concatenating a ReLU and a linear branch that it requantizes). The engine and
// the functional chip equal the integer reference bit for bit; the analytical model counts the
// same operations the engine tallies; the model's energy agrees within 1% and its interval within
// the tolerance of the residual networks (queueing at a near-saturated ejection port, see below).
import { describe, expect, test } from 'vitest';
import { loadTech } from '../../../hw/tech/index.js';
import { estimate, measureInputActivity } from '../../../hw/ppa/index.js';
import { mapNetwork } from '../../../hw/mapping/index.js';
import { FunctionalChip } from '../../../sim/functional/index.js';
import { runReference } from '../../../workloads/reference/index.js';
import { simulatedReport, crosscheckReport } from '../../../traces/report/runReport.js';
import { inputsFor, run } from './helpers.js';

const IMAGES = 4;
const r = run('squeezenet-mini', { images: IMAGES });
const mapped = mapNetwork(r.net, r.arch);

describe('squeezenet-mini on the lossless preset', () => {
  test('the engine\'s outputs equal the integer reference bit for bit', () => {
    expect(r.compared).toBe(IMAGES * 10);
    expect(r.mismatches).toBe(0);
  });

  test('the functional chip equals the reference bit for bit', () => {
    const chip = new FunctionalChip(r.net, mapped, r.arch, { fidelity: 'exact' });
    inputsFor(r.net, 2).forEach((x, k) => {
      expect(chip.run(x, k)).toEqual(runReference(r.net, x).output.data);
    });
  });

  test('only the concat of mixed quantizations requantizes: all 128 channels of its 8x8 pixels, counted alike by mapping and engine', () => {
    const cats = mapped.layers.filter((l) => l.kind === 'concat');
    expect(cats.map((l) => [l.name, l.engine, l.requantizeOps])).toEqual([
      ['fire2.concat', 'digitalUnit', 0],
      ['fire3.concat', 'digitalUnit', 0],
      // fire4: the linear 3x3 expand (64 channels, zero point 0) and the ReLU 1x1 expand (zero point
      // -128) meet at twice the activation scale: both are requantized.
      ['fire4.concat', 'digitalUnit', 8 * 8 * 128],
    ]);
    for (const l of cats) {
      const engine = r.result.layers.find((e) => e.name === l.name)!;
      expect(engine.tally.requantizeOps / IMAGES).toBe(l.requantizeOps);
    }
  });

  test('the model counts a concat as data movement: one buffer read of every channel per pixel, its output written into its consumers\' buffers, no MVM', () => {
    const analytical = estimate(mapped, r.arch, loadTech(r.arch.tech));
    const bits = r.arch.precision.inputBits;
    const port = r.arch.tile.inputBuffer.bandwidthBitsPerCycle;
    const layer = analytical.layers.find((l) => l.name === 'fire2.concat')!;
    // 16x16 pixels, each fetching 64 channels; the one consumer (fire3.squeeze, a 1x1 conv whose
    // copies span tiles, each reading all 64 channels) keeps the whole tensor on each of its tiles.
    const consumerTiles = mapped.layers.find((l) => l.name === 'fire3.squeeze')!.placement.tiles.length;
    expect(consumerTiles).toBeGreaterThan(1);
    expect(layer.opCounts.bufferReads).toBe(Math.ceil((16 * 16 * 64 * bits) / port));
    expect(layer.opCounts.bufferWrites).toBe(Math.ceil((16 * 16 * 64 * bits) / port) * consumerTiles);
    expect(layer.opCounts.requantizeOps).toBe(0);
    expect([layer.opCounts.crossbarReads, layer.opCounts.adcConversions, layer.opCounts.residualAddOps, layer.opCounts.poolOps]).toEqual([0, 0, 0, 0]);
  });

  test('dynamic energy per component kind agrees with the analytical model within 1.5%, in total within 1%', () => {
    const activity = measureInputActivity(r.net, mapped, r.arch, inputsFor(r.net, IMAGES));
    const analytical = estimate(mapped, r.arch, loadTech(r.arch.tech), { activity });
    const c = crosscheckReport(simulatedReport(r.result, analytical), analytical);
    for (const kind of ['crossbar', 'adc', 'buffer', 'bus', 'router', 'requantize', 'pool']) {
      expect({ kind, ok: Math.abs(c.energyByKindErrPct[kind]!) < 1.5 }).toEqual({ kind, ok: true });
    }
    expect(Math.abs(c.dynamicEnergyErrPct!)).toBeLessThan(1);
    // Measured +12.7% (ResNet-18 at 32x32 on the same preset: -12.3%). The model's bound is one
    // maxPool unit (8,192 ns per image); the ejection port of the same tile is busy 7,776 ns, 95% of
    // it, and the queueing there, which a busy-time bound does not see, slows the engine.
    expect(Math.abs(c.intervalErrPct!)).toBeLessThan(15);
  });
});
