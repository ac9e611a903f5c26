// Golden results of the analytical model and the search: every group of scripts/bench/goldenCases.ts
// (zoo networks x presets x mapping options, reload comparison, AERO sweep, fixed-seed explores)
// must hash exactly as recorded. The hashes were recorded before the speed work, at commit 45d147b,
// with `node dist/scripts/bench/goldenHashes.js --full`: an optimization may change no result, not
// even in the last bit. Set OHMFLOW_GOLDEN_FULL=1 to also run the bench's whole AlexNet explore.
import { describe, expect, it } from 'vitest';
import { fullExploreGroup, goldenGroups, hashGroup } from '../../../scripts/bench/goldenCases.js';

const RECORDED: Readonly<Record<string, string>> = {
  'estimate lenet5 aero-hybrid': '3d0d24f67924ab84e877cc383325ab75e84f965a54befeb1f739b1b3baaed3f0',
  'estimate lenet5 contention': 'c54f388f23f3089dfc5f114f2e7bc077238c4604e8b3dde5ff5389e1185ebfab',
  'estimate lenet5 isaac': '520c95f374d0c9cb44aa4e6e56d408dcb9f9e42629f50884c733c553240d95d0',
  'estimate lenet5 isaac-adc6': 'a9869e261dc03ba0c43d53484c3d2cf0f4605b23ca00f422c073ced4911ffb17',
  'estimate lenet5 neurosim-vgg8': '39a17bec8110614612847d54c98dc9320636ba74c2743dc90745ff03fca0e503',
  'estimate lenet5 rram-lossless-32nm': 'a49552fdd2e9dbd093a1c5d98eba6922eb56a2ec2fe55a676777fbe524d563fb',
  'estimate lenet5 rram-slc-differential': '078e22026d499702ee30265c83daba652a655f78661a7b4943b114cf57e74664',
  'estimate vgg8 aero-hybrid': 'f81bf723e8c1f476242aac1febbecb8ab68090006b2c0c151206a181d6edf55b',
  'estimate vgg8 contention': 'b694d8e62049582377a9ef625577fde71530bfafdb6fc3d7ff1107c5c7f0ddff',
  'estimate vgg8 isaac': '64418bb42e3e919bdf6f608353c6e69798fd38614e08caaa6d402766fa054803',
  'estimate vgg8 isaac-adc6': 'ca88ac4db06d9f449d34d01b1038f27d923cb0665dc818accd25ba0560667a89',
  'estimate vgg8 neurosim-vgg8': '2e197052054abfa2a685369d007dd8d81e078d3be1d40ff90f971995e3e4db70',
  'estimate vgg8 rram-lossless-32nm': '7ba8146c13fcfe803ea644a17dbce67560cf7f7ab8273d6a271a13a332687d7a',
  'estimate vgg8 rram-slc-differential': '5a8d7f9643a38cb7c2edee58acc23d8e4484a61556c3942c9fe8da2b5e9f4c59',
  'estimate alexnet aero-hybrid': '00aa29b764fb0acd29b870bea652ac79b480990870ffe66aeb00931dd85c840e',
  'estimate alexnet contention': 'cd45c04d08c9c96357a38cb6b086325db62221d2cb9ae6abf66e74515bfa969b',
  'estimate alexnet isaac': '9297e185eba1aaf9d181c43a7fb16238ad4b113294e33dccbfe9cc503ffc37b0',
  'estimate alexnet isaac-adc6': 'a9d33ee5365000f261bafd65a9aac679d0e7062db0bd3ff2d7e75e58e0a93981',
  'estimate alexnet neurosim-vgg8': '4699257369638edd106cfc14e6adf6b86308e437195f352f2357ca31ad97f10f',
  'estimate alexnet rram-lossless-32nm': '621f59ae85fc4cae52a0372f08916a79c1e5bb6632ef4200064c2ce03bbba365',
  'estimate alexnet rram-slc-differential': '36e53051fc72b1a95635b3b65aa1839f0b6425a41f03ba3453abecd5316058f2',
  'estimate resnet18 aero-hybrid': 'b113f1d43893476808d69498d91caf83495a94ed80d41de2e33b2af9ced7c045',
  'estimate resnet18 contention': '6602cf90e3f4410a7a8b1de211bed77684267ff0b82d46045f9c6a14d6efa863',
  'estimate resnet18 isaac': '949ba3186d734dc901006d589b239afe299604dbf89ea5feb65751aaea371ae8',
  'estimate resnet18 isaac-adc6': 'a81be86b49cdd040600bc98c5baedf1f64d3ddc0559807e1e75c232231621502',
  'estimate resnet18 neurosim-vgg8': 'e4b3534ffedaf91c579bbbdb1569a8657832a786dcc1576360af7915bbbf7465',
  'estimate resnet18 rram-lossless-32nm': '7de3aea4ffd70ef19dd280b32602a574b8acc8ab8dfc372361fd9644f625800f',
  'estimate resnet18 rram-slc-differential': 'fe082b05c822051e053f600a34531c8c7bbe61d51a56dad5c815708198803446',
  'estimate resnet50 isaac (bench:estimate)': '076566b9590d9b5bd9227744eaa593ffb73f968503cf0c0f006a0fb7ecc5f424',
  'compareReload resnet18 aero-hybrid': 'ee3b57958d94a1abec47d679008a4e2e13a9c76d5b10d7e0f7ad38a4e8f98298',
  'exploreBudgets vgg8 aero-hybrid': '2c87b96e6c1874959f68320844a82189aa137e84155c5fe0e46a26b000159b42',
  'synthesize alexnet seed 1': '31a3fcfe838e39ed1059cf6a5c8b778af3879005d9cdd2f2b76dd7d98b003904',
  'synthesize vgg8 seed 5 kernel-split fps': '132c45cac95e7e67a5a74714cf3d500ec3fcf0fe519e9dbe20bcb82717f15144',
  'synthesize lenet5 seed 2 adc 4 bits': 'c0037be2941f37f0414829a48d2127b52a2957f9236f7b1050b5db50c29c5ac5',
};

const FULL_EXPLORE = '1039bbc7ee7a84978c32a568198132ed4d0a969f7aa3e03f766c370809343513';

describe('golden results (recorded at 45d147b)', () => {
  const groups = goldenGroups();
  it('covers every recorded group', () => expect(groups.map((g) => g.name).sort()).toEqual(Object.keys(RECORDED).sort()));
  for (const g of groups) it(g.name, () => expect(hashGroup(g)).toBe(RECORDED[g.name]));
  it.skipIf(process.env.OHMFLOW_GOLDEN_FULL !== '1')('the bench explore (AlexNet, seed 1, CLI defaults)', () => {
    expect(hashGroup(fullExploreGroup())).toBe(FULL_EXPLORE);
  });
});
