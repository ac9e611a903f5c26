// The neurosim-22nm table: NeuroSim V1.4's 22 nm RRAM figures, read back through the component
// cost functions at the neurosim-vgg8 chip's parameters.
import { describe, expect, test } from 'vitest';
import { listTech, loadTech } from '../../../hw/tech/load.js';
import { TECH_KINDS } from '../../../hw/tech/schema.js';
import { adcCost, bufferCost, busCost, crossbarCost, dacCost, residualAddCost, routerCost, shiftAddCost } from '../../../hw/components/index.js';
import { loadArch } from '../../../hw/arch/load.js';
import { chipTotals, wireLengthsMm } from '../../../hw/arch/rollup.js';
import { unitEnergies } from '../../../hw/components/unitEnergies.js';

const tech = loadTech('neurosim-22nm');
const CLOCK_HZ = 601e6;
const RATE = 601e6;
/** NeuroSim's multilevel sense amp: energy and area scale with its 2^b - 1 references. */
const references = (bits: number) => 2 ** bits - 1;

describe('the table', () => {
  test('is listed, is 22 nm at 601 MHz, and costs every component kind', () => {
    expect(listTech()).toContain('neurosim-22nm');
    expect(tech.nodeNm).toBe(22);
    expect(tech.referenceClockHz.value).toBe(601e6);
    expect(Object.keys(tech.components).sort()).toEqual([...TECH_KINDS].sort());
  });

  test('every figure names its source: a NeuroSim V1.4 file, a derivation, or an estimate', () => {
    for (const [kind, entry] of Object.entries(tech.components)) {
      for (const row of entry.rows) {
        for (const figure of [row.areaMm2, row.peakPowerMw, row.leakageMw, row.energyPjPerOp, row.latencyPs, row.bandwidthBytesPerS]) {
          if (figure) expect(figure.source, kind).toMatch(/^(NeuroSim V1\.4 \w+\.cpp|derived:|estimate:|RRAM cells)/);
        }
      }
    }
    for (const curve of Object.values(tech.curves)) expect(curve.source).toMatch(/^(NeuroSim V1\.4|estimate:)/);
    expect(tech.wire?.energyPjPerBitMm.source).toMatch(/^NeuroSim V1\.4 HTree\.cpp/);
  });

  test('units NeuroSim lacks are marked as estimates', () => {
    for (const kind of ['sampleHold', 'edram', 'activation', 'maxPool', 'requantize', 'digitalMac', 'offChipLink'] as const) {
      expect(tech.components[kind].rows[0]!.energyPjPerOp.source, kind).toMatch(/^estimate:/);
    }
  });
});

describe('ADC: multilevel sense amp', () => {
  test('5 bits at 601 MS/s: 0.067 pJ per conversion, 52.5 um2, one clock period per conversion', () => {
    const adc = adcCost({ bits: 5, sampleRateHz: RATE }, tech);
    expect(adc.energyPjPerOp).toBeCloseTo(0.067, 12);
    expect(adc.areaMm2 * 1e6).toBeCloseTo(52.5, 9);
  });

  test('energy and area grow as 2^b - 1 from 1 to 8 bits', () => {
    for (let bits = 1; bits <= 8; bits += 1) {
      const adc = adcCost({ bits, sampleRateHz: RATE }, tech);
      const rule = references(bits) / references(5);
      // The table's points are printed to 4 significant digits.
      expect(adc.energyPjPerOp / (0.067 * rule)).toBeCloseTo(1, 3);
      expect(adc.areaMm2 / (52.5e-6 * rule)).toBeCloseTo(1, 3);
    }
  });

  test('above 8 bits the growth still follows 2^b - 1 (about 2x per bit)', () => {
    const at = (bits: number) => adcCost({ bits, sampleRateHz: RATE }, tech).energyPjPerOp;
    for (let bits = 9; bits <= 12; bits += 1) {
      expect(at(bits) / at(bits - 1)).toBeCloseTo(references(bits) / references(bits - 1), 2);
    }
  });
});

describe('the neurosim-vgg8 chip reads the table back', () => {
  const arch = loadArch('neurosim-vgg8');
  const { pe } = arch.tile;

  test('a 128-row bit-plane read: 1.07 pJ array + 0.253 pJ column mux and decoder; cells and periphery 4617.5 um2', () => {
    const xb = crossbarCost(pe.crossbar, tech);
    expect(xb.energyPjPerOp).toBeCloseTo(1.07 + 0.253, 12);
    // Cells, three level shifters, source-line switch matrix, column mux, mux decoder.
    expect(xb.areaMm2 * 1e6).toBeCloseTo(380.6 + 3 * 1281.4 + 178.6 + 166.5 + 47.6, 1);
  });

  test('DAC (word-line switch): 118.5 fJ per driven row', () => {
    expect(dacCost(pe.dac, tech).energyPjPerOp).toBeCloseTo(0.1185, 12);
  });

  test('ADC at the chip: 0.067 pJ', () => {
    expect(adcCost(pe.adc, tech).energyPjPerOp).toBeCloseTo(0.067, 12);
  });

  test('shift-add 14.2 fJ (8.8 weight slices + 5.4 input bits); adder 23.8 fJ per add', () => {
    expect(shiftAddCost({ clockHz: arch.clockHz }, tech).energyPjPerOp).toBeCloseTo(0.0142, 12);
    expect(residualAddCost({ clockHz: arch.clockHz }, tech).energyPjPerOp).toBeCloseTo(0.0238, 12);
  });

  test('buffers: 256 bits at the mean of 0.74 fJ read and 1.35 fJ written per bit, at any size', () => {
    for (const buffer of [arch.tile.inputBuffer, arch.tile.outputBuffer]) {
      expect(buffer.bandwidthBitsPerCycle).toBe(256);
      expect(bufferCost({ ...buffer, clockHz: arch.clockHz }, tech).energyPjPerOp).toBeCloseTo((256 * (0.74 + 1.35)) / 2 / 1000, 9);
    }
  });

  test('tile bus and router hops are wires: 0.097 pJ per toggling bit per mm x 0.5 over one tile side', () => {
    // The rows hold no logic energy (NeuroSim's H-tree and X-Y bus are wires only).
    expect(busCost({ widthBits: arch.tile.bus.widthBits, clockHz: arch.clockHz }, tech).energyPjPerOp).toBe(0);
    const { noc } = arch;
    expect(routerCost({ flitBits: noc.flitBits, ports: noc.routerPorts, clockHz: arch.clockHz }, tech).energyPjPerOp).toBe(0);
    const side = Math.sqrt(chipTotals(arch, tech).tile.areaMm2);
    expect(wireLengthsMm(arch, tech)).toEqual({ busMm: side, hopMm: side });
    const e = unitEnergies(arch, tech);
    expect(e.busBitPj).toBeCloseTo(0.097 * 0.5 * side, 12);
    expect(e.routerFlitPj).toBeCloseTo(32 * 0.097 * 0.5 * side, 12);
  });

  test('the wire energy follows the tile side: 4x the PEs, under 2x the side (the tile-level buffers and units do not grow)', () => {
    const big = { ...arch, tile: { ...arch.tile, peCount: arch.tile.peCount * 4 } };
    const ratio = unitEnergies(big, tech).busBitPj / unitEnergies(arch, tech).busBitPj;
    expect(ratio).toBeGreaterThan(1.5);
    expect(ratio).toBeLessThan(2);
  });

  test('a table without a wire model prices the bus and routers by their rows alone', () => {
    const isaac = loadArch('isaac');
    const isaacTech = loadTech(isaac.tech);
    expect(isaacTech.wire).toBeUndefined();
    expect(wireLengthsMm(isaac, isaacTech)).toEqual({ busMm: 0, hopMm: 0 });
    expect(unitEnergies(isaac, isaacTech).busBitPj).toBe(busCost({ widthBits: isaac.tile.bus.widthBits, clockHz: isaac.clockHz }, isaacTech).energyPjPerOp);
  });

  test('digital power is stated at the 601 MHz clock', () => {
    expect(arch.clockHz).toBe(CLOCK_HZ);
    expect(shiftAddCost({ clockHz: CLOCK_HZ }, tech).peakPowerMw).toBeCloseTo(0.0142 * 0.601, 6);
  });
});
