// Where a sweep's files go: OUT/results/<index>.json, OUT next to the sweep file by default.
import { join } from 'node:path';

function resultsDir(out: string): string {
  return join(out, 'results');
}

export function resultPath(out: string, index: number): string {
  return join(resultsDir(out), `${index}.json`);
}

/** Default output directory: next to the sweep file, named after it. */
export function defaultOut(sweepFile: string): string {
  return sweepFile.replace(/\.(jsonl?|txt)$/i, '') + '.out';
}
