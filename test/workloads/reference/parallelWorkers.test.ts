// runReferenceParallel's worker threads (the built ones, when dist/ is there) are all stopped by the
// time its promise settles: a worker left to end on its own can hang the process (worker.ts).
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runReference } from '../../../workloads/reference/execute.js';
import { runReferenceParallel } from '../../../workloads/reference/parallel.js';
import { getNetwork } from '../../../workloads/zoo/registry.js';
import { randomInt8Input } from '../../../workloads/datasets/random.js';

const built = existsSync(new URL('../../../dist/workloads/reference/worker.js', import.meta.url));
/** Message ports open in this process: each live worker holds one. */
const ports = (): number => process.getActiveResourcesInfo().filter((r) => r === 'MessagePort').length;

describe.skipIf(!built)('runReferenceParallel workers', () => {
  it('are all terminated when the results arrive, and the results are those of one thread', async () => {
    const net = getNetwork('lenet5');
    const images = [0, 1, 2].map((i) => randomInt8Input([1, 32, 32], 4, i));
    const before = ports();
    const results = await runReferenceParallel(net, images, {}, 2);
    expect(ports()).toBe(before);
    results.forEach((r, k) => expect([...r.output.data]).toEqual([...runReference(net, images[k]).output.data]));
  }, 60_000);
});
