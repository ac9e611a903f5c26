// Option sets several commands share. This file is loaded for every `ohmflow` run, --help included,
// so it imports nothing heavy: the work behind the flags lives in the command modules.
import type { Command } from 'commander';
import { LIMITS } from '../limits.js';

/** The network `ohmflow` runs when none is named: small enough for a first simulate run. */
export const DEFAULT_NET = 'vgg8';

export function addNetArchFlags(cmd: Command): Command {
  return cmd
    .option('--net <NET>', `zoo network name or .onnx path (default ${DEFAULT_NET})`)
    .option('--arch <ARCH>', 'arch preset name or JSON path (default: the default preset)')
    .option('--mapping <SCHEME>', 'im2col | kernel-split (default im2col)')
    .option('--dup <POLICY>', 'weight duplication: auto | none | N (default auto)')
    .option('--batch <B>', 'images per weight load when reloading (default 1)')
    .option('--reload', 'run in segments with weight reloading when the weights do not fit')
    .option('--schedule <S>', "pipelined (layers overlap, images stream; default) | layer-by-layer (one layer at a time, as NeuroSim's pipeline=false)")
    .option('--digital <LAYERS>', "layers on digital MAC PEs: auto (depthwise convs), none, or NAME,NAME (default auto)")
    .option('--resolution <N>', `input resolution of ImageNet zoo networks (default 224; above ${LIMITS.resolution} needs --force)`)
    .option('--force', `run past the size limits (resolution ${LIMITS.resolution}, ${LIMITS.images.toLocaleString('en-US')} images, ${LIMITS.tiles.toLocaleString('en-US')} tiles)`)
    .option('--json', 'print JSON on stdout');
}

/** `when` says on which runs the command calibrates, for its help. */
export function addCalibrationFlags(cmd: Command, when = ''): Command {
  return cmd
    .option('--calibration <FILE.npy>', `float ONNX models${when}: calibrate on these float32 images, [N, C, H, W] as the model takes them (default: 8 seeded images uniform in [-1, 1))`)
    .option('--calibration-images <N>', `float ONNX models${when}: calibrate on N images (seeded ones, or the first N of --calibration)`)
    .option('--no-calibration-cache', `float ONNX models${when}: calibrate again, neither reading nor writing the cache (in $OHMFLOW_CACHE, default ~/.cache/ohmflow)`);
}
