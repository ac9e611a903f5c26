// Training is deterministic: a short run (one epoch on 48 digits) twice with the same seed gives the
// same ONNX bytes, another seed other bytes; the file imports back to the very network that was
// quantized, with the zoo architecture's layers, and exports to the same bytes again.
import { describe, expect, it } from 'vitest';
import { isMnistAvailable } from '../../../workloads/datasets/mnist.js';
import { exportOnnx } from '../../../workloads/onnx/export.js';
import { importOnnx } from '../../../workloads/onnx/import.js';
import { describeNetwork } from '../../../workloads/zoo/registry.js';
import { skeletonOf, TRAINED_NETWORKS } from '../../../workloads/zoo/trained.js';
import { trainNetwork, type PipelineOptions } from '../../../scripts/train/pipeline.js';

const TINY: Omit<PipelineOptions, 'seed'> = {
  recipe: { epochs: 1, batchSize: 16, learningRate: 1e-3, maxShiftPx: 1 },
  trainImages: 48,
  testImages: 10,
};

describe.runIf(isMnistAvailable())('trainNetwork', () => {
  for (const t of TRAINED_NETWORKS) {
    it(`${t.name}: same seed, same bytes; another seed, other bytes; import gives back the network`, () => {
      const a = trainNetwork(t, { ...TINY, seed: 1 });
      const b = trainNetwork(t, { ...TINY, seed: 1 });
      const c = trainNetwork(t, { ...TINY, seed: 2 });
      expect(Buffer.from(a.onnx).equals(Buffer.from(b.onnx))).toBe(true);
      expect(Buffer.from(a.onnx).equals(Buffer.from(c.onnx))).toBe(false);
      expect(a.floatAccuracy).toEqual(b.floatAccuracy);
      expect(a.floatAccuracy.images).toBe(10);

      const imported = importOnnx(a.onnx);
      expect(imported).toEqual(a.network);
      expect(Buffer.from(exportOnnx(imported)).equals(Buffer.from(a.onnx))).toBe(true);
      // The zoo architecture: same layers, geometry and fused ReLUs; only quantization differs.
      const strip = (layers: readonly object[]) => layers.map((l) => ({ ...l, outQuant: undefined, quant: undefined }));
      expect(strip(skeletonOf(imported).layers)).toEqual(strip(describeNetwork(t.base).layers));
    }, 60_000);
  }
});
