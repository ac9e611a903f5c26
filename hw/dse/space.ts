// The component-allocation space of the evolutionary search (PIMSYN's design space plus ADC
// sharing, activeRows and buffers) and how a point of it becomes a valid Arch. The ADC resolution
// is derived (minimum lossless bits) unless the caller fixes it.
import type { SeededRandom } from '../../workloads/random.js';
import { losslessAdcBits } from '../arch/lossless.js';
import type { Arch } from '../arch/schema.js';

/** Allowed values per gene; a genome stores an index into each list. */
const GENE_CHOICES = {
  crossbarSize: [128, 256, 512],
  cellBits: [1, 2, 4],
  dacBits: [1, 2, 4],
  /** activeRows as a fraction of rows: fewer rows per read make a smaller ADC lossless. */
  activeRowsDiv: [1, 2, 4, 8],
  columnsPerAdc: [8, 16, 32, 64, 128],
  crossbarsPerPe: [2, 4, 8, 16],
  pesPerTile: [4, 8, 12, 16],
  inputBufferKb: [32, 64, 128],
  /** Share of the budget spent on tiles (PIMSYN varies the power share of crossbars). */
  budgetShare: [0.25, 0.5, 0.75, 1],
} as const;

export type GeneName = keyof typeof GENE_CHOICES;
const GENE_NAMES = Object.keys(GENE_CHOICES) as GeneName[];
export type Genome = Record<GeneName, number>;

export function geneValue(g: Genome, name: GeneName): number {
  return GENE_CHOICES[name][g[name]];
}

export function genomeKey(g: Genome): string {
  return GENE_NAMES.map((n) => g[n]).join('.');
}

export function randomGenome(rng: SeededRandom): Genome {
  return Object.fromEntries(GENE_NAMES.map((n) => [n, rng.nextInt(0, GENE_CHOICES[n].length - 1)])) as Genome;
}

/** The genome closest to `arch` (used to seed the population with the base design). */
export function genomeNear(arch: Arch): Genome {
  const pe = arch.tile.pe;
  const nearest = (name: GeneName, v: number) => {
    const c = GENE_CHOICES[name] as readonly number[];
    let best = 0;
    c.forEach((x, i) => { if (Math.abs(x - v) < Math.abs(c[best] - v)) best = i; });
    return best;
  };
  return {
    crossbarSize: nearest('crossbarSize', pe.crossbar.rows),
    cellBits: nearest('cellBits', pe.crossbar.cellBits),
    dacBits: nearest('dacBits', pe.dac.bits),
    activeRowsDiv: nearest('activeRowsDiv', pe.crossbar.rows / pe.crossbar.activeRows),
    columnsPerAdc: nearest('columnsPerAdc', pe.adc.columnsPerAdc),
    crossbarsPerPe: nearest('crossbarsPerPe', pe.crossbar.count),
    pesPerTile: nearest('pesPerTile', arch.tile.peCount),
    inputBufferKb: nearest('inputBufferKb', arch.tile.inputBuffer.sizeBytes / 1024),
    budgetShare: GENE_CHOICES.budgetShare.length - 1,
  };
}

/** Uniform crossover then per-gene mutation with probability `rate`. */
export function breed(a: Genome, b: Genome, rng: SeededRandom, rate: number): Genome {
  const child = {} as Genome;
  for (const n of GENE_NAMES) {
    child[n] = rng.nextFloat() < 0.5 ? a[n] : b[n];
    if (rng.nextFloat() < rate) {
      // Step to a neighbouring choice most of the time: nearby designs cost alike.
      const max = GENE_CHOICES[n].length - 1;
      child[n] = rng.nextFloat() < 0.7 ? Math.max(0, Math.min(max, child[n] + (rng.nextFloat() < 0.5 ? -1 : 1))) : rng.nextInt(0, max);
    }
  }
  return child;
}

/** Mesh rows x cols of routers for `tiles` tiles at `tilesPerRouter` each (near square). */
export function meshFor(tiles: number, tilesPerRouter: number): { rows: number; cols: number } {
  const routers = Math.ceil(tiles / tilesPerRouter);
  const cols = Math.ceil(Math.sqrt(routers));
  return { rows: Math.ceil(routers / cols), cols };
}

interface BuildOptions {
  /** Fixed ADC bits instead of the minimum lossless resolution. */
  adcBits?: number;
}

/**
 * The base chip with the genome's components and `tiles` tiles. Precision, tech, clock, NoC kind,
 * digital units and converter speeds come from the base; counts that follow from the genome
 * (DACs, ADCs, sample-and-holds, registers) are derived so every cross-field rule holds.
 */
export function buildArch(base: Arch, g: Genome, tiles: number, opts: BuildOptions = {}): Arch {
  const size = geneValue(g, 'crossbarSize');
  const cellBits = Math.min(geneValue(g, 'cellBits'), base.precision.weightBits);
  const dacBits = Math.min(geneValue(g, 'dacBits'), base.precision.inputBits);
  const activeRows = Math.max(1, size / geneValue(g, 'activeRowsDiv'));
  const columnsPerAdc = Math.min(geneValue(g, 'columnsPerAdc'), size);
  const count = geneValue(g, 'crossbarsPerPe');
  const flip = base.tile.pe.adc.flipEncoding;
  const adcBits = opts.adcBits ?? losslessAdcBits(activeRows, cellBits, dacBits, flip);
  const adcCount = Math.ceil((count * size) / columnsPerAdc);
  const mesh = meshFor(tiles, base.noc.tilesPerRouter);
  const routers = mesh.rows * mesh.cols;
  const pe = base.tile.pe;
  return {
    ...base,
    name: 'dse-best',
    description: `found by ohmflow explore: ${tiles} tiles x ${geneValue(g, 'pesPerTile')} PEs x ${count} crossbars ${size}x${size}, ${cellBits}-bit cells, ${dacBits}-bit DACs, ${adcBits}-bit ADCs`,
    notes: [`derived from preset ${base.name}; ADC bits ${opts.adcBits === undefined ? 'minimum lossless for the active rows, cell and DAC bits' : 'fixed by the user'}`],
    chip: { ...base.chip, tiles },
    noc: { ...base.noc, ...mesh, routerPorts: Math.max(base.noc.routerPorts, base.noc.tilesPerRouter + (routers > 1 ? 1 : 0)) },
    tile: {
      ...base.tile,
      peCount: geneValue(g, 'pesPerTile'),
      pe: {
        ...pe,
        crossbar: { ...pe.crossbar, count, rows: size, cols: size, cellBits, activeRows },
        // One DAC per active row of every crossbar, so all crossbars of a PE read at once.
        dac: { bits: dacBits, count: count * activeRows },
        sampleHold: { count: count * size },
        adc: { ...pe.adc, bits: adcBits, count: adcCount, columnsPerAdc },
        shiftAdd: { count: Math.max(1, Math.ceil(adcCount / 2)) },
        // Inputs of one read for every crossbar: rows x inputBits bits each (ISAAC: 8 x 128 x 16 b = 2 KB).
        inputRegister: { sizeBytes: Math.ceil((count * size * base.precision.inputBits) / 8) },
      },
      inputBuffer: { ...base.tile.inputBuffer, sizeBytes: geneValue(g, 'inputBufferKb') * 1024 },
    },
  };
}
