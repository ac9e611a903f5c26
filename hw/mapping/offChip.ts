// Off-chip links for parked tensors (weight reloading): how many links carry them and at what rate,
// from the arch's chip.offChipLinks and the tech table's per-link bandwidth. A chip with no links
// (the default preset: NeuroSim's totals leave chip I/O out) is timed as if it had one, with a
// warning, so reloading still runs; its area and power stay out of the roll-up.
import { OhmflowError } from '../../workloads/errors.js';
import type { Arch } from '../arch/schema.js';
import type { TechTable } from '../tech/schema.js';
import type { MappedNetwork, PipelineEdge, Segment } from './types.js';

export function offChipLinks(arch: Arch, tech: TechTable): MappedNetwork['offChip'] {
  const row = tech.components.offChipLink.rows[0];
  const bw = row.bandwidthBytesPerS;
  if (bw === undefined || bw.value <= 0) {
    throw new OhmflowError(`tech table "${tech.name}" states no offChipLink bandwidth`, {
      field: 'components.offChipLink.rows[0].bandwidthBytesPerS', fix: 'add bandwidthBytesPerS { value, source } to the table\'s offChipLink row',
    });
  }
  const links = arch.chip.offChipLinks.count;
  const timedLinks = Math.max(1, links);
  return {
    kind: arch.chip.offChipLinks.kind,
    links,
    timedLinks,
    assumed: links === 0,
    linkBandwidthBytesPerS: bw.value,
    bandwidthBytesPerS: timedLinks * bw.value,
    source: `tech ${tech.name}: offChipLink (${bw.source})`,
  };
}

/** The warning a reloading mapping carries when the arch has no off-chip links. */
export function assumedLinkWarning(o: MappedNetwork['offChip']): string {
  return `chip.offChipLinks.count is 0 but reloading parks tensors off chip: timed and charged as 1 ${o.kind} link (${o.linkBandwidthBytesPerS / 1e9} GB/s each way); its area and power are not in the roll-up (set chip.offChipLinks.count to cost them)`;
}

/** Parked bits per image into (read back) and out of (written out) each segment: every edge that
 *  crosses segments moves its producer's output once each way (as the off-chip energy counts it). */
export function parkedBits(edges: readonly PipelineEdge[], segmentOf: ReadonlyMap<string, number>, segments: number): Array<Pick<Segment, 'parkedInBits' | 'parkedOutBits'>> {
  const out = Array.from({ length: segments }, () => ({ parkedInBits: 0, parkedOutBits: 0 }));
  for (const e of edges) {
    if (!e.crossesSegment) continue;
    out[segmentOf.get(e.from)!].parkedOutBits += e.bits;
    out[segmentOf.get(e.to)!].parkedInBits += e.bits;
  }
  return out;
}

/** Time to move `bits` over the links in one direction, striped over all of them, ps (whole ps). */
export function offChipTransferPs(bits: number, bandwidthBytesPerS: number): number {
  return Math.ceil((bits * 1e12) / (8 * bandwidthBytesPerS));
}
