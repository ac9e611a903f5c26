// The channel-lane program writer (adcChannelLanes.ts) as a WebAssembly module: for one input
// vector, per read and DAC plane, the rows whose plane bit is set, then the slices' weights, in
// the conversion kernel's program format (adcModule.ts, level rows). The same loop in JavaScript
// ran in V8's unoptimized tiers for most of a fresh thread's check; this one is compiled at once.
//
// lists(u, reads, readCount, at, rowBytes, planes, slices, weights, counter) -> the program's end:
// - u: the vector's values (i32, u = x + 2^(inputBits-1));
// - reads: readCount triples of i32 (start, stride, length) over u's indices;
// - at: where the program starts (byte address); each row is listed as its byte offset, index x rowBytes;
// - weights: planes x slices i32, plane b's slice weights;
// - counter: where the number of segments written goes (a plane with no row set writes none).
// A list may write one word past its end (the caller leaves room).
import { EMPTY_BLOCK, I32, i32Const, localGet, localSet, localTee, memarg, oneFunctionModule, op } from '../../wasm/encoding.js';

// Parameters.
const U = 0;
const READS = 1;
const READ_COUNT = 2;
const AT = 3;
const ROW_BYTES = 4;
const PLANES = 5;
const SLICES = 6;
const WEIGHTS = 7;
const COUNTER = 8;
// Locals.
const readEnd = 9;
const b = 10;
const segment = 11; // where the current segment's count goes
const address = 12; // of the current u value
const step = 13; // between u values, bytes
const offset = 14; // the current row's byte offset
const rowStep = 15; // between rows
const left = 16; // rows of the read still to look at
const from = 17; // weight being copied
const fromEnd = 18;
const segments = 19;
const LOCALS = 11;

const load = (offset = 0): number[] => [op.i32Load, ...memarg(2, offset)];
const store = (offset = 0): number[] => [op.i32Store, ...memarg(2, offset)];
const addTo = (local: number, value: number[]): number[] => [...localGet(local), ...value, op.i32Add, ...localSet(local)];
/** while (cond) { body }: `cond` leaves an i32 whose zero ends the loop. */
const whileLoop = (cond: number[], body: number[]): number[] => [
  op.block, EMPTY_BLOCK, op.loop, EMPTY_BLOCK, ...cond, op.i32Eqz, op.brIf, 1, ...body, op.br, 0, op.end, op.end,
];

function listsCode(): number[] {
  // One read's rows for plane b: store every row's offset, advance past it only if its bit is set.
  const rows = whileLoop(localGet(left), [
    ...localGet(AT), ...localGet(offset), ...store(),
    ...addTo(AT, [...localGet(address), ...load(), ...localGet(b), op.i32ShrU, ...i32Const(1), op.i32And, ...i32Const(2), op.i32Shl]),
    ...addTo(address, localGet(step)), ...addTo(offset, localGet(rowStep)), ...addTo(left, i32Const(-1)),
  ]);
  const weights = whileLoop([...localGet(from), ...localGet(fromEnd), op.i32LtU], [
    ...localGet(AT), ...localGet(from), ...load(), ...store(), ...addTo(AT, i32Const(4)), ...addTo(from, i32Const(4)),
  ]);
  const plane = [
    ...localGet(AT), ...localTee(segment), ...i32Const(4), op.i32Add, ...localSet(AT),
    // Rewound to the read's first value and row.
    ...localGet(READS), ...load(0), ...i32Const(2), op.i32Shl, ...localGet(U), op.i32Add, ...localSet(address),
    ...localGet(READS), ...load(0), ...localGet(ROW_BYTES), op.i32Mul, ...localSet(offset),
    ...localGet(READS), ...load(8), ...localSet(left),
    ...rows,
    // No row listed: the segment is dropped (every sum is 0 and converts to 0).
    ...localGet(AT), ...localGet(segment), ...i32Const(4), op.i32Add, op.i32Ne,
    op.if, EMPTY_BLOCK,
    ...localGet(segment), ...localGet(AT), ...localGet(segment), op.i32Sub, ...i32Const(2), op.i32ShrU, ...i32Const(1), op.i32Sub, ...store(),
    ...localGet(WEIGHTS), ...localGet(b), ...localGet(SLICES), op.i32Mul, ...i32Const(2), op.i32Shl, op.i32Add, ...localTee(from),
    ...localGet(SLICES), ...i32Const(2), op.i32Shl, op.i32Add, ...localSet(fromEnd),
    ...weights,
    ...addTo(segments, i32Const(1)),
    op.else, ...localGet(segment), ...localSet(AT), op.end,
    ...addTo(b, i32Const(1)),
  ];
  return [
    ...localGet(READ_COUNT), ...i32Const(12), op.i32Mul, ...localGet(READS), op.i32Add, ...localSet(readEnd),
    ...whileLoop([...localGet(READS), ...localGet(readEnd), op.i32LtU], [
      // Per read: the steps between its values and its rows.
      ...localGet(READS), ...load(4), ...i32Const(2), op.i32Shl, ...localSet(step),
      ...localGet(READS), ...load(4), ...localGet(ROW_BYTES), op.i32Mul, ...localSet(rowStep),
      ...i32Const(0), ...localSet(b),
      ...whileLoop([...localGet(b), ...localGet(PLANES), op.i32LtU], plane),
      ...addTo(READS, i32Const(12)),
    ]),
    ...localGet(COUNTER), ...localGet(segments), ...store(),
    ...localGet(AT),
  ];
}

/** The module's bytes: imports env.memory, exports lists(...) (above). */
export function planeListModuleBytes(): Uint8Array {
  return oneFunctionModule({ name: 'lists', params: 9, returnsI32: true, locals: [[LOCALS, I32]], code: listsCode() });
}
