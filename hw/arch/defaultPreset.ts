// The chip used when none is named, apart from load.ts so that the CLI's help can name it without
// loading the arch schema.

/** A realistic 22 nm design, NeuroSim V1.4's RRAM chip on the NeuroSim-calibrated table. Its 5-bit
 *  ADCs on 128-row reads are lossy, so simulate runs it in `adc` fidelity and checks it against the
 *  ADC-aware reference. */
export const DEFAULT_ARCH_PRESET = 'neurosim-vgg8';
