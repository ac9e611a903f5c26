// What a crossbar layer's weight copy computes for one pixel, chosen by fidelity once per layer:
// `exact` takes the int8 kernel; `adc` the packed popcount path, or the int8 kernel where the ADC
// is lossless (it computes the same); `analog` each copy's packed path on its own conductances,
// with read noise drawn from `noise` (the caller owns its order). The engine and the functional
// chip both build their layers' kernels here.
import type { Arch } from '../../../hw/arch/schema.js';
import { adcLossless } from '../../../hw/arch/lossless.js';
import type { Fidelity } from '../context.js';
import type { CrossbarLayout } from '../layout.js';
import type { BitSerialParams } from './bitSerial.js';
import { accumulateExact, type ExactScratch } from './exact.js';
import type { AnalogParams } from './analog.js';
import type { ReadNoise } from './readNoise.js';
import { analogCopies } from './analogCopies.js';
import { archProgrammingKey } from './device.js';
import type { RowCodeCache } from './rowCodeCache.js';
import type { RowBatchSpec } from './rowBatch.js';
import { PackedAdcCrossbar } from './packedAdc.js';
import { gatherTaps } from './window.js';

/** Adds copy `copy`'s dot products of `window` (input zero point `zx`) into `acc`. */
export type CrossbarAccumulate = (copy: number, window: Int32Array, zx: number, acc: Int32Array) => void;

/** The chip's conversion as the bit-serial paths take it. */
function bitSerialParams(arch: Arch): BitSerialParams {
  const { crossbar, dac, adc } = arch.tile.pe;
  return {
    weightBits: arch.precision.weightBits, inputBits: arch.precision.inputBits, cellBits: crossbar.cellBits, dacBits: dac.bits,
    activeRows: crossbar.activeRows, adcBits: adc.bits, requiredBits: adcLossless(arch).requiredBits, encoding: arch.precision.weightEncoding,
    flip: adc.flipEncoding,
  };
}

/** CrossbarAccumulate with the window given as taps into the input (window.ts's pixelTaps: an
 *  index per tap, -1 for padding, which holds zx), for callers that gather many images' windows
 *  from one list of taps (the functional chip). */
type CrossbarTapAccumulate = (copy: number, input: Int8Array, taps: Int32Array, zx: number, acc: Int32Array) => void;

/** One pixel over a batch of images (at most ROW_BATCH_IMAGES): `start` each batch with its
 *  inputs and read-noise keys, then `pixel` returns the images' accumulators from the bias (image
 *  b's output channels at b x outChannels), valid until the next call; `requantized`: they hold
 *  the requantized outputs. */
interface CrossbarBatch {
  requantized: boolean;
  start(inputs: readonly Int8Array[], keys: readonly number[]): void;
  pixel(copy: number, taps: Int32Array, pixel: number): Int32Array;
}

/** crossbarKernel taking taps: the row kernel's copies gather straight into their memory, the
 *  other paths gather into a window and run as crossbarKernel does. With `batchSpec` (analog
 *  fidelity, where the row kernel serves), `batch` runs a pixel over a batch in one module call. */
export function crossbarTapKernel(
  layout: CrossbarLayout,
  scratch: ExactScratch,
  arch: Arch,
  fidelity: Fidelity,
  analog: AnalogParams,
  layer: number,
  noise: ReadNoise,
  /** Analog: the row kernel's codes kept across chips (rowCodeCache.ts). */
  codeCache?: RowCodeCache,
  batchSpec?: RowBatchSpec,
): { accumulate: CrossbarTapAccumulate; batch?: CrossbarBatch } {
  const window = new Int32Array(layout.patchLength);
  const gather = (input: Int8Array, taps: Int32Array, zx: number): Int32Array => gatherTaps(input, taps, zx, window);
  if (fidelity === 'analog') {
    const { rows } = arch.tile.pe.crossbar;
    const kept = codeCache && { cache: codeCache, device: archProgrammingKey(arch, analog) };
    const { copyOf, batch } = analogCopies(layout, bitSerialParams(arch), scratch.kernel, analog, layer, noise, rows, kept, batchSpec);
    const accumulate: CrossbarTapAccumulate = (copy, input, taps, zx, acc) => {
      const c = copyOf(copy);
      if (c.accumulateTaps !== undefined) c.accumulateTaps(input, taps, zx, acc);
      else c.accumulate(gather(input, taps, zx), zx, acc);
    };
    if (batch === undefined) return { accumulate };
    return {
      accumulate,
      batch: {
        requantized: batch.requantized,
        start: (inputs, keys) => batch.start(inputs, keys),
        pixel: (copy, taps, pixel) => {
          batch.setTaps(taps);
          return copyOf(copy).accumulateBatch!(batch, pixel);
        },
      },
    };
  }
  const kernel = crossbarKernel(layout, scratch, arch, fidelity, analog, layer, noise);
  return { accumulate: (copy, input, taps, zx, acc) => kernel(copy, gather(input, taps, zx), zx, acc) };
}

export function crossbarKernel(
  layout: CrossbarLayout,
  scratch: ExactScratch,
  arch: Arch,
  fidelity: Fidelity,
  analog: AnalogParams,
  layer: number,
  noise: ReadNoise,
): CrossbarAccumulate {
  if (fidelity === 'analog') {
    const { copyOf } = analogCopies(layout, bitSerialParams(arch), scratch.kernel, analog, layer, noise, arch.tile.pe.crossbar.rows);
    return (copy, window, zx, acc) => copyOf(copy).accumulate(window, zx, acc);
  }
  if (fidelity === 'adc' && !adcLossless(arch).lossless) {
    const packed = new PackedAdcCrossbar(layout, bitSerialParams(arch), scratch.kernel);
    return (_copy, window, zx, acc) => packed.accumulate(window, zx, acc);
  }
  return (_copy, window, zx, acc) => accumulateExact(layout, window, zx, acc, scratch);
}
