// Tile buffer cost (eDRAM or SRAM): one operation is one access of bandwidthBitsPerCycle bits on
// one port; an access takes one digital cycle (assumption: the buffer is pipelined to the clock).
import type { TechTable } from '../tech/schema.js';
import { edramUnit, sramUnit } from '../tech/scaling.js';
import { type ComponentCost } from './types.js';

interface BufferParams {
  kind: 'eDRAM' | 'SRAM';
  sizeBytes: number;
  ports: number;
  bandwidthBitsPerCycle: number;
  clockHz: number;
}

export function bufferCost(p: BufferParams, tech: TechTable): ComponentCost {
  const unit = p.kind === 'eDRAM' ? edramUnit(tech, p) : sramUnit(tech, p);
  return unit;
}
