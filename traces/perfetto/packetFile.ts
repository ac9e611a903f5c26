// Appends length-delimited Trace.packet fields to a file through a small buffer, so memory stays
// bounded however long the run. The packets go to `<path>.partial-<pid>` beside the destination,
// renamed to it by close(): an interrupted or failed run never leaves a partial trace at the path
// (nor destroys an earlier good one there); abort() removes the partial file.
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { TRACE_PACKET_TAG } from './schema.js';
import { removeStalePartials } from '../../workloads/atomicFile.js';

export const DEFAULT_FLUSH_BYTES = 64 * 1024;

/** Room for a Trace.packet field's tag and length varint (a packet is below 2^32 bytes). */
const FRAME_HEADER_MAX_BYTES = 6;

export class PacketFile {
  private fd: number | null;
  /** Where the packets go until close() renames the file to `path`. */
  readonly partialPath: string;
  /** Packets framed and copied here until a flush: the caller may reuse its packet's bytes. */
  private buffer: Uint8Array;
  private bufferedBytes = 0;
  private bytesOut = 0;
  private packetsOut = 0;

  constructor(
    readonly path: string,
    private readonly flushBytes: number = DEFAULT_FLUSH_BYTES,
  ) {
    removeStalePartials(path);
    this.partialPath = `${path}.partial-${process.pid}`;
    this.fd = openSync(this.partialPath, 'w');
    this.buffer = new Uint8Array(Math.min(Math.max(flushBytes, 0), 1 << 20) + 1024);
  }

  get bytesWritten(): number {
    return this.bytesOut + this.bufferedBytes;
  }

  get bufferedBytesNow(): number {
    return this.bufferedBytes;
  }

  get packetsWritten(): number {
    return this.packetsOut;
  }

  /** Frames one encoded TracePacket (the first `size` bytes of `packet`) as a Trace.packet field and
   *  buffers a copy of it: the caller may reuse `packet` at once. */
  append(packet: Uint8Array, size = packet.length): void {
    if (this.fd === null) throw new Error(`trace file ${this.path} is already closed`);
    const needed = this.bufferedBytes + FRAME_HEADER_MAX_BYTES + size;
    if (needed > this.buffer.length) {
      const grown = new Uint8Array(Math.max(needed, this.buffer.length * 2));
      grown.set(this.buffer.subarray(0, this.bufferedBytes));
      this.buffer = grown;
    }
    const buffer = this.buffer;
    let pos = this.bufferedBytes;
    buffer[pos++] = TRACE_PACKET_TAG;
    let rest = size;
    while (rest > 127) {
      buffer[pos++] = (rest & 127) | 128;
      rest >>>= 7;
    }
    buffer[pos++] = rest;
    // Most packets are a few dozen bytes: a loop copies them faster than a subarray and set().
    if (size <= 64) for (let i = 0; i < size; i++) buffer[pos + i] = packet[i];
    else buffer.set(size === packet.length ? packet : packet.subarray(0, size), pos);
    this.bufferedBytes = pos + size;
    this.packetsOut++;
    if (this.bufferedBytes >= this.flushBytes) this.flush();
  }

  flush(): void {
    if (this.fd === null || this.bufferedBytes === 0) return;
    const size = this.bufferedBytes;
    let offset = 0;
    while (offset < size) offset += writeSync(this.fd, this.buffer, offset, size - offset);
    this.bytesOut += size;
    this.bufferedBytes = 0;
  }

  /** Flushes, closes and moves the complete file to `path`. */
  close(): void {
    if (this.fd === null) return;
    this.flush();
    closeSync(this.fd);
    this.fd = null;
    renameSync(this.partialPath, this.path);
  }

  /** Closes without flushing and deletes the file. Safe to call after close() too. */
  abort(): void {
    if (this.fd !== null) {
      closeSync(this.fd);
      this.fd = null;
    }
    this.bufferedBytes = 0;
    rmSync(this.partialPath, { force: true });
  }
}
