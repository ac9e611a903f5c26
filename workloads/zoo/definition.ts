// A zoo network is written once, as code that adds its layers to a ZooBuilder, and built two ways
// from it: with seeded weights, or as a skeleton without weight arrays (for counts and mapping), so
// the two can never describe different networks.
import type { Network, NetworkSkeleton } from '../ir/types.js';
import { DEFAULT_SEED, type ZooOptions } from './options.js';
import { ZooBuilder } from './scales.js';

/** Adds a network's layers to `z` and returns the name of its output layer. */
export type ZooDefinition = (z: ZooBuilder, options: ZooOptions) => string;

export function buildZooNetwork(name: string, define: ZooDefinition, options: ZooOptions): Network {
  const z = new ZooBuilder(name, options.seed ?? DEFAULT_SEED);
  return z.build(define(z, options));
}

/** The same network without weight arrays; the seed is irrelevant (it only draws weights). */
export function buildZooSkeleton(name: string, define: ZooDefinition, options: ZooOptions): NetworkSkeleton {
  const z = new ZooBuilder(name, DEFAULT_SEED, { weights: false });
  return z.buildSkeleton(define(z, options));
}
