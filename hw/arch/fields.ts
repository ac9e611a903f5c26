// zod building blocks for arch fields: quantities with units, counts and bit widths. Every field
// that carries a unit accepts a plain number in the unit its name ends with, or a string with a
// unit ("100ns"), and comes out of parsing as a number in that unit.
import { z } from 'zod';
import { parseQuantity, type Quantity } from './units.js';

type Bound = 'positive' | 'nonnegative';

/** A quantity such as `readLatencyPs: "100ns"`; output is a number in the base unit. */
/** `max`: the largest value that describes a real chip (past it, figures overflow to Infinity). */
export function quantityField(q: Quantity, description: string, bound: Bound = 'positive', max = Infinity) {
  return z
    .union([z.number(), z.string()])
    .transform((input, ctx) => {
      const result = parseQuantity(input, q);
      if (!result.ok) {
        ctx.addIssue({ code: 'custom', message: result.reason });
        return z.NEVER;
      }
      if (bound === 'positive' && !(result.value > 0)) {
        ctx.addIssue({ code: 'custom', message: `must be greater than 0, got ${result.value}` });
        return z.NEVER;
      }
      if (bound === 'nonnegative' && !(result.value >= 0)) {
        ctx.addIssue({ code: 'custom', message: `must be 0 or more, got ${result.value}` });
        return z.NEVER;
      }
      if (result.value > max) {
        ctx.addIssue({ code: 'custom', message: `must be at most ${max.toExponential(0)}, got ${result.value}` });
        return z.NEVER;
      }
      return result.value;
    })
    .meta({ description });
}

/** A whole count of units (≥ 1 unless `min` says otherwise). */
export function countField(description: string, min = 1) {
  return z.number().int().min(min).max(1e9).meta({ description });
}

/** A bit width within [min, max]. */
export function bitsField(description: string, min: number, max: number) {
  return z.number().int().min(min).max(max).meta({ description });
}

/** A digital unit that is only counted (its cost comes from the tech table). */
export function unitCount(description: string) {
  return z.strictObject({ count: countField(`${description}: number of units per tile`, 0) }).meta({ description });
}
