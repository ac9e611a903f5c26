// Exact integer division with round-half-to-even, the rounding every requantization here uses.
// Numbers are used while exact (|x| <= 2^53); past that a BigInt path keeps the result exact.

const SAFE = Number.MAX_SAFE_INTEGER;

/** round-half-even(num / den) for integers, den > 0; exact for any magnitudes. */
export function roundHalfEvenDiv(num: number, den: number): number {
  if (Math.abs(num) <= SAFE && den <= SAFE) {
    let q = Math.floor(num / den);
    let r = num - q * den;
    // The float quotient may be off by one when num / den is not exact; r brings it back.
    if (r < 0) {
      q -= 1;
      r += den;
    } else if (r >= den) {
      q += 1;
      r -= den;
    }
    const twice = 2 * r;
    if (twice > den || (twice === den && q % 2 !== 0)) q += 1;
    return q;
  }
  return Number(roundHalfEvenDivBig(BigInt(num), BigInt(den)));
}

/** The same on BigInt: round-half-even(num / den), den > 0. */
export function roundHalfEvenDivBig(num: bigint, den: bigint): bigint {
  let q = num / den; // truncates toward zero
  let r = num - q * den;
  if (r < 0n) {
    q -= 1n;
    r += den;
  }
  const twice = 2n * r;
  if (twice > den || (twice === den && (q & 1n) === 1n)) q += 1n;
  return q;
}

/** round-half-even(value * mantissa / (divisor * 2^rightShift)); rightShift may be negative. Exact. */
export function roundHalfEvenScaled(value: number, mantissa: number, rightShift: number, divisor = 1): number {
  const num = value * mantissa;
  if (rightShift <= 0) {
    const scaledNum = num * 2 ** -rightShift;
    if (Math.abs(scaledNum) <= SAFE && divisor === 1) return scaledNum;
    if (Math.abs(scaledNum) <= SAFE) return roundHalfEvenDiv(scaledNum, divisor);
    return Number(roundHalfEvenDivBig(BigInt(value) * BigInt(mantissa) << BigInt(-rightShift), BigInt(divisor)));
  }
  const den = divisor * 2 ** rightShift;
  if (Math.abs(num) <= SAFE && den <= SAFE) return roundHalfEvenDiv(num, den);
  return Number(roundHalfEvenDivBig(BigInt(value) * BigInt(mantissa), BigInt(divisor) << BigInt(rightShift)));
}
