// The packed popcount path of `adc` fidelity computes what the row-by-row bit-serial path computes,
// bit for bit: on the layouts the engine builds (grouped, im2col and kernel-split convs), for every
// encoding (offset, differential, flip), cell width, DAC width, active rows and ADC resolution, in
// its WebAssembly module and in its TypeScript twin. On a lossless ADC both equal the dot product.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { buildLayout } from '../../../../sim/engine/layout.js';
import { BitSerialCrossbar, type BitSerialParams } from '../../../../sim/engine/compute/bitSerial.js';
import { PackedAdcCrossbar, PackedArena } from '../../../../sim/engine/compute/packedAdc.js';
import { popModule } from '../../../../sim/engine/compute/wasm/popModule.js';
import { DEFAULT_ANALOG, NormalStream, type AnalogParams } from '../../../../sim/engine/compute/analog.js';
import { Random } from '../../../../sim/kernel/index.js';
import { losslessAdcBits } from '../../../../hw/arch/lossless.js';
import { partitionWeights } from '../../../../hw/mapping/partition.js';
import { testConv } from './convFixture.js';
import { cellProgrammer, readEffects } from '../../../../sim/engine/compute/device.js';
import { ReadNoise } from '../../../../sim/engine/compute/readNoise.js';

const int8 = fc.oneof(fc.integer({ min: -128, max: 127 }), fc.constantFrom(-128, 127));

const caseArb = fc
  .record({
    groups: fc.constantFrom(1, 2, 3),
    icPerGroup: fc.integer({ min: 1, max: 40 }),
    ocPerGroup: fc.integer({ min: 1, max: 5 }),
    k: fc.constantFrom(1, 3),
    scheme: fc.constantFrom('im2col' as const, 'kernel-split' as const),
    crossbarRows: fc.constantFrom(16, 64, 100, 128, 256),
    activeFraction: fc.constantFrom(1, 0.5, 0.25, 0.125),
    cellBits: fc.constantFrom(1, 2, 3, 4),
    dacBits: fc.constantFrom(1, 2, 3),
    encoding: fc.constantFrom('offset' as const, 'differential' as const),
    flip: fc.boolean(),
    adcDeficit: fc.integer({ min: 0, max: 5 }),
  })
  .chain((p) => {
    const inC = p.groups * p.icPerGroup;
    const outC = p.groups * p.ocPerGroup;
    const taps = p.k * p.k;
    return fc.record({
      p: fc.constant(p),
      weights: fc.array(int8, { minLength: outC * p.icPerGroup * taps, maxLength: outC * p.icPerGroup * taps }),
      zeroPoints: fc.array(int8, { minLength: outC, maxLength: outC }),
      windows: fc.array(fc.array(int8, { minLength: inC * taps, maxLength: inC * taps }), { minLength: 1, maxLength: 3 }),
      zx: int8,
    });
  });


type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

/** The engine's layout of the case's conv on the case's chip, and the conversion parameters. */
function layoutOf({ p, weights, zeroPoints }: Case): { layout: ReturnType<typeof buildLayout>; params: BitSerialParams; outC: number } {
  const inC = p.groups * p.icPerGroup;
  const outC = p.groups * p.ocPerGroup;
  const layer = testConv(p, weights, zeroPoints);
  const activeRows = Math.max(1, Math.round(p.crossbarRows * p.activeFraction));
  const columnsPerWeight = Math.ceil(8 / p.cellBits) * (p.encoding === 'differential' ? 2 : 1);
  const geometry = { rows: p.crossbarRows, cols: 64, activeRows, columnsPerWeight };
  const partition = partitionWeights({ inChannels: inC, outChannels: outC, kernel: [p.k, p.k], groups: p.groups }, p.scheme, geometry);
  const layout = buildLayout(layer, inC, partition, geometry);
  const requiredBits = losslessAdcBits(activeRows, p.cellBits, p.dacBits, p.flip);
  const params: BitSerialParams = {
    weightBits: 8, inputBits: 8, cellBits: p.cellBits, dacBits: p.dacBits, activeRows,
    adcBits: Math.max(1, requiredBits - p.adcDeficit), requiredBits, encoding: p.encoding, flip: p.flip,
  };
  return { layout, params, outC };
}

describe('packed adc path', () => {
  test('equals the row-by-row bit-serial path (wasm and twin) on random layers and chips', () => {
    fc.assert(fc.property(caseArb, (c) => {
      const { p, weights, zeroPoints, windows, zx } = c;
      const { layout, params, outC } = layoutOf(c);
      const rowByRow = new BitSerialCrossbar(layout, params);
      const wasm = new PackedAdcCrossbar(layout, params, 'wasm');
      const twin = new PackedAdcCrossbar(layout, params, 'ts');
      expect(wasm.kernel).toBe('wasm');
      for (const w of windows) {
        const window = Int32Array.from(w);
        const expected = new Int32Array(outC).fill(3);
        rowByRow.accumulate(window, zx, expected);
        const a = new Int32Array(outC).fill(3);
        wasm.accumulate(window, zx, a);
        const b = new Int32Array(outC).fill(3);
        twin.accumulate(window, zx, b);
        expect(a).toEqual(expected);
        expect(b).toEqual(expected);
        if (p.adcDeficit === 0) {
          // Lossless: the plain dot product.
          const tapsPerGroup = p.icPerGroup * taps(p.k);
          const dot = new Int32Array(outC).map((_, oc) => {
            const g = Math.floor(oc / p.ocPerGroup);
            let sum = 3;
            for (let t = 0; t < tapsPerGroup; t++) sum += (weights[oc * tapsPerGroup + t] - zeroPoints[oc]) * (w[g * tapsPerGroup + t] - zx);
            return sum;
          });
          expect(a).toEqual(dot);
        }
      }
    }), { numRuns: 200 });
  });

  test('analog: without variation and noise it equals adc; with them, the module and the twin agree and make the same draws', () => {
    // The module converts itself with read noise only (the first two devices); with c2c or a
    // level-0 current it hands the raw sums to the digital side, as the twin does. The module's
    // image sits after another's in a shared memory.
    const devices: Array<Partial<AnalogParams>> = [{}, { adcGainError: -0.04, adcOffsetLsb: 0.3 }, { c2cSigma: 0.1 }, { onOffRatio: 30 }];
    fc.assert(fc.property(caseArb, fc.integer({ min: 1, max: 1000 }), fc.constantFrom(...devices), (c, seed, extra) => {
      const { windows, zx } = c;
      const { layout, params, outC } = layoutOf(c);
      const maxLevel = 2 ** params.cellBits - 1;
      const device = (a: Partial<AnalogParams>, draws: NormalStream) => {
        const full = { ...DEFAULT_ANALOG, conductanceSigma: 0, readNoiseSigma: 0, ...a };
        return { programmer: cellProgrammer(full, maxLevel, 128, draws, 0, 0), read: readEffects(full, maxLevel) };
      };
      const ideal = { ...device({}, new NormalStream(new Random(1))), noise: new ReadNoise(1) };
      const adc = new PackedAdcCrossbar(layout, params, 'wasm');
      const flat = new PackedAdcCrossbar(layout, params, 'wasm', ideal);
      const varied = (kernel: 'wasm' | 'ts', drawn: number[], arena?: PackedArena, cellSeed = seed) => {
        const draws = new NormalStream(new Random(cellSeed));
        const noise = new (class extends ReadNoise {
          override draw(i: number): number {
            drawn.push(i);
            return super.draw(i);
          }
        })(seed + 1);
        const cells = device({ conductanceSigma: 0.1, readNoiseSigma: 0.3, seed, ...extra }, draws);
        return new PackedAdcCrossbar(layout, params, kernel, { ...cells, noise }, arena);
      };
      const wasmDraws: number[] = [];
      const twinDraws: number[] = [];
      // The module's image after another copy's in a shared memory (as a layer's copies are).
      const arena = new PackedArena(1 << 20);
      varied('wasm', [], arena, seed + 7);
      const wasm = varied('wasm', wasmDraws, arena);
      const twin = varied('ts', twinDraws);
      expect(wasm.kernel).toBe('wasm');
      for (const w of windows) {
        const window = Int32Array.from(w);
        const run = (x: PackedAdcCrossbar) => {
          const acc = new Int32Array(outC);
          x.accumulate(window, zx, acc);
          return acc;
        };
        expect(run(flat)).toEqual(run(adc));
        expect(run(wasm)).toEqual(run(twin));
      }
      expect([...wasmDraws].sort((a, b) => a - b)).toEqual([...twinDraws].sort((a, b) => a - b));
    }), { numRuns: 150 });
  });

  test('16-bit weights and inputs (ISAAC) fit the module; shapes are compiled once', () => {
    const shape = {
      words: 2, slices: 8, cellBits: 2, fractionBits: 0, dacBits: 1, planes: 16, lsbShift: 1, topCode: 255, maxLevel: 3,
      sliceScale: [1, 4, 16, 64, 256, 1024, 4096, 16384], flip: true,
    };
    const m = popModule(shape);
    expect(m).toBeDefined();
    expect(popModule({ ...shape })).toBe(m);
  });
});

function taps(k: number): number {
  return k * k;
}
