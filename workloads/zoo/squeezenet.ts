// A small SqueezeNet (Iandola et al. 2016, v1.1 layout) for CIFAR-10 on 3x32x32: fire modules
// squeeze with a 1x1 conv and expand with a 1x1 and a 3x3 conv whose outputs are concatenated
// along channels. Fire 2 and 3 concat two ReLU branches of one quantization (a plain copy); fire 4's
// 3x3 expand is linear, so its concat meets a ReLU branch and a linear one at a common scale and
// requantizes both: the zoo's test of channel concat at all three levels.
import type { ZooBuilder } from './scales.js';
import type { ZooDefinition } from './definition.js';

function fire(z: ZooBuilder, x: string, name: string, squeeze: number, expand: number, linear3x3 = false): string {
  const s = z.conv(`${name}.squeeze`, x, { outChannels: squeeze, kernel: 1, relu: true });
  const e1 = z.conv(`${name}.expand1x1`, s, { outChannels: expand, kernel: 1, relu: true });
  const e3 = z.conv(`${name}.expand3x3`, s, { outChannels: expand, kernel: 3, padding: 1, relu: !linear3x3 });
  return z.concat(`${name}.concat`, [e1, e3]);
}

export const defineSqueezenetMini: ZooDefinition = (z) => {
  let x = z.input([3, 32, 32]);
  x = z.conv('conv1', x, { outChannels: 32, kernel: 3, stride: 2, padding: 1, relu: true });
  x = fire(z, x, 'fire2', 16, 32);
  x = fire(z, x, 'fire3', 16, 32);
  x = z.maxPool('maxpool3', x, { kernel: 2 });
  x = fire(z, x, 'fire4', 32, 64, true);
  x = z.conv('conv10', x, { outChannels: 10, kernel: 1, relu: true });
  x = z.globalAvgPool('avgpool', x);
  return z.flatten('flatten', x);
};
