// The activation a requantizing layer fuses: a ReLU, a clip (OutputClamp), both or none. One
// definition of the int8 output range, read by the requantizers, and of whether the layer's outputs
// pass through a tile's activation unit, read by the analytical model and the engine alike.
import type { ActivationTable, OutputClamp } from './types.js';

/** The fields of conv2d, dense and add layers that define their fused activation. */
interface FusedActivation {
  readonly relu: boolean;
  readonly clamp?: OutputClamp;
  readonly table?: ActivationTable;
}

/** Whether the layer's outputs go through an activation unit (a fused ReLU, clip or lookup table: one operation per output). */
export function hasActivation(layer: FusedActivation): boolean {
  return layer.relu || layer.clamp !== undefined || layer.table !== undefined;
}

/** The int8 codes outputs are clamped to: [-128, 127], raised to the zero point by a ReLU, narrowed by a clip. */
export function outputRange(zeroPoint: number, relu: boolean, clamp?: OutputClamp): OutputClamp {
  const floor = relu ? Math.max(-128, zeroPoint) : -128;
  return { min: Math.max(floor, clamp?.min ?? -128), max: Math.min(127, clamp?.max ?? 127) };
}
