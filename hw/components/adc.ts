// ADC cost: one operation is one conversion of one bitline; a conversion takes one sample period.
import type { TechTable } from '../tech/schema.js';
import { adcUnit } from '../tech/scaling.js';
import type { ComponentCost } from './types.js';

interface AdcParams {
  bits: number;
  sampleRateHz: number;
}

export function adcCost(p: AdcParams, tech: TechTable): ComponentCost {
  return adcUnit(tech, p.bits, p.sampleRateHz);
}
