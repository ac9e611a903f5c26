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
const BOUND_MARGIN = 1 + 1e-12;

/**
 * An upper bound on |readNoiseDraw(key, index)| without its logarithm and cosine: the draw's
 * radius is sqrt(-2 ln(1 - u)) and -ln(1 - u) <= u / (1 - u) on [0, 1). Tight for small radii,
 * which is what lets a conversion near a step skip its exact draw when the step is out of reach.
 */
export function readNoiseBound(key: number, index: number): number {
  const u = fmix32(drawHash(key, index)) / TWO_POW_32;
  return Math.sqrt((2 * u) / (1 - u)) * BOUND_MARGIN;
}

/** Relative margin under a radius threshold: far above the rounding of the draw's logarithm,
 *  square root and cosine and of the threshold's own exponential (a few ulps). */
const THRESHOLD_MARGIN = 1 - 1e-6;

/**
 * A count T such that every draw whose radius hash u1 (fmix32 of its hash, the radius being
 * sqrt(-2 ln(1 - u1 / 2^32))) is below T has |draw| < t: the radius is below t exactly where
 * u1 / 2^32 < 1 - exp(-t^2 / 2), taken here at t less a relative margin and less two counts.
 * The row module's pre-filter compares a draw's radius hash with it (wasm/rowModule.ts).
 */
export function radiusHashBelow(t: number): number {
  if (!(t > 0)) return 0;
  const safe = Math.min(t, READ_NOISE_Z_MAX) * THRESHOLD_MARGIN;
  const counts = Math.floor(TWO_POW_32 * -Math.expm1(-(safe * safe) / 2)) - 2;
  return Math.max(0, Math.min(TWO_POW_32 - 1, counts));
}

/** A count T such that every draw whose radius hash u1 is above T has a radius above t (the
 *  mirror of radiusHashBelow, at t plus a relative margin and plus two counts); 2^32 - 1, which
 *  no hash is above, where the radius cannot reach t. */
export function radiusHashAbove(t: number): number {
  if (!(t >= 0) || t >= READ_NOISE_Z_MAX) return TWO_POW_32 - 1;
  const safe = t / THRESHOLD_MARGIN;
  const counts = Math.ceil(TWO_POW_32 * -Math.expm1(-(safe * safe) / 2)) + 2;
  return Math.min(TWO_POW_32 - 1, counts);
}

/** Where the angle of a draw, u2 x 2 pi / 2^32, is a quarter turn (u2 counts). */
export const QUARTER_TURN = 2 ** 30;
/** Angles this close to a quarter turn or three (in u2 counts, 2^-10 of a quarter: 0.0015 rad)
 *  are left without a sign: far above the angle's and the cosine's rounding. */
export const SIGN_MARGIN = 2 ** 20;

/** Relative margins under the interval's lower and over its upper magnitude, for the rounding of
 *  the draw's logarithm, cosine and angle and of the bounds' own arithmetic (a few ulps relative,
 *  up to 1e-12 relative for the cosine of an angle SIGN_MARGIN counts from a quarter turn). */
export const LOW_MARGIN = 1 - 1e-9;
export const HIGH_MARGIN = 1 + 1e-9;
/** Absolute slack over the cosine's upper bound: the rounded angle is within 2e-15 rad of the
 *  exact one, which moves a cosine near 0 by as much. */
export const COS_SLACK = 1e-12;
/** One count of the angle, in radians from a quarter turn: 2 pi / 2^32. */
export const RAD_PER_COUNT = Math.PI / 2 ** 31;

/**
 * An interval [out[0], out[1]] that holds readNoiseDraw(key, index), without its logarithm and
 * cosine. The radius is sqrt(-2 ln(1 - u)) and -ln(1 - u) = 2 atanh(s) = 2 sum s^(2k+1) / (2k+1)
 * for s = u / (2 - u), which converges fast even at large u (s = 0.82 at u = 0.9): its first four
 * terms bound it below, plus s^9 / (9 (1 - s^2)) (the rest as a geometric series) above. The cosine's size is
 * sin(t) for the angle's distance t (d counts, t = d x 2 pi / 2^32) from the nearest quarter turn,
 * which Taylor bounds on [0, pi / 2]: t - t^3/6 + t^5/120 - t^7/5040 <= sin t <= t - t^3/6 + t^5/120.
 * Its sign comes from the angle: positive on the first and last quarter turn, negative between.
 * So the draw lies in [lo, hi] or [-hi, -lo], a few percent wide or less, which settles every
 * conversion whose step is not within that width of the draw. Angles within SIGN_MARGIN of a
 * quarter turn have no sign: [-hi, hi], hi at most 0.0016 x the radius. The row module
 * (wasm/rowModule.ts) computes the same interval with the same operations.
 */
export function readNoiseInterval(key: number, index: number, out: Float64Array): void {
  const x = drawHash(key, index);
  const u = fmix32(x) / TWO_POW_32;
  const s = u / (2 - u);
  const ss = s * s;
  const head = s + (s * ss) / 3 + (s * ss * ss) / 5 + (s * ss * ss * ss) / 7;
  const radiusLow = Math.sqrt(4 * head);
  const radiusHigh = Math.sqrt(4 * (head + (s * ss * ss * ss * ss) / (9 * (1 - ss))));
  const turn = fmix32((x + NOISE_HASH.turnAdd) ^ NOISE_HASH.turnXor);
  const e = (turn - (turn < 2 * QUARTER_TURN ? QUARTER_TURN : 3 * QUARTER_TURN)) | 0;
  const t = (e < 0 ? -e : e) * RAD_PER_COUNT;
  const tt = t * t;
  const sinHigh = t - (t * tt) / 6 + (t * tt * tt) / 120;
  const sinLow = sinHigh - (t * tt * tt * tt) / 5040;
  const lo = radiusLow * sinLow * LOW_MARGIN;
  const hi = radiusHigh * (Math.min(1, sinHigh) * HIGH_MARGIN + COS_SLACK);
  out[0] = -hi;
  out[1] = hi;
  if (turn < QUARTER_TURN - SIGN_MARGIN || turn > 3 * QUARTER_TURN + SIGN_MARGIN) out[0] = lo;
  else if (turn > QUARTER_TURN + SIGN_MARGIN && turn < 3 * QUARTER_TURN - SIGN_MARGIN) out[1] = -lo;
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
