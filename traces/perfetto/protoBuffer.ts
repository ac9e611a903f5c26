// A growable byte buffer with the few protobuf wire encodings the trace's hot packets use, written
// to give the same bytes as protobufjs for the same values (64-bit integers from JS numbers are
// split into low and high 32-bit words the way its LongBits.fromNumber does, negatives as two's
// complement), without protobufjs's per-field operation objects.

const TWO_32 = 4294967296;

export class ProtoBuffer {
  /** A Buffer, so strings are written into it directly. */
  bytes: Buffer;
  /** Bytes written so far. */
  length = 0;
  private readonly float64 = new Float64Array(1);
  private readonly float64Bytes = new Uint8Array(this.float64.buffer);

  constructor(initialBytes = 1024) {
    this.bytes = Buffer.alloc(Math.max(initialBytes, 16));
  }

  reset(): void {
    this.length = 0;
  }

  private ensure(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.length + extra) size *= 2;
    const grown = Buffer.alloc(size);
    this.bytes.copy(grown, 0, 0, this.length);
    this.bytes = grown;
  }

  /** Room for `extra` more bytes after `length`: the bytes to write them into (callers that write
   *  whole packets by hand set `length` after). */
  reserve(extra: number): Buffer {
    this.ensure(extra);
    return this.bytes;
  }

  /** A varint below 2^32 (tags, lengths, uint32 fields, small enums). */
  uint32(value: number): void {
    this.ensure(5);
    const bytes = this.bytes;
    let pos = this.length;
    let v = value >>> 0;
    while (v > 127) {
      bytes[pos++] = (v & 127) | 128;
      v >>>= 7;
    }
    bytes[pos++] = v;
    this.length = pos;
  }

  /** A uint64 or int64 field's varint from a JS number (10 bytes when negative). */
  varint64(value: number): void {
    if (value >= 0 && value < TWO_32 && value === (value >>> 0)) {
      this.uint32(value);
      return;
    }
    let lo = lowWord(value);
    let hi = highWord(value);
    this.ensure(10);
    const bytes = this.bytes;
    let pos = this.length;
    while (hi) {
      bytes[pos++] = (lo & 127) | 128;
      lo = ((lo >>> 7) | (hi << 25)) >>> 0;
      hi >>>= 7;
    }
    while (lo > 127) {
      bytes[pos++] = (lo & 127) | 128;
      lo >>>= 7;
    }
    bytes[pos++] = lo;
    this.length = pos;
  }

  /** An int32 (enum) field: a negative value takes ten bytes, as a sign-extended 64-bit varint. */
  int32(value: number): void {
    if (value < 0) this.varint64(value);
    else this.uint32(value);
  }

  bool(value: boolean): void {
    this.ensure(1);
    this.bytes[this.length++] = value ? 1 : 0;
  }

  /** A fixed64 field from a JS number: low word then high word, little-endian. */
  fixed64(value: number): void {
    this.ensure(8);
    this.fixed32(lowWord(value));
    this.fixed32(highWord(value));
  }

  private fixed32(word: number): void {
    const bytes = this.bytes;
    const pos = this.length;
    bytes[pos] = word & 255;
    bytes[pos + 1] = (word >>> 8) & 255;
    bytes[pos + 2] = (word >>> 16) & 255;
    bytes[pos + 3] = word >>> 24;
    this.length = pos + 4;
  }

  double(value: number): void {
    this.ensure(8);
    this.float64[0] = value;
    this.bytes.set(this.float64Bytes, this.length);
    this.length += 8;
  }

  /** Length-prefixed UTF-8 (the string must be well-formed UTF-16, as names and labels are). */
  string(text: string): void {
    const size = Buffer.byteLength(text, 'utf8');
    this.uint32(size);
    this.ensure(size);
    if (size > 0) this.bytes.write(text, this.length, size, 'utf8');
    this.length += size;
  }

  /** Opens a length-delimited field's body; pass the returned mark to endMessage once it is written. */
  beginMessage(): number {
    // One byte is reserved for the length: bodies under 128 bytes, nearly all, need no move.
    this.ensure(1);
    return this.length++;
  }

  endMessage(mark: number): void {
    const size = this.length - mark - 1;
    if (size < 128) {
      this.bytes[mark] = size;
      return;
    }
    let extra = 0;
    for (let v = size >>> 7; v > 0; v >>>= 7) extra++;
    this.ensure(extra);
    this.bytes.copyWithin(mark + 1 + extra, mark + 1, this.length);
    const end = this.length + extra;
    this.length = mark;
    this.uint32(size);
    this.length = end;
  }
}

/** LongBits.fromNumber's low word: of |value|, negated as 64-bit two's complement when value < 0. */
function lowWord(value: number): number {
  const magnitude = value < 0 ? -value : value;
  const lo = magnitude >>> 0;
  if (value >= 0) return lo;
  return ((~lo >>> 0) + 1) >>> 0;
}

function highWord(value: number): number {
  const magnitude = value < 0 ? -value : value;
  const lo = magnitude >>> 0;
  const hi = ((magnitude - lo) / TWO_32) >>> 0;
  if (value >= 0) return hi;
  // The +1 of the negation carries into the high word when the low word was 0.
  return ((~hi >>> 0) + (lo === 0 ? 1 : 0)) >>> 0;
}
