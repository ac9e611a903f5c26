// Public API of hw/tech: technology cost tables (data with sources) and their scaling rules.
export { loadTech,     } from './load.js';
;
;
;
