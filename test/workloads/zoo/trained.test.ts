// The committed trained networks (workloads/zoo/trained/*.onnx): they load by zoo name with the
// zoo architecture, their scales keep ONNX Runtime exact, importing and exporting gives the
// committed bytes back, their training record (*.json) gives ohmflow accuracy the float figure,
// and on the held-out digits of the fixed split the integer reference
// reaches the accuracy docs/accuracy.md promises (all 1,996 test digits; a few seconds each), and
// ONNX Runtime running the committed file gives the reference's outputs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isMnistAvailable } from '../../../workloads/datasets/mnist.js';
import { mnistSplit } from '../../../workloads/datasets/mnistSplit.js';
import { exportOnnx } from '../../../workloads/onnx/export.js';
import { convMultiplier } from '../../../workloads/quant/multiplier.js';
import { describeNetwork, getNetwork, listNetworks } from '../../../workloads/zoo/registry.js';
import { readTrainingRecord, skeletonOf, TRAINED_NETWORKS, trainedFile, trainingRecordFile, trainingRecordText } from '../../../workloads/zoo/trained.js';
import { floatAccuracy } from '../../../sim/accuracy/float.js';
import { runReference } from '../../../workloads/reference/execute.js';
import { referenceAccuracy } from '../../../scripts/train/evaluate.js';
import { runOrt } from '../onnx/ort.js';
import type { Network } from '../../../workloads/ir/types.js';

/** The targets for int8 accuracy on the held-out digits. */
const TARGET: Record<string, number> = { 'mlp-mnist': 0.96, 'lenet5-mnist': 0.98 };

/** Each tensor's scale: its layer's own quantization, or its input's for pass-through layers. */
function tensorScales(net: Network): Map<string, number> {
  const scale = new Map<string, number>();
  for (const l of net.layers) scale.set(l.name, l.kind === 'input' ? l.quant.scale : 'outQuant' in l ? l.outQuant.scale : scale.get(l.inputs[0])!);
  return scale;
}

describe('trained zoo networks', () => {
  it('are listed as trained, the others as seeded', () => {
    const trained = listNetworks().filter((e) => e.weights === 'trained').map((e) => e.name);
    expect(trained).toEqual(TRAINED_NETWORKS.map((t) => t.name));
  });

  for (const t of TRAINED_NETWORKS) {
    describe(t.name, () => {
      const net = getNetwork(t.name);

      it(`has ${t.base}'s layers and shapes, and exports to the committed bytes`, () => {
        expect(net.name).toBe(t.name);
        const strip = (layers: readonly object[]) => layers.map((l) => ({ ...l, outQuant: undefined, quant: undefined }));
        expect(strip(describeNetwork(t.name).layers)).toEqual(strip(describeNetwork(t.base).layers));
        expect(describeNetwork(t.name)).toEqual(skeletonOf(net));
        expect(Buffer.from(exportOnnx(net)).equals(readFileSync(trainedFile(t.name)))).toBe(true);
      });

      it('has the record of the run that wrote it, whose float accuracy ohmflow accuracy shows', () => {
        const record = readTrainingRecord(t.name)!;
        expect(record).toMatchObject({ network: t.name, seed: 1, testImages: 1996 });
        expect(trainingRecordText(record)).toBe(readFileSync(trainingRecordFile(t.name), 'utf8'));
        expect(floatAccuracy(t.name)?.top1).toBe(record.floatTestCorrect / 1996);
        expect(floatAccuracy(t.base)).toBeUndefined();
      });

      it('uses multipliers M = m * 2^-s with m < 2^8 and s <= 16 (exact in ORT float32)', () => {
        const scale = tensorScales(net);
        for (const layer of net.layers) {
          if (layer.kind !== 'conv2d' && layer.kind !== 'dense') continue;
          for (const ws of layer.weightQuant.scales) {
            const m = convMultiplier(scale.get(layer.inputs[0])!, ws, layer.outQuant.scale) * 2 ** 16;
            expect(Number.isInteger(m) && m >= 1 && m < 2 ** 24).toBe(true);
          }
        }
      });

      it.runIf(isMnistAvailable())('runs in ONNX Runtime as in the integer reference, bit for bit (40 held-out digits)', async () => {
        const digits = mnistSplit('test', { size: t.imageSidePx, count: 40 }).map((d) => d.data);
        const ort = await runOrt(readFileSync(trainedFile(t.name)), net, digits);
        expect(ort).toEqual(digits.map((d) => runReference(net, d).output.data));
      }, 60_000);

      it.runIf(isMnistAvailable())(`classifies at least ${100 * TARGET[t.name]}% of the held-out digits right (integer reference)`, async () => {
        const a = await referenceAccuracy(net, mnistSplit('test', { size: t.imageSidePx }));
        expect(a.images).toBe(1996);
        expect(a.accuracy).toBeGreaterThanOrEqual(TARGET[t.name]);
      }, 60_000);
    });
  }
});
