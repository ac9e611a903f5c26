// adc fidelity on the neurosim-vgg8 preset: every zoo network at a small input size equals the
// ADC-aware reference bit for bit, with im2col and (NeuroSim's own mapping) kernel-split.
import { describe } from 'vitest';
import { lossyZooTests } from './lossyZoo.js';

describe('neurosim-vgg8', () => lossyZooTests('neurosim-vgg8'));
describe('neurosim-vgg8, kernel-split', () => lossyZooTests('neurosim-vgg8', [['lenet5', undefined], ['vgg8', undefined], ['resnet18', 32]], 'kernel-split'));
