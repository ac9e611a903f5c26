// Options every zoo builder accepts.
export interface ZooOptions {
  /** Input height = width for the ImageNet networks (default 224); fixed-input networks ignore it. */
  resolution?: number;
  /** Seed of the synthetic weights (default 1): same seed, same network, bit for bit. */
  seed?: number;
}

export const DEFAULT_SEED = 1;
export const IMAGENET_RESOLUTION = 224;
