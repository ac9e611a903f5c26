// Sizes past which a command would run for hours or exhaust memory before saying anything: refused
// up front with the numbers, unless --force. (A 1e9-image simulate grew to 11.6 GB with no
// output; estimate at resolution 100000 ran for minutes; a 1M-tile chip reached 4.25 GB.)
import { OhmflowError } from '../../workloads/errors.js';
import type { Arch } from '../../hw/arch/schema.js';

export const LIMITS = {
  /** Input height = width of ImageNet zoo networks (224 by default). */
  resolution: 4096,
  /** Images one simulate run streams (each image's outputs and reference tensors stay in memory). */
  images: 10_000,
  /** Tiles of a chip (the model and the engine hold per-tile state). */
  tiles: 65_536,
} as const;

function refuse(field: string, what: string, limit: string): never {
  throw new OhmflowError(`${what}, past the limit of ${limit}`, { field, fix: `use a smaller value, or add --force to run it anyway` });
}

export function checkResolution(text: string | undefined, force = false): void {
  const n = Number(text);
  if (text === undefined || force || !Number.isFinite(n) || n <= LIMITS.resolution) return;
  refuse('--resolution', `an input of ${n} x ${n} is ${((n * n) / (224 * 224)).toFixed(0)}x the 224 x 224 ImageNet input`, `${LIMITS.resolution}`);
}

export function checkImages(images: number, force = false): void {
  if (force || images <= LIMITS.images) return;
  refuse('--images', `${images.toLocaleString('en-US')} images would be held in memory (outputs and reference tensors)`, LIMITS.images.toLocaleString('en-US'));
}

export function checkTiles(arch: Arch, force = false): void {
  if (force || arch.chip.tiles <= LIMITS.tiles) return;
  refuse('chip.tiles', `arch "${arch.name}" has ${arch.chip.tiles.toLocaleString('en-US')} tiles`, LIMITS.tiles.toLocaleString('en-US'));
}
