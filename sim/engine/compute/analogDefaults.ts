// The default variation and read noise of `analog` fidelity, apart from analog.ts so that the CLI's
// help can print them without loading the engine.

/** 5% device-to-device variation and 0.1 level of read noise: illustrative values in the range
 *  device papers report for multi-level RRAM, not a cited device. */
export const DEFAULT_ANALOG_SIGMAS = { conductanceSigma: 0.05, readNoiseSigma: 0.1 } as const;
