// Read noise of `analog` fidelity as a counter-based stream: draw i of a stream is a pure function
// of (stream key, i), a hash of the two turned into a standard normal by Box-Muller. Every
// conversion owns fixed draw indices whether or not they are computed, so the conversion loop
// (packedAdc.ts) may skip the draws of a conversion whose ADC code no noise can change, and the
// outputs are those of drawing every one. The draws are bounded: the radius uses a 32-bit uniform
// u in [0, 1), so |z| <= sqrt(-2 ln 2^-32) = 6.6604 (READ_NOISE_Z_MAX, with a margin).

/** No draw of a ReadNoise exceeds this in magnitude. */
export const READ_NOISE_Z_MAX = 6.661;

const TWO_POW_32 = 4294967296;
const TWO_PI_OVER_2_32 = (2 * Math.PI) / TWO_POW_32;

/** The hash's constants. The row module (wasm/rowModule.ts) computes the same hash and interval
 *  in WebAssembly, so they are named once here. */
export const NOISE_HASH = {
  fmixA: 0x85ebca6b,
  fmixB: 0xc2b2ae35,
  /** Index (low word) multiplier. */
  lo: 0x9e3779b1,
  /** High word multiplier. */
  hi: 0x27d4eb2f,
  /** The angle's hash: fmix32((x + turnAdd) ^ turnXor). */
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

/** Relative margin over the rounding of the draw's logarithm, square root and cosine (a few ulps). */
export const BOUND_MARGIN = 1 + 1e-12;

/**
 * An upper bound on |readNoiseDraw(key, index)| without its logarithm and cosine: the draw's
 * radius is sqrt(-2 ln(1 - u)) and -ln(1 - u) <= u / (1 - u) on [0, 1). Tight for small radii,
 * which is what lets a conversion near a step skip its exact draw when the step is out of reach.
 */
export function readNoiseBound(key: number, index: number): number {
  const u = fmix32(drawHash(key, index)) / TWO_POW_32;
  return Math.sqrt((2 * u) / (1 - u)) * BOUND_MARGIN;
}

/** Where the angle of a draw, u2 x 2 pi / 2^32, is a quarter turn (u2 counts). */
export const QUARTER_TURN = 2 ** 30;
/** Angles this close to a quarter turn or three (in u2 counts, 2^-10 of a quarter: 0.0015 rad)
 *  are left without a sign: far above the angle's and the cosine's rounding. */
export const SIGN_MARGIN = 2 ** 20;

/** Relative margin under the lower bounds (the radius's sqrt(2u), the cosine's linear bound) for
 *  the rounding of the draw's logarithm, cosine and angle (ulps, far below it). */
export const LOW_MARGIN = 1 - 1e-9;

/**
 * An interval [out[0], out[1]] that holds readNoiseDraw(key, index), without its logarithm and
 * cosine. The radius sqrt(-2 ln(1 - u)) lies in [sqrt(2u), readNoiseBound], since
 * u <= -ln(1 - u) <= u / (1 - u). The cosine's sign comes from the angle: positive on the first
 * and last quarter turn, negative between. Its size is at least d / 2^30 for an angle d counts
 * (of u2) from the nearest quarter turn, since sin x >= 2x / pi on [0, pi / 2]. So the draw lies
 * in [rho, r] or [-r, -rho], which settles most conversions whose step lies within the noise's
 * reach on one side, and every conversion exactly on a step. Angles within SIGN_MARGIN of a
 * quarter turn keep [-r, r]. The row module (wasm/rowModule.ts) computes the same interval.
 */
export function readNoiseInterval(key: number, index: number, out: Float64Array): void {
  const x = drawHash(key, index);
  const u = fmix32(x) / TWO_POW_32;
  const r = Math.sqrt((2 * u) / (1 - u)) * BOUND_MARGIN;
  const turn = fmix32((x + NOISE_HASH.turnAdd) ^ NOISE_HASH.turnXor);
  const low = Math.sqrt(2 * u);
  if (turn < QUARTER_TURN - SIGN_MARGIN || turn > 3 * QUARTER_TURN + SIGN_MARGIN) {
    const d = turn < QUARTER_TURN ? QUARTER_TURN - turn : turn - 3 * QUARTER_TURN;
    out[0] = low * (d * 2 ** -30) * LOW_MARGIN;
    out[1] = r;
  } else if (turn > QUARTER_TURN + SIGN_MARGIN && turn < 3 * QUARTER_TURN - SIGN_MARGIN) {
    const d = Math.min(turn - QUARTER_TURN, 3 * QUARTER_TURN - turn);
    out[0] = -r;
    out[1] = -(low * (d * 2 ** -30) * LOW_MARGIN);
  } else {
    out[0] = -r;
    out[1] = r;
  }
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

  /** An upper bound on |draw(index)| (readNoiseBound). */
  bound(index: number): number {
    return readNoiseBound(this.key, index);
  }

  /** An interval that holds draw(index) (readNoiseInterval). */
  interval(index: number, out: Float64Array): void {
    readNoiseInterval(this.key, index, out);
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
