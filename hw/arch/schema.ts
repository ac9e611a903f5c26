// The chip description: a zod schema (the single source of truth), the TypeScript types inferred
// from it, and the JSON Schema emitted for editors. Hierarchy: chip -> tiles on a mesh NoC -> PEs
// -> crossbars. Cross-field rules (ADC sharing, activeRows <= rows, ...) live in validate.ts.
import { deviceSchema } from './device.js';
import { z } from 'zod';
import { bitsField, countField, quantityField, unitCount } from './fields.js';

/** Largest weight or input precision the simulator supports (int16 fixed point, as ISAAC). */
export const MAX_PRECISION_BITS = 16;

const crossbarSchema = z
  .strictObject({
    count: countField('crossbars per PE'),
    rows: countField('wordlines (inputs) per crossbar'),
    cols: countField('bitlines (outputs) per crossbar'),
    cellBits: bitsField('bits stored per ReRAM cell (multi-level cell)', 1, 8),
    activeRows: countField('rows driven in one read (NeuroSim parallel-read rows); fewer rows let a small ADC be lossless at the cost of more reads'),
    readLatencyPs: quantityField('timePs', 'one crossbar read (one input bit-plane over activeRows rows), e.g. "100ns"'),
  })
  .meta({ description: 'ReRAM crossbar arrays of one PE' });

const dacSchema = z
  .strictObject({
    bits: bitsField('DAC resolution: input bits applied per read', 1, 8),
    count: countField('DACs per PE (ISAAC: one per row of every crossbar, 8 x 128)'),
  })
  .meta({ description: 'wordline drivers' });

const adcSchema = z
  .strictObject({
    bits: bitsField('ADC resolution', 1, 16),
    count: countField('ADCs per PE; optional: it follows from columnsPerAdc as ceil(crossbars x cols / columnsPerAdc), and a different value is refused').optional(),
    columnsPerAdc: countField('bitlines sharing one ADC through a mux; above crossbar.cols, a multiple of it: one ADC serves several whole crossbars of the PE, whose reads then queue for it'),
    sampleRateHz: quantityField('frequencyHz', 'conversions per second, e.g. "1.28GS/s"'),
    flipEncoding: z
      .boolean()
      .default(false)
      .meta({ description: "ISAAC's weight flipping: each column stores w or its complement so a column sum never exceeds half its maximum, saving one ADC bit" }),
  })
  .meta({ description: 'analog-to-digital converters of one PE' });

const registerSchema = z.strictObject({ sizeBytes: quantityField('bytes', 'capacity, e.g. "2KB"') });

const peSchema = z
  .strictObject({
    crossbar: crossbarSchema,
    dac: dacSchema,
    sampleHold: z.strictObject({ count: countField('sample-and-hold circuits per PE', 0) }),
    adc: adcSchema,
    shiftAdd: z.strictObject({ count: countField('shift-and-add units per PE (merge bit-planes and weight slices)', 0) }),
    inputRegister: registerSchema.meta({ description: 'holds the input bits fed to the DACs' }),
    outputRegister: registerSchema.meta({ description: 'holds partial sums before they leave the PE' }),
  })
  .meta({ description: 'processing element (ISAAC: IMA): crossbars with their converters' })
  // One field decides how columns share ADCs: the count follows from columnsPerAdc when absent
  // (validate.ts refuses a count that contradicts it).
  .transform((pe) => ({ ...pe, adc: { ...pe.adc, count: pe.adc.count ?? adcCountFor(pe.crossbar.count, pe.crossbar.cols, pe.adc.columnsPerAdc) } }));

/** ADCs a PE needs when each converts columnsPerAdc of its crossbars' columns. */
export function adcCountFor(crossbars: number, cols: number, columnsPerAdc: number): number {
  return Math.ceil((crossbars * cols) / columnsPerAdc);
}

const bufferSchema = z
  .strictObject({
    kind: z.enum(['eDRAM', 'SRAM']).meta({ description: 'memory technology' }),
    sizeBytes: quantityField('bytes', 'capacity, e.g. "64KB" (KB = KiB = 1024 B)'),
    ports: countField('read/write ports'),
    bandwidthBitsPerCycle: countField('bits per port per digital clock cycle'),
  })
  .meta({ description: 'tile buffer' });

const digitalMacSchema = z
  .strictObject({
    count: countField('digital MAC PEs per tile', 0),
    macsPerCycle: countField('multiply-accumulates per PE per digital clock cycle'),
    operandBits: bitsField('operand width of the digital multipliers', 1, 16),
  })
  .meta({ description: 'digital MAC PEs of a hybrid analog/digital tile (AERO)' });

const tileSchema = z
  .strictObject({
    peCount: countField('PEs (ISAAC: IMAs) per tile'),
    pe: peSchema,
    inputBuffer: bufferSchema,
    outputBuffer: bufferSchema,
    bus: z
      .strictObject({ widthBits: countField('wires of the buffer-to-PE bus (ISAAC: 384)') })
      .meta({ description: 'buffer-to-PE bus' }),
    digital: z
      .strictObject({
        activation: unitCount('activation function units (ISAAC: sigmoid)'),
        maxPool: unitCount('max-pool units'),
        avgPool: unitCount('average-pool units'),
        residualAdd: unitCount('residual (elementwise) adders'),
        requantize: unitCount('int32 -> int8 requantizers (multiplier and shift)'),
        shiftAdd: unitCount('tile-level shift-and-add units (merge PE partial sums)'),
      })
      .meta({ description: 'digital units of a tile' }),
    digitalMacPes: digitalMacSchema.optional(),
  })
  .meta({ description: 'a tile: PEs, buffers, bus and digital units' });

const nocSchema = z
  .strictObject({
    rows: countField('router rows of the mesh'),
    cols: countField('router columns of the mesh'),
    tilesPerRouter: countField('tiles sharing one router (ISAAC c-mesh: 4)'),
    routerPorts: countField('router ports (ISAAC c-mesh: 4 tiles + 4 neighbours = 8)'),
    flitBits: countField('flit width in bits'),
    routerLatencyPs: quantityField('timePs', 'per-hop router pipeline latency, e.g. "2.5ns"'),
    linkBandwidthBitsPerCycle: countField('bits per link per digital clock cycle'),
  })
  .meta({ description: 'mesh network-on-chip; mesh size counts routers' });

const chipSchema = z
  .strictObject({
    tiles: countField('tiles on the chip'),
    offChipLinks: z
      .strictObject({
        count: countField('off-chip links', 0),
        kind: z.enum(['HyperTransport']).meta({ description: 'link kind, costed from the tech table' }),
      })
      .meta({ description: 'chip I/O (ISAAC: 4 HyperTransport links)' }),
  })
  .meta({ description: 'chip-level counts' });

const precisionSchema = z
  .strictObject({
    weightBits: bitsField('weight precision', 1, MAX_PRECISION_BITS),
    inputBits: bitsField('input (activation) precision', 1, MAX_PRECISION_BITS),
    weightEncoding: z
      .enum(['offset', 'differential'])
      .meta({ description: "signed weights: 'offset' stores w + 2^(b-1) and subtracts the bias digitally (ISAAC); 'differential' uses a positive and a negative column per slice (2x columns)" }),
  })
  .meta({ description: 'fixed-point precision' });

const cellWriteSchema = z
  .strictObject({
    energyPjPerCell: quantityField('energyPj', 'energy to program one cell, e.g. "10pJ"'),
    latencyPsPerRow: quantityField('timePs', 'time to program one row of a crossbar, e.g. "100ns"'),
  })
  .meta({ description: 'cell programming cost, charged when weights are (re)loaded' });

export const archSchema = z
  .strictObject({
    $schema: z.string().optional().meta({ description: 'path to arch.schema.json, for editors' }),
    name: z.string().min(1).meta({ description: 'preset name' }),
    description: z.string().meta({ description: 'one line on what the design is' }),
    notes: z.array(z.string()).default([]).meta({ description: 'design notes: sources, assumptions, fidelity' }),
    tech: z.string().min(1).meta({ description: 'technology table name in hw/tech (e.g. "isaac-32nm")' }),
    clockHz: quantityField('frequencyHz', 'digital clock, e.g. "1.2GHz" (at most 100 GHz)', 'positive', 1e11),
    precision: precisionSchema,
    chip: chipSchema,
    noc: nocSchema,
    tile: tileSchema,
    cellWrite: cellWriteSchema.optional(),
    device: deviceSchema.optional(),
  })
  .meta({ title: 'ohmflow architecture', description: 'A ReRAM processing-in-memory CNN accelerator' });

/** A parsed, validated chip: every quantity in the unit its name carries. */
export type Arch = z.output<typeof archSchema>;
/** What a JSON file may contain (strings with units allowed). */
export type ArchInput = z.input<typeof archSchema>;

/** JSON Schema of the config files (input side: strings with units are allowed). */
export function archJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(archSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
}
