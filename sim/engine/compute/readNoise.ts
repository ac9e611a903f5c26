// The noise of `analog` fidelity's reads as a counter-based stream: draw i of a stream is a pure
// function of (stream key, i), a 32-bit hash of the two. Every conversion owns fixed draw indices
// whether or not they are computed, so a conversion loop may skip the draws of a conversion whose
// ADC code no noise can change, and the outputs are those of drawing every one.
//   - c2c draws (readNoiseDraw) are standard normals by Box-Muller from the hash and a second hash
//     of it, bounded: the radius uses a 32-bit uniform u in [0, 1), so |z| <= sqrt(-2 ln 2^-32) =
//     6.6604 (READ_NOISE_Z_MAX, with a margin).
//   - read noise is a whole number of raw units (1/256 level), a normal rounded, by inversion of
//     the one hash through tail counts (readNoiseSteps): deciding a noisy code is then integer
//     compares of the hash (the row module, wasm/rowModule.ts).

/** No c2c draw (readNoiseDraw) exceeds this in magnitude. */
export const READ_NOISE_Z_MAX = 6.661;

const TWO_POW_32 = 4294967296;
const TWO_PI_OVER_2_32 = (2 * Math.PI) / TWO_POW_32;

/** The hash's constants. The row module (wasm/rowModule.ts) computes the same read-noise hash
 *  in WebAssembly, so they are named once here. */
export const NOISE_HASH = {
  fmixA: 0x85ebca6b,
  fmixB: 0xc2b2ae35,
  /** Index (low word) multiplier. */
  lo: 0x9e3779b1,
  /** High word multiplier. */
  hi: 0x27d4eb2f,
  /** The c2c draw's angle hash: fmix32((x + turnAdd) ^ turnXor). */
  turnAdd: 0x6a09e667,
  turnXor: 0x5bd1e995,
} as const;

/** murmur3's 32-bit finalizer: a bijection on u32 whose output bits each depend on every input bit. */
function fmix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), NOISE_HASH.fmixA);
  h = Math.imul(h ^ (h >>> 13), NOISE_HASH.fmixB);
  return (h ^ (h >>> 16)) >>> 0;
}

/** The part of draw `index`'s hash that depends on the key and the index's high word only. */
function highMix(key: number, hi: number): number {
  return fmix32(key ^ Math.imul(hi + 1, NOISE_HASH.hi));
}

/** The hash behind draw `index` of stream `key`. */
function drawHash(key: number, index: number): number {
  const lo = index >>> 0;
  const hi = (index - lo) / TWO_POW_32;
  // Distinct indices of one key give distinct x (the multiplier is odd, so lo -> x is a bijection).
  return (Math.imul(lo, NOISE_HASH.lo) ^ highMix(key, hi)) >>> 0;
}

/** Standard normal number `index` (0 <= index < 2^53) of the stream `key` (a 32-bit integer). */
export function readNoiseDraw(key: number, index: number): number {
  const x = drawHash(key, index);
  const u1 = fmix32(x);
  const u2 = fmix32((x + NOISE_HASH.turnAdd) ^ NOISE_HASH.turnXor);
  return Math.sqrt(-2 * Math.log(1 - u1 / TWO_POW_32)) * Math.cos(u2 * TWO_PI_OVER_2_32);
}

/** The hash of read-noise draw `index` of stream `key`: one 32-bit uniform, which the read noise
 *  inverts through a raw-unit table (readNoiseSteps). It is the radius hash of readNoiseDraw's
 *  draw `index`. */
export function readNoiseHash(key: number, index: number): number {
  return fmix32(drawHash(key, index));
}

/**
 * Read noise quantized to raw units (one raw unit: 2^-fractionBits level, 1/256 in analog
 * fidelity), as a table of tail counts: tail[j] (j >= 1) is round(2^32 Q((j - 0.5) / sigmaRaw)),
 * Q the standard normal's upper tail and sigmaRaw the noise's sigma in raw units, down to the
 * first 0 (tail.length - 1 = reach + 1: no draw moves a sum by more than `reach` raw units);
 * tail[0] is unused. A draw with hash h is k = +j, the largest j with ~h < tail[j], else -j, the
 * largest j with h < tail[j], else 0: P(k >= j) = P(k <= -j) = tail[j] / 2^32, the mass of the
 * normal N(0, sigmaRaw^2) beyond j - 0.5 raw units, so k is that normal rounded to a raw unit
 * (exactly symmetric). The tail counts are the definition: Q is integrated here (Simpson's rule,
 * panels of at most 0.002 sigma, summed from 7 sigma inward, where 2^32 Q rounds to 0).
 */
export interface ReadNoiseSteps {
  tail: Int32Array;
  reach: number;
}

const stepsCache = new Map<number, ReadNoiseSteps>();
/** Past this many sigmas 2^32 Q(z) < 0.006: every tail count beyond rounds to 0. */
const TAIL_END_Z = 7;
const PANEL_Z = 0.002;

export function readNoiseSteps(sigmaRaw: number): ReadNoiseSteps {
  let steps = stepsCache.get(sigmaRaw);
  if (steps !== undefined) return steps;
  const width = 1 / sigmaRaw;
  const panels = 2 * Math.ceil(width / PANEL_Z / 2);
  const h = width / panels;
  const density = (z: number) => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
  /** The normal's mass on [a, a + width] (composite Simpson). */
  const mass = (a: number) => {
    let sum = density(a) + density(a + width);
    for (let i = 1; i < panels; i++) sum += (i % 2 === 1 ? 4 : 2) * density(a + i * h);
    return (sum * h) / 3;
  };
  const last = Math.ceil(TAIL_END_Z * sigmaRaw + 0.5);
  const tail = new Float64Array(last + 2);
  for (let j = last; j >= 1; j--) tail[j] = tail[j + 1] + mass((j - 0.5) * width);
  const counts = Array.from(tail, (q, j) => (j === 0 ? 0 : Math.round(q * TWO_POW_32)));
  let reach = 0;
  while (counts[reach + 1] > 0) reach++;
  steps = { tail: Int32Array.from(counts.slice(0, reach + 2)), reach };
  stepsCache.set(sigmaRaw, steps);
  return steps;
}

/** The read noise in raw units of the draw whose hash is `h` (readNoiseSteps' inversion). */
export function rawNoiseOf(h: number, steps: ReadNoiseSteps): number {
  const tail = steps.tail;
  const up = ~h >>> 0;
  const key = up < tail[1] ? up : h;
  if (key >= tail[1]) return 0;
  // The largest j with key < tail[j] (tail falls with j; tail[reach + 1] = 0).
  let lo = 1;
  let hi = steps.reach + 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (key < tail[mid]) lo = mid;
    else hi = mid;
  }
  return key === up ? lo : -lo;
}

/** One stream of read-noise draws: a key and the next unused index. Callers reserve the indices
 *  of a batch of conversions with `take`, then draw the ones they need with `draw`. */
export class ReadNoise {
  private at = 0;

  constructor(private key: number) {}

  /** Starts another stream (the functional runner draws each image's noise afresh). */
  reseed(key: number): void {
    this.key = key;
    this.at = 0;
  }

  /** Reserves `count` indices; returns the first. */
  take(count: number): number {
    const first = this.at;
    this.at += count;
    return first;
  }

  draw(index: number): number {
    return readNoiseDraw(this.key, index);
  }

  /** Draw `index` as read noise in raw units (readNoiseSteps). */
  raw(index: number, steps: ReadNoiseSteps): number {
    return rawNoiseOf(readNoiseHash(this.key, index), steps);
  }

  /** The hash term of draws whose index has the high word `hi` (floor(index / 2^32)): draw i's
   *  hash is imul(i mod 2^32, NOISE_HASH.lo) ^ highMix(hi), which the row module computes. */
  highMix(hi: number): number {
    return highMix(this.key, hi) | 0;
  }
}

/** The key of a layer's read noise (the engine: one stream per layer, drawn in event order). */
export function layerNoiseKey(seed: number, layer: number): number {
  return (Math.imul(seed ^ 0x5bd1e995, 0x27d4eb2f) ^ Math.imul(layer + 1, 0x165667b1)) | 0;
}

/** The key of one image's read noise in one layer (the functional runner: images are independent
 *  of each other, so results do not depend on how they are spread over threads). */
export function imageNoiseKey(seed: number, layer: number, image: number): number {
  return (Math.imul(seed ^ 0x5bd1e995, 0x27d4eb2f) ^ Math.imul(layer + 1, 0x165667b1) ^ Math.imul(image + 1, 0x2545f491)) | 0;
}
