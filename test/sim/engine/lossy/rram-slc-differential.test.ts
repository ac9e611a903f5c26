// adc fidelity on the rram-slc-differential preset: every zoo network at a small input size equals the
// ADC-aware reference bit for bit.
import { describe } from 'vitest';
import { lossyZooTests } from './lossyZoo.js';

describe('rram-slc-differential', () => lossyZooTests('rram-slc-differential'));
