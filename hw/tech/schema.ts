// Shape of a technology cost table (hw/tech/<name>.json): data, not code. Every figure carries
// its source. A component kind has one or more published rows; each row states the parameters it
// was measured at (`at`), how many units its area and power cover (`rowCount`, because published
// tables print totals such as "8 ADCs: 16 mW"), and per-unit energy per operation.
import { z } from 'zod';

const figure = z.strictObject({
  value: z.number().finite().nonnegative(),
  source: z.string().min(1),
});

const row = z.strictObject({
  at: z.record(z.string(), z.number().finite()).meta({ description: 'parameters the row was measured at, in the units their names carry' }),
  rowCount: z.number().positive().meta({ description: 'units the area and power figures cover (published totals)' }),
  areaMm2: figure.meta({ description: 'area of rowCount units, mm2' }),
  peakPowerMw: figure.meta({ description: 'peak power of rowCount units, mW' }),
  leakageMw: figure.meta({ description: 'static power of rowCount units, mW' }),
  energyPjPerOp: figure.meta({ description: 'energy of one operation of ONE unit, pJ' }),
  latencyPs: figure.optional().meta({ description: 'latency of one operation, ps' }),
  bandwidthBytesPerS: figure.optional().meta({ description: 'data rate of ONE unit in each direction, bytes/s (off-chip links)' }),
});
export type TechRow = z.output<typeof row>;

const componentEntry = z.strictObject({
  description: z.string(),
  op: z.string().meta({ description: 'what one operation is, for energyPjPerOp' }),
  rows: z.array(row).min(1),
});
export type TechComponent = z.output<typeof componentEntry>;

const curve = z
  .strictObject({
    xUnit: z.string(),
    yUnit: z.string(),
    x: z.array(z.number().finite()).min(2),
    y: z.array(z.number().finite().positive()).min(2),
    source: z.string().min(1),
  })
  .refine((c) => c.x.length === c.y.length, { message: 'x and y must have the same length' })
  .refine((c) => c.x.every((v, i) => i === 0 || v > c.x[i - 1]!), { message: 'x must increase strictly' });

/** Component kinds a table must cost; hw/components has one file per kind (buffers share one). */
export const TECH_KINDS = [
  'crossbar', 'dac', 'sampleHold', 'adc', 'shiftAdd', 'edram', 'sram', 'bus', 'router',
  'activation', 'maxPool', 'avgPool', 'residualAdd', 'requantize', 'digitalMac', 'offChipLink',
] as const;
export type TechKind = (typeof TECH_KINDS)[number];

const TECH_CURVES = [
  'adcEnergyPjVsBits', 'adcAreaUm2VsBits', 'adcPowerMwVsBitsHigh', 'crossbarPowerMwVsSize', 'dacPowerUwVsBits',
] as const;
type TechCurveName = (typeof TECH_CURVES)[number];

/** Programming cost of one ReRAM cell, charged when weights are (re)loaded (AERO's segments). */
const cellWriteEntry = z.strictObject({
  description: z.string(),
  energyPjPerCell: figure.meta({ description: 'energy to program one cell to its level, pJ' }),
  latencyPsPerRow: figure.meta({ description: 'time to program one crossbar row (its cells in parallel), ps' }),
});

/** On-chip wires priced by length: the tile bus (buffer to PEs) and the links between routers. A
 *  table without it prices those movements by its bus and router rows alone. */
const wireEntry = z.strictObject({
  description: z.string(),
  energyPjPerBitMm: figure.meta({ description: 'energy of one bit toggling one mm of repeated wire, pJ' }),
  toggleRate: figure.meta({ description: 'probability that a wire toggles when a bit is moved over it (0.5 for independent random words)' }),
});

export const techSchema = z.strictObject({
  $comment: z.string().optional(),
  name: z.string().min(1),
  nodeNm: z.number().positive(),
  description: z.string(),
  referenceClockHz: figure.meta({ description: 'clock at which digital powers were published; digital power scales with the clock' }),
  components: z.strictObject(Object.fromEntries(TECH_KINDS.map((k) => [k, componentEntry])) as Record<TechKind, typeof componentEntry>),
  curves: z.strictObject(Object.fromEntries(TECH_CURVES.map((k) => [k, curve])) as Record<TechCurveName, typeof curve>),
  cellWrite: cellWriteEntry.optional().meta({ description: 'cell programming cost; an arch may override it with its own cellWrite' }),
  wire: wireEntry.optional().meta({ description: 'wire energy by length, added to the bus and router rows (the tile side sets the lengths)' }),
});
export type TechTable = z.output<typeof techSchema>;
