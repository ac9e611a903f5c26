// Every zoo network's MACs and parameters equal the published figures
// (docs/references.md, Workloads: torchvision's counts, NeuroSim's VGG-8, LeCun's LeNet-5); the
// trained MLP and LeNet-5 count as the ones they were trained from.
import { describe, expect, it } from 'vitest';
import { describeNetwork, getNetwork, listNetworks } from '../../../workloads/zoo/registry.js';
import { countMacs, countParams } from '../../../workloads/ir/counts.js';

const MLP = { input: [1, 28, 28], macs: 784 * 512 + 512 * 512 + 512 * 10, params: 784 * 512 + 512 + 512 * 512 + 512 + 512 * 10 + 10 };
const LENET5 = { input: [1, 32, 32], macs: 416_520, params: 61_706 };

const PUBLISHED: Record<string, { input: number[]; macs: number; params: number }> = {
  mlp: MLP,
  lenet5: LENET5,
  'mlp-mnist': MLP,
  'lenet5-mnist': LENET5,
  vgg8: { input: [3, 32, 32], macs: 615_917_568, params: 12_973_440 }, // weights only, as NeuroSim
  alexnet: { input: [3, 224, 224], macs: 714_188_480, params: 61_100_840 },
  vgg13: { input: [3, 224, 224], macs: 11_308_466_176, params: 133_047_848 },
  vgg16: { input: [3, 224, 224], macs: 15_470_264_320, params: 138_357_544 },
  resnet18: { input: [3, 224, 224], macs: 1_814_073_344, params: 11_689_512 },
  resnet34: { input: [3, 224, 224], macs: 3_663_761_408, params: 21_797_672 },
  resnet50: { input: [3, 224, 224], macs: 4_089_184_256, params: 25_557_032 },
  resnet101: { input: [3, 224, 224], macs: 7_801_405_440, params: 44_549_160 },
  // ohmflow's own network, counted by hand from its layers (workloads/zoo/squeezenet.ts): MACs
  // 16x16 x (32x27 + 16x32 + 32x16 + 32x144 + 16x64 + 32x16 + 32x144) + 8x8 x (32x64 + 64x32 +
  // 64x288 + 10x128); parameters the same products' weights plus one bias per output channel.
  'squeezenet-mini': { input: [3, 32, 32], macs: 4_759_552, params: 36_810 },
};

describe('zoo counts at the standard input sizes', () => {
  it('covers exactly the published networks', () => {
    expect(listNetworks().map((e) => e.name).sort()).toEqual(Object.keys(PUBLISHED).sort());
  });

  for (const [name, expected] of Object.entries(PUBLISHED)) {
    it(`${name}: ${expected.macs.toLocaleString('en-US')} MACs, ${expected.params.toLocaleString('en-US')} params`, () => {
      const net = getNetwork(name);
      const input = net.layers.find((l) => l.kind === 'input');
      expect(input?.kind === 'input' ? input.shape : undefined).toEqual(expected.input);
      expect(countMacs(net)).toBe(expected.macs);
      expect(countParams(net)).toBe(expected.params);
    }, 60_000);
  }
});

describe('zoo counts from skeletons (no weight arrays) at the standard input sizes', () => {
  for (const [name, expected] of Object.entries(PUBLISHED)) {
    it(`${name}`, () => {
      const skeleton = describeNetwork(name);
      expect(countMacs(skeleton)).toBe(expected.macs);
      expect(countParams(skeleton)).toBe(expected.params);
    });
  }
});
