// How `ohmflow trace summary` can group a trace, apart from summary.ts so that the CLI's help can
// list them without loading the trace reader.
export const SUMMARY_GROUPINGS = ['layer', 'tile', 'component'] as const;
export type SummaryGrouping = (typeof SUMMARY_GROUPINGS)[number];
