// The ADC-aware conv kernel's plane rows (wasm/adcModule.ts): for 16 output pixels, per patch
// position, DAC plane b of each pixel's u = x + 2^(inputBits-1) as one byte, planes one after the
// other (16 bytes each), or with 1-bit planes two to a byte (plane v and v + planes/2 in its low
// and high nibble). Written four pixels at a time: their u's bytes side by side in one word,
// then a plane of all four is one shift and mask (a plane never straddles bytes: dacBits divides 8).
// Also the sums the driver adds outside the kernel: each pixel's u over the patch and, for flip
// encoding, over each read's rows.
import { ADC_PIXELS } from './wasm/adcModule.js';
import type { AdcModel } from './adcAware.js';

export class PlaneRows {
  /** Per pixel: the sum of u over the patch. */
  readonly sumU = new Float64Array(ADC_PIXELS);
  /** Per read and pixel (read-major): u summed over the read's rows (flip encoding's input units). */
  readonly readUnits: Float64Array;
  /** Per pixel, its patch of int8 codes (in the weights' tap order): filled by the caller. */
  readonly patches: Int32Array;
  private readonly u = new Int32Array(ADC_PIXELS);
  private readonly inputOffset: number;
  private readonly bytes: number;
  private readonly dacBits: number;
  private readonly planeMask: number;
  private readonly unitMask: number;

  /** Per plane: its word for the current four pixels. */
  private readonly planeWords: Int32Array;

  constructor(
    m: AdcModel, private readonly planes: number, private readonly nibbleRows: boolean, private readonly taps: number,
    private readonly readOf: Int32Array | undefined, reads: number,
  ) {
    this.planeWords = new Int32Array(planes);
    this.inputOffset = 2 ** (m.inputBits - 1);
    this.dacBits = m.dacBits;
    this.bytes = Math.ceil((planes * m.dacBits) / 8);
    // One plane's mask in each byte of a word.
    this.planeMask = (2 ** m.dacBits - 1) * 0x01010101;
    this.unitMask = 2 ** (planes * m.dacBits) - 1;
    this.readUnits = new Float64Array(readOf === undefined ? 0 : reads * ADC_PIXELS);
    this.patches = new Int32Array(ADC_PIXELS * taps);
  }

  /** Writes the plane rows of the first `count` pixels' patches into q32 (the kernel's memory at byte 0), and the sums. */
  build(count: number, q32: Uint32Array): void {
    const { taps, planes, patches, u, inputOffset, readOf, readUnits, sumU } = this;
    const vectors = this.nibbleRows ? planes / 2 : planes;
    const rowWords = (vectors * ADC_PIXELS) / 4;
    const planeWords = this.planeWords;
    sumU.fill(0);
    readUnits.fill(0);
    for (let t = 0; t < taps; t++) {
      for (let j = 0; j < ADC_PIXELS; j++) {
        // Pixels past count keep a valid u (0): their lanes are never read.
        u[j] = j < count ? patches[j * taps + t] + inputOffset : 0;
        sumU[j] += u[j];
      }
      if (readOf !== undefined) {
        const at = readOf[t] * ADC_PIXELS;
        for (let j = 0; j < count; j++) readUnits[at + j] += u[j] & this.unitMask;
      }
      const row = t * rowWords;
      for (let j0 = 0; j0 < ADC_PIXELS; j0 += 4) {
        for (let byte = 0; byte < this.bytes; byte++) {
          const s = 8 * byte;
          const word = ((u[j0] >> s) & 0xff) | (((u[j0 + 1] >> s) & 0xff) << 8) | (((u[j0 + 2] >> s) & 0xff) << 16) | (((u[j0 + 3] >> s) & 0xff) << 24);
          // The planes whose bits lie in this byte.
          for (let b = (8 * byte) / this.dacBits; b < Math.min(planes, (8 * (byte + 1)) / this.dacBits); b++) {
            planeWords[b] = (word >> (b * this.dacBits - s)) & this.planeMask;
          }
        }
        // Nibble rows: plane v in the low nibble, plane v + vectors in the high one.
        for (let v = 0; v < vectors; v++) {
          q32[row + (v * ADC_PIXELS + j0) / 4] = this.nibbleRows ? planeWords[v] | (planeWords[v + vectors] << 4) : planeWords[v];
        }
      }
    }
  }
}
