// How a component states what it is, in one typed declaration next to its class (SST's
// ELI_DOCUMENT_PARAMS/PORTS/STATISTICS): the arch fields that configure it, its connections, the
// statistics it keeps and the trace tracks it draws. The actor registers its statistics from the
// declaration, so the two cannot drift, and `ohmflow describe` prints it.
import type { Actor, Counter } from '../kernel/index.js';

export interface StatDeclaration {
  readonly unit: string;
  readonly description: string;
}

export interface ComponentDeclaration<S extends string = string> {
  readonly kind: string;
  readonly description: string;
  /** Arch fields that configure it, as JSON paths (their units and meaning: the arch schema). */
  readonly params: readonly string[];
  /** What it exchanges with other components, by connection name. */
  readonly ports: Readonly<Record<string, string>>;
  /** Statistics, named `<actor>.<stat>` in the report (none for a part simulated by its owner). */
  readonly stats: Readonly<Record<S, StatDeclaration>>;
  /** Trace tracks it draws, by name as they appear in the trace (N stands for an index). */
  readonly tracks: Readonly<Record<string, string>>;
  /** Components it simulates itself, with no actor of their own (a PE's ADCs, a tile's bus). */
  readonly parts?: readonly ComponentDeclaration[];
}

/** Registers every statistic of `decl` on `actor`; returns the counters by name. */
export function registerStats<S extends string>(actor: Actor, decl: Pick<ComponentDeclaration<S>, 'stats'>): Record<S, Counter> {
  const out = {} as Record<S, Counter>;
  for (const name of Object.keys(decl.stats) as S[]) out[name] = actor.stat(name, decl.stats[name].unit, decl.stats[name].description);
  return out;
}
