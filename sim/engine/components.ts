// Every component the engine simulates, as declared next to its class: the actors, and within
// them the parts they simulate themselves. `ohmflow describe` lists these.
import type { ComponentDeclaration } from './declaration.js';
import { TileActor } from './actors/tile.js';
import { PeActor } from './actors/pe.js';
import { NocActor } from './actors/noc.js';
import { OffChipLinkActor } from './actors/offChip.js';
import { CrossbarLayerActor } from './actors/crossbarLayer.js';
import { UnitLayerActor } from './actors/unitLayer.js';
import { DigitalMacLayerActor } from './actors/digitalMacLayer.js';

/** A declared component, and the actor that simulates it (itself, for an actor). */
export interface DeclaredComponent {
  declaration: ComponentDeclaration;
  simulatedBy: string;
}

export const ACTOR_DECLARATIONS: readonly ComponentDeclaration[] = [
  CrossbarLayerActor.declaration, DigitalMacLayerActor.declaration, UnitLayerActor.declaration,
  TileActor.declaration, PeActor.declaration, NocActor.declaration, OffChipLinkActor.declaration,
];

/** Every declared component: each actor, then the parts it simulates. */
export function declaredComponents(): DeclaredComponent[] {
  const out: DeclaredComponent[] = [];
  for (const d of ACTOR_DECLARATIONS) {
    out.push({ declaration: d, simulatedBy: d.kind });
    for (const part of d.parts ?? []) out.push({ declaration: part, simulatedBy: d.kind });
  }
  return out;
}
