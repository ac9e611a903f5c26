// The ADC-aware conv2d on the reference's own WebAssembly kernel (wasm/adcModule.ts), 16 output
// pixels at a time: the block's patches as a plane matrix (one byte per DAC plane and pixel), each
// output channel as a program of row lists (adcProgram.ts: the rows whose stored level has cell
// bit k, per read and weight slice), and every conversion done in u8/i16 lanes. Flip encoding's
// L x (input units) term and the offsets are added here.
// Gives adcAware.ts's scalar outputs bit for bit: every sum is an exact integer, and the int32
// sums wrap modulo 2^32 as the scalar path's final | 0 does.
import { layerRequantizers, requantize } from '../quant/requantize.js';
import { gatherPatch, patchGeometry } from './patch.js';
import { readsOf, type AdcModel, type ReadPlan } from './adcAware.js';
import { ProgramWriter, type ChannelProgram } from './adcProgram.js';
import { PlaneRows } from './adcPlaneRows.js';
import { ADC_PIXELS } from './wasm/adcModule.js';
import { ensureBytes } from './wasm/api.js';
import { kernelFor, kernelTerms } from './adcKernel.js';
import type { Conv2dLayer, Shape, Tensor } from '../ir/types.js';

/** Program words held at once (4 bytes each): channels are programmed in chunks of about this many. */
const PROGRAM_WORDS = 12 * 1024 * 1024;

/** conv2d through the chip's conversions on the kernel, or undefined when it cannot run this chip (the caller runs adcConv2d). */
export function adcConv2dFast(layer: Conv2dLayer, input: Tensor, outShape: Shape, m: AdcModel, plan: ReadPlan): Tensor | undefined {
  const terms = kernelTerms(m, plan);
  if (terms === undefined) return undefined;
  const kernel = kernelFor(terms.planes, m.cellBits, terms.wide, terms.nibbleRows ? 'nibbles' : 'bits');
  if (kernel === null) return undefined;
  const { planes, half, shift, top, nibbleRows } = terms;
  const [outC, outH, outW] = outShape;
  const g = patchGeometry(layer, input.shape);
  const ocPerGroup = outC / layer.groups;
  const taps = g.icPerGroup * g.kh * g.kw;
  const pixels = outH * outW;
  const zx = input.quant.zeroPoint;
  const reads = readsOf(layer, input.shape[0], plan);
  const rq = layerRequantizers(layer, input.quant.scale);
  const zps = layer.weightQuant.zeroPoints;
  const rowBytes = (nibbleRows ? planes / 2 : planes) * ADC_PIXELS;
  const inputOffset = 2 ** (m.inputBits - 1);
  const B = inputOffset + zx;
  const differential = m.encoding === 'differential';
  const out = new Int8Array(outC * pixels);

  for (let group = 0; group < layer.groups; group++) {
    // The group's reads (every channel of a group has the same): each patch position's read.
    const groupReads = reads[group * ocPerGroup];
    const readOf = new Int32Array(taps);
    groupReads.forEach((read, r) => {
      for (let i = 0; i < read.length; i++) readOf[read.start + i * read.stride] = r;
    });
    const rows = new PlaneRows(m, planes, nibbleRows, taps, m.flip ? readOf : undefined, groupReads.length);
    const writer = new ProgramWriter(m, groupReads, rowBytes);
    // Memory: the plane rows, the sums, then the programs of a chunk of channels.
    const outByte = taps * rowBytes;
    const programByte = outByte + 4 * ADC_PIXELS;
    for (let oc0 = group * ocPerGroup; oc0 < (group + 1) * ocPerGroup;) {
      const chunk: (ChannelProgram & { oc: number })[] = [];
      let at = programByte / 4;
      while (oc0 < (group + 1) * ocPerGroup && (chunk.length === 0 || at - programByte / 4 < PROGRAM_WORDS)) {
        ensureBytes(kernel.memory, 4 * (at + writer.maxWords));
        const weights = layer.weights.subarray(oc0 * taps, (oc0 + 1) * taps);
        const program = writer.write(weights, zps[zps.length > 1 ? oc0 : 0], new Int32Array(kernel.memory.buffer), at);
        chunk.push({ ...program, oc: oc0 });
        at = program.end;
        oc0++;
      }
      const buffer = kernel.memory.buffer;
      const q32 = new Uint32Array(buffer, 0, (taps * rowBytes) / 4);
      const sums = new Int32Array(buffer, outByte, ADC_PIXELS);

      for (let p0 = 0; p0 < pixels; p0 += ADC_PIXELS) {
        const count = Math.min(ADC_PIXELS, pixels - p0);
        for (let j = 0; j < count; j++) {
          const oy = Math.floor((p0 + j) / outW);
          // Padding holds the input zero point, as the chip's line buffers do.
          gatherPatch(input.data, g, group, oy, p0 + j - oy * outW, zx, rows.patches, j * taps);
        }
        rows.build(count, q32);
        const { sumU, readUnits } = rows;
        for (const { oc, at: prog, segments, flipWeight, weightSum } of chunk) {
          kernel.adc(4 * prog, segments, 0, outByte, half, shift, top);
          const bias = layer.bias[oc];
          const A = 2 ** (m.weightBits - 1) + zps[zps.length > 1 ? oc : 0];
          for (let j = 0; j < count; j++) {
            let su = sums[j];
            if (m.flip) for (let r = 0; r < flipWeight.length; r++) su += flipWeight[r] * readUnits[r * ADC_PIXELS + j];
            const dot = differential ? su - B * weightSum : su - B * weightSum - A * sumU[j] + taps * A * B;
            out[oc * pixels + p0 + j] = requantize((bias + dot) | 0, rq[oc]);
          }
        }
      }
    }
  }
  return { shape: outShape, data: out, quant: layer.outQuant };
}
