// How ohmflow marks its tracks so that readers (summary, chrome export) can tell their role:
// TrackDescriptor.description starts with "ohmflow:<role>[:<kind>]"; energy counters carry a
// CounterDescriptor category naming the family they sum over.

export const TRACK_ROLES = ['chip', 'group', 'layer', 'tile', 'pe', 'component', 'slot', 'counter'] as const;
export type TrackRole = (typeof TRACK_ROLES)[number];

/** Families of cumulative energy counters: summing the last values of one family gives the total. */
export const ENERGY_FAMILIES = ['kind', 'layer', 'tile'] as const;
export type EnergyFamily = (typeof ENERGY_FAMILIES)[number];

export function energyCategory(family: EnergyFamily): string {
  return `ohmflow.energy.by_${family}`;
}

export function energyFamilyOf(categories: readonly string[] | undefined): EnergyFamily | null {
  for (const family of ENERGY_FAMILIES) if (categories?.includes(energyCategory(family))) return family;
  return null;
}

export function roleDescription(role: TrackRole, kind?: string): string {
  return kind === undefined ? `ohmflow:${role}` : `ohmflow:${role}:${kind}`;
}

/** The role (and component kind) written by roleDescription, or null for a foreign track. */
export function parseRoleDescription(description: string | undefined): { role: TrackRole; kind?: string } | null {
  if (description === undefined || !description.startsWith('ohmflow:')) return null;
  const head = description.split(';')[0].trim();
  const [, role, kind] = head.split(':');
  if (!(TRACK_ROLES as readonly string[]).includes(role)) return null;
  return kind === undefined ? { role: role as TrackRole } : { role: role as TrackRole, kind };
}

/** The scale rule, stated in the root track's name and description of every trace. */
export const TIME_SCALE_NOTE = '1 trace-ns = 1 simulated ps (times shown are 1000x real)';
