// The figures ohmflow is held against, each with its source. Published figures are copied from
// the papers; NeuroSim's are from our own run of NeuroSim V1.4 (DNN_NeuroSim_V1.4, NeuroSIM/ built
// as shipped, Param.cpp set to its manual's RRAM example: 22 nm, 128x128 arrays of 2-bit cells read
// 128 rows at once, 5-bit multilevel sense amps per 8 columns, 8-bit weights and inputs,
// layer-by-layer execution, synthetic input traces with input-bit activity 0.14-0.17).

/** ISAAC (Shafiee et al., ISCA 2016), Table 2 and Section 6. */
export const ISAAC = {
  source: 'Shafiee et al., ISAAC, ISCA 2016 (Table 2; peak 0.63 TOPS/W also in PIMSYN, DATE 2024, Table IV)',
  imaPowerMw: 24.1,
  tileAreaMm2: 0.372,
  tilePowerMw: 330,
  chipAreaMm2: 85.4,
  chipPowerW: 65.8,
  peakTopsPerW: 0.63,
};

/** NeuroSim V1.4 on VGG-8 (CIFAR-10), one image, layer by layer. */
export const NEUROSIM_VGG8 = {
  source: 'NeuroSim V1.4 (DNN_NeuroSim_V1.4), RRAM design of its manual, run by the ohmflow team',
  dynamicEnergyUj: 17.47,
  /** Sum of component areas (the printed chip area, 148 mm2, counts tile bounding boxes). */
  chipAreaMm2: 45.88,
  /** Of which interconnect: tile H-trees (13 x 0.406 + 34 x 0.028 mm2) and the global X-Y bus 8.68 mm2. */
  interconnectAreaMm2: 14.92,
  adcSharePct: 49.3,
  latencyUs: 383.2,
  /** Per layer: dynamic energy, and the windows NeuroSim simulates against the padded outputs
   *  ((H-K+1)(W-K+1), no padding: it charges 72% of VGG-8's MACs). */
  layers: [
    { name: 'conv1', energyUj: 0.806, latencyUs: 126.1, windows: 900, outputs: 1024 },
    { name: 'conv2', energyUj: 5.569, latencyUs: 144.1, windows: 900, outputs: 1024 },
    { name: 'conv3', energyUj: 2.382, latencyUs: 33.0, windows: 196, outputs: 256 },
    { name: 'conv4', energyUj: 4.158, latencyUs: 51.8, windows: 196, outputs: 256 },
    { name: 'conv5', energyUj: 1.501, latencyUs: 9.9, windows: 36, outputs: 64 },
    { name: 'conv6', energyUj: 2.770, latencyUs: 17.1, windows: 36, outputs: 64 },
    { name: 'fc1', energyUj: 0.282, latencyUs: 0.8, windows: 1, outputs: 1 },
    { name: 'fc2', energyUj: 0.0018, latencyUs: 0.3, windows: 1, outputs: 1 },
  ],
};

/** Peng, Liu, Yu, IEEE TCAS-I 2020: kernel splitting against im2col on ResNet-34, 32 nm RRAM, 8-bit. */
export const KERNEL_SPLIT_RESNET34 = {
  source: 'Peng, Liu, Yu, "Optimizing weight mapping and data flow for convolutional neural networks on processing-in-memory architectures", IEEE TCAS-I 2020',
  speedup: 2.03,
  energyEfficiencyRatio: 1.4,
};
