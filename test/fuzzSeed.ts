// Property tests (fast-check) run from a fixed seed, so a CI run is reproducible and a failure
// seen there fails the same way here. OHMFLOW_FUZZ_SEED overrides it for every property test: an
// integer to replay or explore one run (fast-check prints the seed of a failure), or `random` for
// a fresh seed per test file. Loaded before every test file (vitest.config.ts setupFiles).
import fc from 'fast-check';

/** The seed of property tests that name none. */
export const DEFAULT_FUZZ_SEED = 20261206;

/** The seed a property test runs from: `fixed` (or the default), unless OHMFLOW_FUZZ_SEED says otherwise. */
export function fuzzSeed(fixed = DEFAULT_FUZZ_SEED, env: NodeJS.ProcessEnv = process.env): number {
  const text = env.OHMFLOW_FUZZ_SEED?.trim();
  if (text === undefined || text === '') return fixed;
  if (text === 'random') return (Date.now() ^ (Math.random() * 2 ** 31)) | 0;
  const seed = Number(text);
  if (!Number.isSafeInteger(seed)) throw new Error(`OHMFLOW_FUZZ_SEED: expected an integer or "random", got "${text}"`);
  return seed | 0;
}

const seed = fuzzSeed();
if (process.env.OHMFLOW_FUZZ_SEED?.trim() === 'random') process.stderr.write(`property tests: OHMFLOW_FUZZ_SEED=${seed}\n`);
fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
