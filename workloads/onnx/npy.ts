// Reader and writer for int8 NumPy .npy files (format versions 1-3 read, 1.0 written): the input
// format for `--input x.npy` and the output of `--save-output y.npy`. Every problem is an
// OhmflowError naming the file; shapes are checked against the network's input. parseNpy reads
// any element type (npy-float.ts reads float calibration images with it).
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '../atomicFile.js';
import { OhmflowError } from '../errors.js';

interface NpyInt8 {
  readonly shape: readonly number[];
  readonly data: Int8Array;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"

function parseHeader(header: string, file: string): { descr: string; fortran: boolean; shape: number[] } {
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw new OhmflowError('malformed .npy header (needs descr, fortran_order and shape)', { field: file });
  }
  const shape = shapeText.split(',').map((s) => s.trim()).filter((s) => s.length > 0).map(Number);
  if (shape.some((d) => !Number.isSafeInteger(d) || d < 0)) throw new OhmflowError(`malformed shape (${shapeText}) in the .npy header`, { field: file });
  return { descr, fortran: fortran === 'True', shape };
}

/** The dtype an .npy file declares (its header's descr, e.g. "<f4"), read from the header alone,
 *  so a caller can pick its reader; "" when there is none (the reader then says what is wrong). */
export function npyDescr(file: string): string {
  const header = new TextDecoder().decode(readFileBytes(file).subarray(0, 512));
  return /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1] ?? '';
}

/** An .npy file's header and data bytes, checked for C order and a size that matches the shape. */
interface NpyRaw {
  readonly descr: string;
  readonly shape: readonly number[];
  /** The data, copied to a buffer of its own (aligned for any typed array). */
  readonly data: ArrayBuffer;
}

/** Parses .npy bytes of any element type of `itemBytes` bytes; `file` names the source in errors. */
export function parseNpy(bytes: Uint8Array, file: string, itemBytes: (descr: string) => number): NpyRaw {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new OhmflowError('not a .npy file (bad magic bytes)', { field: file, fix: 'save the array with numpy.save' });
  }
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lengthBytes = major === 1 ? 2 : 4;
  if (major < 1 || major > 3 || bytes.length < 8 + lengthBytes) throw new OhmflowError(`unsupported .npy version ${major}`, { field: file });
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataStart = 8 + lengthBytes + headerLength;
  if (dataStart > bytes.length) throw new OhmflowError('truncated .npy header', { field: file });
  const header = new TextDecoder().decode(bytes.subarray(8 + lengthBytes, dataStart));
  const { descr, fortran, shape } = parseHeader(header, file);
  const size = itemBytes(descr);
  if (fortran) throw new OhmflowError('Fortran-ordered arrays are not supported', { field: file, fix: 'save a C-ordered array (numpy.ascontiguousarray)' });
  const count = shape.reduce((p, d) => p * d, 1);
  if (bytes.length - dataStart !== count * size) {
    throw new OhmflowError(`holds ${bytes.length - dataStart} bytes of data, shape [${shape.join(', ')}] needs ${count * size}`, { field: file });
  }
  return { descr, shape, data: bytes.buffer.slice(bytes.byteOffset + dataStart, bytes.byteOffset + bytes.length) as ArrayBuffer };
}

/** Parses .npy bytes; `file` names the source in errors. */
export function parseNpyInt8(bytes: Uint8Array, file: string): NpyInt8 {
  const raw = parseNpy(bytes, file, (descr) => {
    if (!['|i1', 'i1', '<i1', '>i1', '=i1'].includes(descr)) {
      throw new OhmflowError(`array type is ${descr}, expected int8 (|i1)`, { field: file, fix: 'save the input with dtype=numpy.int8' });
    }
    return 1;
  });
  return { shape: raw.shape, data: new Int8Array(raw.data) };
}

/** The bytes of a file, with an error naming it when it cannot be read. */
export function readFileBytes(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new OhmflowError(`cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, { field: file, cause: error });
  }
}

/**
 * Reads an int8 .npy file. With `expectedShape` (an IR shape without batch), the file must have that
 * shape or the same with a leading batch of 1.
 */
export function readNpyInt8(file: string, expectedShape?: readonly number[]): NpyInt8 {
  const npy = parseNpyInt8(readFileBytes(file), file);
  if (expectedShape !== undefined) {
    const s = npy.shape;
    const same = (a: readonly number[]) => a.length === expectedShape.length && a.every((d, i) => d === expectedShape[i]);
    if (!same(s) && !(s[0] === 1 && same(s.slice(1)))) {
      throw new OhmflowError(`shape is [${s.join(', ')}], the network expects [${expectedShape.join(', ')}] (or [1, ${expectedShape.join(', ')}])`, {
        field: file,
        fix: 'save an int8 array of the network input shape',
      });
    }
  }
  return npy;
}

/** .npy (version 1.0) bytes of a C-ordered int8 array: the header is padded with spaces so the
 *  data starts on a 64-byte boundary, as numpy.save writes it. */
export function encodeNpyInt8(shape: readonly number[], data: Int8Array): Uint8Array {
  const count = shape.reduce((p, d) => p * d, 1);
  if (count !== data.length) throw new RangeError(`shape [${shape.join(', ')}] holds ${count} values, data has ${data.length}`);
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  let header = `{'descr': '|i1', 'fortran_order': False, 'shape': (${dims}), }`;
  const unpadded = MAGIC.length + 2 + 2 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const headerBytes = new TextEncoder().encode(header);
  const out = new Uint8Array(MAGIC.length + 4 + headerBytes.length + data.length);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, headerBytes.length, true);
  out.set(headerBytes, 10);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.length), 10 + headerBytes.length);
  return out;
}

/** Writes an int8 .npy file whole or not at all (atomicFile.ts). */
export function writeNpyInt8(file: string, shape: readonly number[], data: Int8Array): void {
  try {
    writeFileAtomic(file, encodeNpyInt8(shape, data));
  } catch (error) {
    throw new OhmflowError(`cannot write the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, { field: file, cause: error });
  }
}
