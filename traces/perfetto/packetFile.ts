// Appends length-delimited Trace.packet fields to a file through a small buffer, so memory stays
// bounded however long the run. Packets are encoded straight into that buffer, between
// beginPacket() and endPacket(), with no copy. The packets go to `<path>.partial-<pid>` beside the destination,
// renamed to it by close(): an interrupted or failed run never leaves a partial trace at the path
// (nor destroys an earlier good one there); abort() removes the partial file.
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { TRACE_PACKET_TAG } from './schema.js';
import { ProtoBuffer } from './protoBuffer.js';
import { removeStalePartials } from '../../workloads/atomicFile.js';

/** Large writes: a 68 MB trace in 65 system calls rather than a thousand. */
export const DEFAULT_FLUSH_BYTES = 1 << 20;

export class PacketFile {
  private fd: number | null;
  /** Where the packets go until close() renames the file to `path`. */
  readonly partialPath: string;
  /** Framed packets until a flush. */
  private readonly buffer: ProtoBuffer;
  /** Where the open packet's length goes (-1: none open). */
  private packetMark = -1;
  private bytesOut = 0;
  private packetsOut = 0;

  constructor(
    readonly path: string,
    private readonly flushBytes: number = DEFAULT_FLUSH_BYTES,
  ) {
    removeStalePartials(path);
    this.partialPath = `${path}.partial-${process.pid}`;
    this.fd = openSync(this.partialPath, 'w');
    this.buffer = new ProtoBuffer(Math.min(Math.max(flushBytes, 0), 1 << 20) + 1024);
  }

  get bytesWritten(): number {
    return this.bytesOut + this.buffer.length;
  }

  get bufferedBytesNow(): number {
    return this.buffer.length;
  }

  get packetsWritten(): number {
    return this.packetsOut;
  }

  /** Opens a Trace.packet field: encode one TracePacket into the returned buffer (appending from
   *  its length), then call endPacket(). */
  beginPacket(): ProtoBuffer {
    if (this.fd === null) throw new Error(`trace file ${this.path} is already closed`);
    const buffer = this.buffer;
    buffer.uint32(TRACE_PACKET_TAG);
    this.packetMark = buffer.beginMessage();
    return buffer;
  }

  /** For a packet written framed (tag and length included, directPacket.ts): the buffer to append
   *  it to, from its length; then call endFramedPacket(). */
  framedPacketBuffer(): ProtoBuffer {
    if (this.fd === null) throw new Error(`trace file ${this.path} is already closed`);
    return this.buffer;
  }

  endFramedPacket(): void {
    this.packetsOut++;
    if (this.buffer.length >= this.flushBytes) this.flush();
  }

  endPacket(): void {
    this.buffer.endMessage(this.packetMark);
    this.packetMark = -1;
    this.packetsOut++;
    if (this.buffer.length >= this.flushBytes) this.flush();
  }

  flush(): void {
    const buffer = this.buffer;
    if (this.fd === null || buffer.length === 0) return;
    const size = buffer.length;
    let offset = 0;
    while (offset < size) offset += writeSync(this.fd, buffer.bytes, offset, size - offset);
    this.bytesOut += size;
    buffer.reset();
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
    this.buffer.reset();
    rmSync(this.partialPath, { force: true });
  }
}
