// runReferenceParallel's worker threads (the built ones, when dist/ is there) are all stopped soon
// after its promise settles, by the parent: a worker left to end on its own can hang the process (worker.ts).
import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runReference } from '../../../workloads/reference/execute.js';
import { runReferenceParallel } from '../../../workloads/reference/parallel.js';
import { getNetwork } from '../../../workloads/zoo/registry.js';
import { randomInt8Input } from '../../../workloads/datasets/random.js';

const built = existsSync(new URL('../../../dist/workloads/reference/worker.js', import.meta.url));
/** This process's OS threads (Linux): each live worker runs on one of its own. */
const threads = (): number => readdirSync('/proc/self/task').length;

describe.skipIf(!built || !existsSync('/proc/self/task'))('runReferenceParallel workers', () => {
  it('are all terminated soon after the results arrive, and the results are those of one thread', async () => {
    const net = getNetwork('lenet5');
    const images = [0, 1, 2].map((i) => randomInt8Input([1, 32, 32], 4, i));
    const before = threads();
    const results = await runReferenceParallel(net, images, {}, 2);
    for (let waitedMs = 0; threads() > before && waitedMs < 5000; waitedMs += 50) await new Promise((r) => setTimeout(r, 50));
    expect(threads()).toBe(before);
    results.forEach((r, k) => expect([...r.output.data]).toEqual([...runReference(net, images[k]).output.data]));
  }, 60_000);
});
