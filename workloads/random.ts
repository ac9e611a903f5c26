// A small seeded PRNG (sfc32 seeded through splitmix32) for synthetic weights and inputs.
// Deterministic across platforms: 32-bit integer arithmetic only. Not for cryptography.

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** FNV-1a hash of a string, to derive independent streams from one seed and a name. */
function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class SeededRandom {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** `stream` separates independent sequences from one seed (e.g. a layer name). */
  constructor(seed: number, stream = '') {
    const init = splitmix32((seed >>> 0) ^ hashString(stream));
    this.a = init();
    this.b = init();
    this.c = init();
    this.d = init();
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  nextUint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1). */
  nextFloat(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [lo, hi] (inclusive). */
  nextInt(lo: number, hi: number): number {
    return lo + Math.floor(this.nextFloat() * (hi - lo + 1));
  }

  /** Fills with int8 values uniform in [-limit, limit] (limit <= 127): four values per draw. */
  fillInt8(out: Int8Array, limit = 127): Int8Array {
    // 8 random bits scaled onto the span through a table: near-uniform and fast for 100M+ weights.
    const table = new Int8Array(256);
    for (let b = 0; b < 256; b++) table[b] = ((b * (2 * limit + 1)) >>> 8) - limit;
    const whole = out.length - (out.length % 4);
    for (let i = 0; i < whole; i += 4) {
      const bits = this.nextUint32();
      out[i] = table[bits & 0xff];
      out[i + 1] = table[(bits >>> 8) & 0xff];
      out[i + 2] = table[(bits >>> 16) & 0xff];
      out[i + 3] = table[bits >>> 24];
    }
    for (let i = whole; i < out.length; i++) out[i] = table[this.nextUint32() & 0xff];
    return out;
  }
}
