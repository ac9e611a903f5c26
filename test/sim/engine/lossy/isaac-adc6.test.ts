// adc fidelity on the isaac-adc6 preset: every zoo network at a small input size equals the
// ADC-aware reference bit for bit.
import { describe } from 'vitest';
import { lossyZooTests } from './lossyZoo.js';

describe('isaac-adc6', () => lossyZooTests('isaac-adc6'));
