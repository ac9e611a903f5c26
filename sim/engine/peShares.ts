// What one pixel of a weight copy asks of each PE its crossbars sit in, read off the engine's own
// layout: copies fill consecutive crossbars from the layer's first PE in layout order (as
// spans.ts places them). Per PE: how long its crossbars and its ADCs are busy when nothing
// contends, and, per ADC group (crossbars sharing one ADC when ADCs span crossbars), the columns it
// converts in each read round. The crossbar layer times pixels with this and hands it to the trace,
// which draws it and derives nothing.
import type { Arch } from '../../hw/arch/schema.js';
import { conversionPs, columnsOnBusiestAdc, crossbarsPerAdc, groupRoundColumns, inputBitPlanes, readStepPs, sharedRoundPs, type ReadShape } from '../../hw/timing.js';
import type { Block } from './layout.js';

/** The crossbars of one copy that share one ADC of a PE (ADCs spanning crossbars only). */
export interface AdcGroupWork {
  /** The ADC within its PE. */
  adc: number;
  /** Columns the ADC converts in each read round of one input bit-plane. */
  roundColumns: number[];
}

export interface PeShare {
  /** Global PE index (tile x peCount + PE in tile), its tile and its index in the tile. */
  pe: number;
  tile: number;
  local: number;
  /** Per pixel, with no contention: the PE's crossbars busy, and its ADCs converting, ps. */
  crossbarPs: number;
  adcPs: number;
  /** Its ADC groups, when ADCs span crossbars; empty when each ADC serves one crossbar. */
  groups: AdcGroupWork[];
}

/** Each copy's PE shares, copies filling consecutive crossbars from `firstCrossbar`. */
export function copyPeShares(arch: Arch, blocks: readonly Block[], copies: number, firstCrossbar: number, pixelPs: number): PeShare[][] {
  const { crossbar } = arch.tile.pe;
  const perPe = crossbar.count;
  const perAdc = crossbarsPerAdc(arch);
  const planes = inputBitPlanes(arch);
  const out: PeShare[][] = [];
  for (let c = 0; c < copies; c++) {
    const pes = new Map<number, PeShare>();
    const groups = new Map<number, ReadShape[]>();
    blocks.forEach((b, k) => {
      const x = firstCrossbar + c * blocks.length + k;
      const global = Math.floor(x / perPe);
      let share = pes.get(global);
      if (share === undefined) {
        share = { pe: global, tile: Math.floor(global / arch.tile.peCount), local: global % arch.tile.peCount, crossbarPs: 0, adcPs: 0, groups: [] };
        pes.set(global, share);
      }
      if (perAdc > 1) {
        const g = Math.floor(x / perAdc);
        if (!groups.has(g)) groups.set(g, []);
        groups.get(g)!.push(b);
        return;
      }
      // A private ADC: the slowest crossbar of the PE sets its busy time (never past the pixel).
      const convPs = conversionPs(arch, columnsOnBusiestAdc(arch, b.usedCols));
      share.crossbarPs = Math.min(pixelPs, Math.max(share.crossbarPs, planes * b.readsPerPlane * readStepPs(arch, b.usedCols)));
      share.adcPs = Math.min(pixelPs, Math.max(share.adcPs, planes * b.readsPerPlane * convPs));
    });
    for (const [g, shapes] of groups) {
      const share = pes.get(Math.floor((g * perAdc) / perPe))!;
      const roundColumns = groupRoundColumns(shapes);
      let roundsPs = 0;
      let convertPs = 0;
      for (const columns of roundColumns) {
        roundsPs += sharedRoundPs(arch, columns);
        convertPs += conversionPs(arch, columns);
      }
      share.groups.push({ adc: g - share.pe * (perPe / perAdc), roundColumns });
      share.crossbarPs = Math.max(share.crossbarPs, planes * roundsPs);
      share.adcPs = Math.max(share.adcPs, planes * convertPs);
    }
    out.push([...pes.values()]);
  }
  return out;
}
