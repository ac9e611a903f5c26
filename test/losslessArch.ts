// The lossless chip most engine tests run on (exact fidelity, integer reference as the check):
// the default chip, neurosim-vgg8, is lossy.
export const LOSSLESS = 'rram-lossless-32nm';
