// Chip roll-up: area, peak power and leakage per PE, per tile and per chip, with a breakdown by
// component kind, computed as counts x unit figures from the tech table (never stored totals);
// plus peak throughput (1 MAC = 2 ops) and efficiency. Peak power assumes every unit busy.
import type { TechTable } from '../tech/schema.js';
import { loadTech } from '../tech/load.js';
import {
  activationCost, adcCost, bufferCost, busCost, crossbarCost, dacCost, digitalMacCost, offChipLinkCost,
  poolCost, registerCost, requantizeCost, residualAddCost, routerCost, sampleHoldCost, shiftAddCost,
  type ComponentCost,
} from '../components/index.js';
import { wireBitPj } from '../components/wire.js';
import type { Arch } from './schema.js';
import { peakMacsPerSecond } from './derived.js';

/** Breakdown keys: one per component kind (hw/components has a file for each). */
export const COMPONENT_KINDS = [
  'crossbar', 'dac', 'sampleHold', 'adc', 'shiftAdd', 'register', 'buffer', 'bus', 'router',
  'activation', 'pool', 'residualAdd', 'requantize', 'digitalMac', 'offChipLink',
] as const;
export type ComponentKind = (typeof COMPONENT_KINDS)[number];

export type Level = 'pe' | 'tile' | 'chip';

/** One line of the roll-up: `count` units of one component inside one parent (PE, tile, chip). */
export interface RollupItem {
  level: Level;
  kind: ComponentKind;
  label: string;
  /** Units per parent; fractional for a shared router (1 / tilesPerRouter per tile). */
  count: number;
  unit: ComponentCost;
  areaMm2: number;
  powerMw: number;
  leakageMw: number;
}

export interface Breakdown {
  areaMm2: Record<ComponentKind, number>;
  powerMw: Record<ComponentKind, number>;
}

export interface LevelTotals {
  areaMm2: number;
  powerMw: number;
  leakageMw: number;
  /** Everything inside this level, by component kind (a tile includes its PEs). */
  breakdown: Breakdown;
  /** The lines of this level itself; a tile's PEs appear as their own level. */
  items: RollupItem[];
}

export interface ChipTotals {
  arch: string;
  tech: string;
  counts: { tiles: number; pesPerTile: number; crossbars: number; routers: number };
  pe: LevelTotals;
  tile: LevelTotals;
  chip: LevelTotals;
  areaMm2: number;
  powerMw: number;
  powerW: number;
  peakMacsPerSecond: number;
  peakTops: number;
  peakTopsPerW: number;
  peakTopsPerMm2: number;
}

function emptyRecord(): Record<ComponentKind, number> {
  // A loop, not Object.fromEntries: the search rolls up a dozen chips per design point.
  const r = {} as Record<ComponentKind, number>;
  for (const k of COMPONENT_KINDS) r[k] = 0;
  return r;
}

function item(level: Level, kind: ComponentKind, label: string, count: number, unit: ComponentCost): RollupItem {
  return { level, kind, label, count, unit, areaMm2: count * unit.areaMm2, powerMw: count * unit.peakPowerMw, leakageMw: count * unit.leakageMw };
}

/** Sums own items plus `children` copies of a child level. */
function total(items: RollupItem[], child?: { totals: LevelTotals; copies: number }): LevelTotals {
  const breakdown: Breakdown = { areaMm2: emptyRecord(), powerMw: emptyRecord() };
  let areaMm2 = 0;
  let powerMw = 0;
  let leakageMw = 0;
  if (child) {
    for (const kind of COMPONENT_KINDS) {
      breakdown.areaMm2[kind] += child.copies * child.totals.breakdown.areaMm2[kind];
      breakdown.powerMw[kind] += child.copies * child.totals.breakdown.powerMw[kind];
    }
    areaMm2 += child.copies * child.totals.areaMm2;
    powerMw += child.copies * child.totals.powerMw;
    leakageMw += child.copies * child.totals.leakageMw;
  }
  for (const it of items) {
    breakdown.areaMm2[it.kind] += it.areaMm2;
    breakdown.powerMw[it.kind] += it.powerMw;
    areaMm2 += it.areaMm2;
    powerMw += it.powerMw;
    leakageMw += it.leakageMw;
  }
  return { areaMm2, powerMw, leakageMw, breakdown, items };
}

/** The lines of one PE. */
function peItems(arch: Arch, tech: TechTable): RollupItem[] {
  const { pe } = arch.tile;
  const clockHz = arch.clockHz;
  return [
    item('pe', 'crossbar', `crossbar ${pe.crossbar.rows}x${pe.crossbar.cols}`, pe.crossbar.count, crossbarCost(pe.crossbar, tech)),
    item('pe', 'dac', `DAC ${pe.dac.bits} b`, pe.dac.count, dacCost(pe.dac, tech)),
    item('pe', 'sampleHold', 'sample-and-hold', pe.sampleHold.count, sampleHoldCost(tech)),
    item('pe', 'adc', `ADC ${pe.adc.bits} b`, pe.adc.count, adcCost(pe.adc, tech)),
    item('pe', 'shiftAdd', 'shift-and-add', pe.shiftAdd.count, shiftAddCost({ clockHz }, tech)),
    item('pe', 'register', 'input register', 1, registerCost({ sizeBytes: pe.inputRegister.sizeBytes, clockHz }, tech)),
    item('pe', 'register', 'output register', 1, registerCost({ sizeBytes: pe.outputRegister.sizeBytes, clockHz }, tech)),
  ];
}

/** Wire lengths a bit crosses, mm: the tile bus (one tile side) and a hop between routers (one
 *  router pitch, the side of the tiles a router serves). Zero when the table has no wire model. */
export interface WireLengths {
  busMm: number;
  hopMm: number;
}

const NO_WIRES: WireLengths = { busMm: 0, hopMm: 0 };

/** `pe`: the PE level's totals when the caller has them (chipTotals), else computed here. */
export function wireLengthsMm(arch: Arch, tech: TechTable, pe?: LevelTotals): WireLengths {
  if (tech.wire === undefined) return NO_WIRES;
  // Wires add energy, not area: the tile's area is the same with or without them.
  const tileAreaMm2 = total(tileItems(arch, tech, NO_WIRES), { totals: pe ?? total(peItems(arch, tech)), copies: arch.tile.peCount }).areaMm2;
  return { busMm: Math.sqrt(tileAreaMm2), hopMm: Math.sqrt(tileAreaMm2 * arch.noc.tilesPerRouter) };
}

/** The tile bus: its row's figures plus the wire a bit crosses (every wire moving a bit each cycle at peak). */
export function busUnitCost(arch: Arch, tech: TechTable, wires: WireLengths = wireLengthsMm(arch, tech)): ComponentCost {
  const { widthBits } = arch.tile.bus;
  const base = busCost({ widthBits, clockHz: arch.clockHz }, tech);
  const bitPj = wireBitPj(tech, wires.busMm);
  return { ...base, energyPjPerOp: base.energyPjPerOp + bitPj, peakPowerMw: base.peakPowerMw + widthBits * bitPj * arch.clockHz * 1e-9 };
}

/** A router: its row's figures plus a flit's link to the next router (every link port busy at peak). */
export function routerUnitCost(arch: Arch, tech: TechTable, wires: WireLengths = wireLengthsMm(arch, tech)): ComponentCost {
  const { noc } = arch;
  const base = routerCost({ flitBits: noc.flitBits, ports: noc.routerPorts, clockHz: arch.clockHz }, tech);
  const flitPj = noc.flitBits * wireBitPj(tech, wires.hopMm);
  // The local port feeds the tile, not a link.
  const linkPorts = Math.max(1, noc.routerPorts - 1);
  return { ...base, energyPjPerOp: base.energyPjPerOp + flitPj, peakPowerMw: base.peakPowerMw + linkPorts * flitPj * arch.clockHz * 1e-9 };
}

/** The lines of one tile (its PEs excluded; they are `peCount` copies of the PE level). */
function tileItems(arch: Arch, tech: TechTable, wires: WireLengths = wireLengthsMm(arch, tech)): RollupItem[] {
  const { tile, clockHz } = arch;
  const d = tile.digital;
  const items = [
    item('tile', 'buffer', `input buffer ${tile.inputBuffer.kind}`, 1, bufferCost({ ...tile.inputBuffer, clockHz }, tech)),
    item('tile', 'buffer', `output buffer ${tile.outputBuffer.kind}`, 1, bufferCost({ ...tile.outputBuffer, clockHz }, tech)),
    item('tile', 'bus', `bus ${tile.bus.widthBits} wires`, 1, busUnitCost(arch, tech, wires)),
    item('tile', 'router', `router share (1/${arch.noc.tilesPerRouter})`, 1 / arch.noc.tilesPerRouter, routerUnitCost(arch, tech, wires)),
    item('tile', 'activation', 'activation', d.activation.count, activationCost({ clockHz }, tech)),
    item('tile', 'pool', 'max pool', d.maxPool.count, poolCost({ kind: 'max', clockHz }, tech)),
    item('tile', 'pool', 'avg pool', d.avgPool.count, poolCost({ kind: 'avg', clockHz }, tech)),
    item('tile', 'residualAdd', 'residual add', d.residualAdd.count, residualAddCost({ clockHz }, tech)),
    item('tile', 'requantize', 'requantize', d.requantize.count, requantizeCost({ clockHz }, tech)),
    item('tile', 'shiftAdd', 'shift-and-add', d.shiftAdd.count, shiftAddCost({ clockHz }, tech)),
  ];
  const mac = tile.digitalMacPes;
  if (mac && mac.count > 0) {
    items.push(item('tile', 'digitalMac', `digital MAC lanes (${mac.count} PEs x ${mac.macsPerCycle})`, mac.count * mac.macsPerCycle,
      digitalMacCost({ operandBits: mac.operandBits, clockHz }, tech)));
  }
  return items;
}

/** The PE and tile levels and the wire lengths: all of the roll-up but the chip level. They read
 *  no chip-level field (chip.*, noc.rows, noc.cols), so chips differing only in those share them. */
export interface TileLevels {
  pe: LevelTotals;
  wires: WireLengths;
  tile: LevelTotals;
}

export function tileLevels(arch: Arch, tech: TechTable): TileLevels {
  const pe = total(peItems(arch, tech));
  const wires = wireLengthsMm(arch, tech, pe);
  const tile = total(tileItems(arch, tech, wires), { totals: pe, copies: arch.tile.peCount });
  return { pe, wires, tile };
}

/**
 * Area and peak power of the chip. The tile level includes its share of a router (ISAAC prints
 * tile totals that way); the chip level counts whole routers (noc.rows x noc.cols, all present
 * even if a mesh is not full) and the off-chip links. `levels`: the arch's tileLevels, when the
 * caller has them (a search sizing one tile design's chip).
 */
export function chipTotals(arch: Arch, tech: TechTable = loadTech(arch.tech), levels: TileLevels = tileLevels(arch, tech)): ChipTotals {
  const { pe, wires, tile } = levels;
  const routers = arch.noc.rows * arch.noc.cols;
  const routerItem = tile.items.find((it) => it.kind === 'router')!;
  // Chip = tiles x (tile without its router share) + whole routers + links.
  const tileWithoutRouter: LevelTotals = {
    ...tile,
    areaMm2: tile.areaMm2 - routerItem.areaMm2,
    powerMw: tile.powerMw - routerItem.powerMw,
    leakageMw: tile.leakageMw - routerItem.leakageMw,
    breakdown: {
      areaMm2: { ...tile.breakdown.areaMm2, router: 0 },
      powerMw: { ...tile.breakdown.powerMw, router: 0 },
    },
  };
  const chip = total(
    [
      item('chip', 'router', 'routers', routers, routerUnitCost(arch, tech, wires)),
      item('chip', 'offChipLink', `${arch.chip.offChipLinks.kind} links`, arch.chip.offChipLinks.count, offChipLinkCost(tech)),
    ],
    { totals: tileWithoutRouter, copies: arch.chip.tiles },
  );
  const peakMacs = peakMacsPerSecond(arch);
  const peakTops = (2 * peakMacs) / 1e12;
  const powerW = chip.powerMw / 1e3;
  return {
    arch: arch.name,
    tech: tech.name,
    counts: { tiles: arch.chip.tiles, pesPerTile: arch.tile.peCount, crossbars: arch.chip.tiles * arch.tile.peCount * arch.tile.pe.crossbar.count, routers },
    pe,
    tile,
    chip,
    areaMm2: chip.areaMm2,
    powerMw: chip.powerMw,
    powerW,
    peakMacsPerSecond: peakMacs,
    peakTops,
    peakTopsPerW: peakTops / powerW,
    peakTopsPerMm2: peakTops / chip.areaMm2,
  };
}
