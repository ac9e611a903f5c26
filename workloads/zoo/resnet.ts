// ResNets as torchvision defines them: basic blocks for 18/34, bottlenecks for 50/101 in v1.5 form
// (the stride sits on the 3x3 conv). Every conv had a BatchNorm, folded here (foldedBatchNorm), so
// parameter counts include 2 per channel as torchvision reports. Layer names follow torchvision's
// module names (layer2.0.conv1, layer2.0.downsample, ...).
import type { ZooBuilder } from './scales.js';
import type { ZooDefinition } from './definition.js';
import { IMAGENET_RESOLUTION } from './options.js';

type BlockKind = 'basic' | 'bottleneck';

function basicBlock(z: ZooBuilder, x: string, prefix: string, width: number, stride: number): string {
  const inC = z.shapeOf(x)[0];
  let y = z.conv(`${prefix}.conv1`, x, { outChannels: width, kernel: 3, stride, padding: 1, relu: true, batchNorm: true });
  y = z.conv(`${prefix}.conv2`, y, { outChannels: width, kernel: 3, padding: 1, relu: false, batchNorm: true });
  const identity = stride !== 1 || inC !== width
    ? z.conv(`${prefix}.downsample`, x, { outChannels: width, kernel: 1, stride, relu: false, batchNorm: true })
    : x;
  return z.add(`${prefix}.add`, y, identity, { relu: true });
}

function bottleneck(z: ZooBuilder, x: string, prefix: string, width: number, stride: number): string {
  const inC = z.shapeOf(x)[0];
  const outC = width * 4;
  let y = z.conv(`${prefix}.conv1`, x, { outChannels: width, kernel: 1, relu: true, batchNorm: true });
  y = z.conv(`${prefix}.conv2`, y, { outChannels: width, kernel: 3, stride, padding: 1, relu: true, batchNorm: true });
  y = z.conv(`${prefix}.conv3`, y, { outChannels: outC, kernel: 1, relu: false, batchNorm: true });
  const identity = stride !== 1 || inC !== outC
    ? z.conv(`${prefix}.downsample`, x, { outChannels: outC, kernel: 1, stride, relu: false, batchNorm: true })
    : x;
  return z.add(`${prefix}.add`, y, identity, { relu: true });
}

function resnet(kind: BlockKind, blocks: readonly number[]): ZooDefinition {
  return (z, options) => {
    const resolution = options.resolution ?? IMAGENET_RESOLUTION;
    let x = z.input([3, resolution, resolution]);
    x = z.conv('conv1', x, { outChannels: 64, kernel: 7, stride: 2, padding: 3, relu: true, batchNorm: true });
    x = z.maxPool('maxpool', x, { kernel: 3, stride: 2, padding: 1 });
    const block = kind === 'basic' ? basicBlock : bottleneck;
    blocks.forEach((count, stage) => {
      const width = 64 * 2 ** stage;
      for (let i = 0; i < count; i++) {
        x = block(z, x, `layer${stage + 1}.${i}`, width, i === 0 && stage > 0 ? 2 : 1);
      }
    });
    x = z.globalAvgPool('avgpool', x);
    x = z.flatten('flatten', x);
    return z.dense('fc', x, { outFeatures: 1000, relu: false });
  };
}

export const defineResnet18 = resnet('basic', [2, 2, 2, 2]);
export const defineResnet34 = resnet('basic', [3, 4, 6, 3]);
export const defineResnet50 = resnet('bottleneck', [3, 4, 6, 3]);
export const defineResnet101 = resnet('bottleneck', [3, 4, 23, 3]);

