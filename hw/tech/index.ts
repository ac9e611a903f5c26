// Public API of hw/tech: technology cost tables (data with sources) and their scaling rules.
export { loadTech, parseTech, listTech, techExists, techDir } from './load.js';
export { techSchema, TECH_KINDS, TECH_CURVES, type TechTable, type TechRow, type TechComponent, type TechCurve, type TechKind, type Figure } from './schema.js';
export {
  unitFigures, referenceRow, adcUnit, crossbarUnit, dacUnit, edramUnit, sramUnit, busUnit, routerUnit, digitalUnit,
  digitalMacUnit, fixedUnit, type UnitFigures,
} from './scaling.js';
export { logLinear, logLog } from './interpolate.js';
