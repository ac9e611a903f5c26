// A global average pool on the chip rounds as the integer reference does (ONNX Runtime's float32
// steps, then the zero point): an exact tie at an odd output zero point once came out one step
// higher in the engine and the functional chip, which added the zero point before rounding.
import { describe, expect, it } from 'vitest';
import { NetworkBuilder } from '../../../workloads/ir/builder.js';
import { runReference } from '../../../workloads/reference/index.js';
import { mapNetwork } from '../../../hw/mapping/index.js';
import { loadArch } from '../../../hw/arch/index.js';
import { loadTech } from '../../../hw/tech/index.js';
import { simulate } from '../../../sim/engine/index.js';
import { FunctionalChip } from '../../../sim/functional/index.js';
import { LOSSLESS } from '../../losslessArch.js';

describe('global average pool ties', () => {
  it('means on halves of the output step at an odd zero point: engine and functional chip equal the reference', () => {
    const b = new NetworkBuilder('gap-ties');
    b.input('x', [4, 2, 2], { scale: 1, zeroPoint: 0 });
    b.globalAvgPool('gap', 'x', { outQuant: { scale: 0.5, zeroPoint: 1 } });
    const net = b.build();
    // Means 0.25, 0.75, -0.25, 1.25: 0.5, 1.5, -0.5, 2.5 output steps, each an exact tie.
    const image = Int8Array.from([1, 0, 0, 0, 3, 0, 0, 0, -1, 0, 0, 0, 5, 0, 0, 0]);
    const reference = runReference(net, image).output.data;
    // Half to even, then + 1: 0, 2, -0, 2 -> 1, 3, 1, 3 (adding first would give 2, 2, 0, 4).
    expect([...reference]).toEqual([1, 3, 1, 3]);
    const arch = loadArch(LOSSLESS);
    const mapped = mapNetwork(net, arch);
    const engine = simulate({ net, mapped, arch, tech: loadTech(arch.tech), inputs: [image] });
    expect([...engine.outputs[0]]).toEqual([...reference]);
    expect([...new FunctionalChip(net, mapped, arch, { fidelity: 'exact' }).run(image, 0)]).toEqual([...reference]);
  });
});
