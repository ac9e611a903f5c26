// Appends length-delimited Trace.packet fields to a file through a small buffer, so memory stays
// bounded however long the run. The packets go to `<path>.partial-<pid>` beside the destination,
// renamed to it by close(): an interrupted or failed run never leaves a partial trace at the path
// (nor destroys an earlier good one there); abort() removes the partial file.
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { TRACE_PACKET_TAG } from './schema.js';
import { removeStalePartials } from '../../workloads/atomicFile.js';

export const DEFAULT_FLUSH_BYTES = 64 * 1024;

/** Bytes of the varint encoding of `value` (a non-negative integer below 2^53). */
function encodeVarint(value: number): number[] {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
  return bytes;
}

export class PacketFile {
  private fd: number | null;
  /** Where the packets go until close() renames the file to `path`. */
  readonly partialPath: string;
  private chunks: Uint8Array[] = [];
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

  /** Frames one encoded TracePacket as a Trace.packet field and buffers it. */
  append(packet: Uint8Array): void {
    if (this.fd === null) throw new Error(`trace file ${this.path} is already closed`);
    const header = Uint8Array.from([TRACE_PACKET_TAG, ...encodeVarint(packet.length)]);
    this.chunks.push(header, packet);
    this.bufferedBytes += header.length + packet.length;
    this.packetsOut++;
    if (this.bufferedBytes >= this.flushBytes) this.flush();
  }

  flush(): void {
    if (this.fd === null || this.chunks.length === 0) return;
    const data = Buffer.concat(this.chunks);
    let offset = 0;
    while (offset < data.length) offset += writeSync(this.fd, data, offset, data.length - offset);
    this.bytesOut += data.length;
    this.chunks = [];
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
    this.chunks = [];
    this.bufferedBytes = 0;
    rmSync(this.partialPath, { force: true });
  }
}
