// The lossless-ADC condition: an ADC must resolve every column sum 0..activeRows*(2^c-1)*(2^d-1).
import { expect, test } from 'vitest';
import { losslessAdcBits, maxColumnSum } from '../../../hw/arch/lossless.js';

test('maximum column sums', () => {
  expect(maxColumnSum(128, 2, 1)).toBe(384);
  expect(maxColumnSum(8, 2, 1)).toBe(24);
  expect(maxColumnSum(16, 1, 2)).toBe(48);
});

test('bits to resolve 0..max, including the powers of two edges', () => {
  expect(losslessAdcBits(1, 1, 1)).toBe(1); // sums 0, 1
  expect(losslessAdcBits(3, 1, 1)).toBe(2); // 0..3
  expect(losslessAdcBits(4, 1, 1)).toBe(3); // 0..4
  expect(losslessAdcBits(16, 1, 1)).toBe(5); // 0..16
  expect(losslessAdcBits(15, 1, 1)).toBe(4); // 0..15
  expect(losslessAdcBits(128, 2, 1)).toBe(9); // ISAAC without its trick: 0..384
  expect(losslessAdcBits(128, 1, 1)).toBe(8); // 0..128
  expect(losslessAdcBits(8, 2, 1)).toBe(5); // 0..24
});

test("ISAAC's flip encoding halves the largest sum and saves one bit", () => {
  expect(losslessAdcBits(128, 2, 1, true)).toBe(8); // 0..192
  expect(losslessAdcBits(10, 2, 1, true)).toBe(4); // 0..15
});
