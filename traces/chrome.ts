// `ohmflow trace export --chrome`: the Chrome JSON trace-event format (chrome://tracing, Perfetto's
// legacy importer) for small runs. Same scale rule as the Perfetto file: 1 trace-ns = 1 simulated
// ps, and Chrome's `ts` is in µs, so ts = trace-ns / 1000 and a displayed µs is a simulated ns.
import { writeFileAtomic } from '../workloads/atomicFile.js';
import { OhmflowError } from '../workloads/errors.js';
import { walkTrace, type ArgValue, type WalkedTrack } from './perfetto/walk.js';
import { TIME_SCALE_NOTE } from './perfetto/tracks.js';

export interface ChromeEvent {
  name: string;
  ph: 'B' | 'E' | 'C' | 'M' | 'i';
  ts?: number;
  pid: number;
  tid: number;
  args?: Record<string, ArgValue>;
  s?: 't';
}

interface ChromeTrace {
  traceEvents: ChromeEvent[];
  displayTimeUnit: 'ns';
  otherData: Record<string, string>;
}

const CHIP_PID = 1;
/** Chrome's ts unit is µs; our trace-ns are simulated ps. */
const TRACE_NS_PER_CHROME_US = 1000;

/** Full path of a track, e.g. "tile 0 / pe 1 / adc group 0 #2", to name Chrome threads. */
function trackPath(track: WalkedTrack): string {
  const names: string[] = [];
  for (let at: WalkedTrack | null = track; at !== null && at.parent !== null; at = at.parent) names.unshift(at.name);
  return names.length === 0 ? track.name : names.join(' / ');
}

function traceToChrome(path: string): ChromeTrace {
  const events: ChromeEvent[] = [];
  const named = new Set<number>();
  let rootName = 'ohmflow chip';
  const thread = (track: WalkedTrack): number => {
    if (!named.has(track.uuid)) {
      named.add(track.uuid);
      events.push({ name: 'thread_name', ph: 'M', pid: CHIP_PID, tid: track.uuid, args: { name: trackPath(track) } });
      events.push({ name: 'thread_sort_index', ph: 'M', pid: CHIP_PID, tid: track.uuid, args: { sort_index: track.uuid } });
    }
    return track.uuid;
  };
  const ts = (timestamp: number): number => timestamp / TRACE_NS_PER_CHROME_US;
  const walked = walkTrace(path, {
    track(track) {
      if (track.parent === null) rootName = track.name;
    },
    begin(track, name, timestamp, args) {
      events.push({ name, ph: 'B', ts: ts(timestamp), pid: CHIP_PID, tid: thread(track), args: { ...args } });
    },
    end(track, name, timestamp) {
      events.push({ name, ph: 'E', ts: ts(timestamp), pid: CHIP_PID, tid: thread(track) });
    },
    instant(track, name, timestamp) {
      events.push({ name, ph: 'i', ts: ts(timestamp), pid: CHIP_PID, tid: thread(track), s: 't' });
    },
    counter(track, value, timestamp) {
      const unit = track.unitName === undefined ? '' : ` (${track.unitName})`;
      events.push({ name: `${trackPath(track)}${unit}`, ph: 'C', ts: ts(timestamp), pid: CHIP_PID, tid: 0, args: { value } });
    },
  });
  if (walked.problemCount > 0) {
    throw new OhmflowError(`the trace has ${walked.problemCount} structural problem(s); first: ${walked.problems[0]}`, {
      field: path,
      fix: `run \`ohmflow trace check ${path}\` for the full list`,
    });
  }
  events.unshift({ name: 'process_name', ph: 'M', pid: CHIP_PID, tid: 0, args: { name: rootName } });
  return {
    traceEvents: events,
    displayTimeUnit: 'ns',
    otherData: { source: path, timeScale: `${TIME_SCALE_NOTE}; Chrome ts (µs) = trace-ns / 1000, so 1 displayed µs = 1 simulated ns` },
  };
}

export function writeChromeTrace(path: string, outPath: string): ChromeTrace {
  const trace = traceToChrome(path);
  writeFileAtomic(outPath, `${JSON.stringify(trace)}\n`);
  return trace;
}
