// `ohmflow trace summary`: busy time, utilization and energy per layer, tile or component kind,
// read back from a trace file. Times are converted with the trace's rule (1 trace-ns = 1 ps).
import { OhmflowError } from '../../workloads/errors.js';
import { walkTrace, type WalkedTrack } from './walk.js';
import type { SummaryGrouping } from './summaryGroupings.js';
import type { EnergyFamily, TrackRole } from './tracks.js';


interface SummaryRow {
  /** Layer name, tile name, or component kind. */
  readonly group: string;
  /** Tracks (layers, tiles or component instances) in the group that show activity. */
  readonly units: number;
  /** Sum over the group's units of the time each was busy (overlapping slices counted once). */
  readonly busyNs: number;
  /** busyNs / (units x spanNs); null for a group with energy but no activity. */
  readonly utilization: number | null;
  readonly energyPj: number;
}

interface TraceSummary {
  readonly file: string;
  readonly by: SummaryGrouping;
  /** From the first to the last event, in simulated ns. */
  readonly startNs: number;
  readonly endNs: number;
  readonly spanNs: number;
  /** Sum over component kinds of the cumulative energy counters (last minus first value). */
  readonly totalEnergyPj: number;
  readonly rows: readonly SummaryRow[];
  readonly packets: number;
  readonly tracks: number;
}

/** Trace timestamps are simulated ps (see writer.ts); summaries report ns. */
const PS_PER_NS = 1000;

const ROLE_OF: Record<SummaryGrouping, TrackRole> = { layer: 'layer', tile: 'tile', component: 'component' };
const FAMILY_OF: Record<SummaryGrouping, EnergyFamily> = { layer: 'layer', tile: 'tile', component: 'kind' };

interface Activity {
  open: number;
  sincePs: number;
}

export function summarizeTrace(path: string, by: SummaryGrouping): TraceSummary {
  const role = ROLE_OF[by];
  const family = FAMILY_OF[by];
  const activity = new Map<WalkedTrack, Activity>();
  const busyPs = new Map<string, number>();
  const units = new Map<string, Set<WalkedTrack>>();
  const energyRange = new Map<WalkedTrack, { first: number; last: number }>();

  const groupOf = (track: WalkedTrack): string | null => {
    const logical = track.logical;
    if (logical.role !== role) return null;
    return by === 'component' ? (logical.kind ?? logical.name) : logical.name;
  };

  const walked = walkTrace(path, {
    begin(track, _name, timestamp) {
      const group = groupOf(track);
      if (group === null) return;
      const logical = track.logical;
      let state = activity.get(logical);
      if (state === undefined) activity.set(logical, (state = { open: 0, sincePs: 0 }));
      if (state.open === 0) state.sincePs = timestamp;
      state.open++;
      let set = units.get(group);
      if (set === undefined) units.set(group, (set = new Set()));
      set.add(logical);
    },
    end(track, _name, timestamp) {
      const group = groupOf(track);
      if (group === null) return;
      const state = activity.get(track.logical)!;
      state.open--;
      if (state.open === 0) busyPs.set(group, (busyPs.get(group) ?? 0) + timestamp - state.sincePs);
    },
    counter(track, value) {
      if (track.energyFamily === null) return;
      const range = energyRange.get(track);
      if (range === undefined) energyRange.set(track, { first: value, last: value });
      else range.last = value;
    },
  });
  if (walked.problemCount > 0) {
    throw new OhmflowError(`the trace has ${walked.problemCount} structural problem(s); first: ${walked.problems[0]}`, {
      field: path,
      fix: `run \`ohmflow trace check ${path}\` for the full list`,
    });
  }

  const energyPj = new Map<string, number>();
  let totalEnergyPj = 0;
  for (const [track, range] of energyRange) {
    const spent = range.last - range.first;
    if (track.energyFamily === 'kind') totalEnergyPj += spent;
    if (track.energyFamily !== family) continue;
    const key = family === 'tile' ? (track.parent?.role === 'tile' ? track.parent.name : 'chip-level') : track.name;
    energyPj.set(key, (energyPj.get(key) ?? 0) + spent);
  }

  const startPs = walked.firstTimestamp ?? 0;
  const endPs = walked.lastTimestamp ?? 0;
  const spanPs = endPs - startPs;
  const groups = [...new Set([...units.keys(), ...energyPj.keys()])].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const rows = groups.map((group): SummaryRow => {
    const count = units.get(group)?.size ?? 0;
    const busy = busyPs.get(group) ?? 0;
    return {
      group,
      units: count,
      busyNs: busy / PS_PER_NS,
      utilization: count === 0 || spanPs === 0 ? null : busy / (count * spanPs),
      energyPj: energyPj.get(group) ?? 0,
    };
  });
  return {
    file: path,
    by,
    startNs: startPs / PS_PER_NS,
    endNs: endPs / PS_PER_NS,
    spanNs: spanPs / PS_PER_NS,
    totalEnergyPj,
    rows,
    packets: walked.packets,
    tracks: walked.tracks,
  };
}

/** A short table: totals first, then one row per group. */
export function formatSummary(summary: TraceSummary): string {
  const header = [summary.by === 'component' ? 'component kind' : summary.by, 'units', 'busy ns', 'utilization', 'energy pJ'];
  const body = summary.rows.map((row) => [
    row.group,
    String(row.units),
    formatNumber(row.busyNs),
    row.utilization === null ? '-' : `${(row.utilization * 100).toFixed(1)}%`,
    formatNumber(row.energyPj),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...body.map((cells) => cells[column].length)));
  const line = (cells: string[]): string => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
  return [
    `${summary.file}: ${formatNumber(summary.spanNs)} ns simulated (${formatNumber(summary.startNs)} to ${formatNumber(summary.endNs)} ns), total energy ${formatNumber(summary.totalEnergyPj)} pJ`,
    '',
    line(header),
    ...body.map(line),
  ].join('\n');
}

function formatNumber(value: number): string {
  if (value === 0) return '0';
  if (Math.abs(value) >= 1e6 || Math.abs(value) < 1e-3) return value.toExponential(3);
  return Number(value.toPrecision(6)).toString();
}
