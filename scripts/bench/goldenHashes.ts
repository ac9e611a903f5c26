// Prints the golden hashes (goldenCases.ts) as a JSON object, group name -> SHA-256, with each
// group's time; `--full` adds the bench's whole AlexNet explore (tens of seconds). Paste the
// object into test/hw/ppa/golden.test.ts only when a result is meant to change.
import { fullExploreGroup, goldenGroups, hashGroup } from './goldenCases.js';

const groups = goldenGroups();
if (process.argv.includes('--full')) groups.push(fullExploreGroup());
const hashes: Record<string, string> = {};
const ms: Record<string, number> = {};
for (const g of groups) {
  const t0 = performance.now();
  hashes[g.name] = hashGroup(g);
  ms[g.name] = Math.round(performance.now() - t0);
}
process.stderr.write(JSON.stringify(ms, null, 2) + '\n');
process.stdout.write(JSON.stringify(hashes, null, 2) + '\n');
