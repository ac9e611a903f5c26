// Top-1 accuracy of one chip design on labelled images, for a search that must keep only accurate
// designs (explore --min-accuracy). It runs the functional chip in adc fidelity in this thread.
// Designs that convert alike score alike, so results are cached by the chip's conversion (the ADC
// model and every layer's read plan: in adc fidelity they fix the outputs, as the ADC-aware
// reference shows); a lossless design scores what the integer reference scores.
import type { Arch } from '../../hw/arch/schema.js';
import { crossbarConversion } from '../../hw/mapping/conversion.js';
import { mapNetwork } from '../../hw/mapping/mapNetwork.js';
import type { MapOptions } from '../../hw/mapping/types.js';
import type { LabeledSet } from '../../workloads/datasets/labeled.js';
import type { Network } from '../../workloads/ir/types.js';
import { runReference } from '../../workloads/reference/index.js';
import { FunctionalChip } from '../functional/chip.js';
import { countHits } from './topk.js';

interface DesignTop1Meter {
  /** Top-1 of the design, a fraction in [0, 1]. */
  top1(arch: Arch, options: MapOptions): number;
  /** Chips actually run (cache misses), not counting the reference. */
  readonly chipsRun: number;
}

export function designTop1Meter(net: Network, data: LabeledSet): DesignTop1Meter {
  const n = data.images.length;
  const byConversion = new Map<string, number>();
  let reference: number | undefined;
  const meter = {
    chipsRun: 0,
    top1(arch: Arch, options: MapOptions): number {
      const mapped = mapNetwork(net, arch, options);
      const conversion = crossbarConversion(arch, mapped);
      if (conversion === undefined) {
        reference ??= countHits(data.images.map((x) => runReference(net, x).output.data), data.labels).top1 / n;
        return reference;
      }
      const key = JSON.stringify([conversion.model, [...conversion.plans]]);
      let top1 = byConversion.get(key);
      if (top1 === undefined) {
        const chip = new FunctionalChip(net, mapped, arch, { fidelity: 'adc' });
        top1 = countHits(data.images.map((x, i) => chip.run(x, i)), data.labels).top1 / n;
        byConversion.set(key, top1);
        meter.chipsRun++;
      }
      return top1;
    },
  };
  return meter;
}
