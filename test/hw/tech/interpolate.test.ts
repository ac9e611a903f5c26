// Interpolation between published points and extension beyond them.
import { expect, test } from 'vitest';
import { logLinear, logLog } from '../../../hw/tech/interpolate.js';

test('logLinear passes through the points and extends the end ratios', () => {
  const xs = [1, 2, 4];
  const ys = [3.9, 7.8, 31.2];
  expect(logLinear(xs, ys, 2)).toBeCloseTo(7.8, 12);
  expect(logLinear(xs, ys, 3)).toBeCloseTo(15.6, 9); // 2x per bit between 2 and 4
  expect(logLinear(xs, ys, 5)).toBeCloseTo(62.4, 9); // extended: 2x per bit
  expect(logLinear(xs, ys, 0)).toBeCloseTo(1.95, 9); // extended: 2x per bit
});

test('logLog follows a power law: PIMSYN crossbars are 4x per doubling of the side', () => {
  const xs = [128, 256, 512];
  const ys = [0.3, 1.2, 4.8];
  expect(logLog(xs, ys, 256)).toBeCloseTo(1.2, 12);
  expect(logLog(xs, ys, 64)).toBeCloseTo(0.075, 12);
  expect(logLog(xs, ys, 1024)).toBeCloseTo(19.2, 9);
  expect(logLog(xs, ys, 128 * Math.SQRT2)).toBeCloseTo(0.6, 9);
});
