// The chip's floorplan as inline SVG: the tile grid as the mesh places it, each tile coloured by
// the layer whose crossbars it holds (the first, when several share it), and every NoC link drawn
// with a width and a shade that grow with its busy time per image (the analytical model's load).
import type { Arch } from '../../hw/arch/schema.js';
import type { MappedNetwork } from '../../hw/mapping/types.js';
import { routerOf } from '../../hw/mapping/placement.js';
import { colourFor } from '../charts/render.js';

const CELL = 56;
const GAP = 14;

const escapeXml = (s: string): string => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Busy time per image of each link, keyed "x,y dir", summed over segments. */
export function linkLoads(busyPs: ReadonlyMap<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [key, ps] of busyPs) {
    const m = /link \((\d+),(\d+)\) ([xy][+-])$/.exec(key);
    if (m) out.set(`${m[1]},${m[2]} ${m[3]}`, (out.get(`${m[1]},${m[2]} ${m[3]}`) ?? 0) + ps);
  }
  return out;
}

interface Floorplan {
  svg: string;
  /** Layer name -> colour, for the legend. */
  legend: Array<{ layer: string; colour: string; tiles: number }>;
}

export function floorplanSvg(mapped: MappedNetwork, arch: Arch, busyPs: ReadonlyMap<string, number>, intervalPs: number): Floorplan {
  const { rows, cols } = arch.noc;
  const owner = new Map<number, string>();
  const legend: Floorplan['legend'] = [];
  const onChip = mapped.layers.filter((l) => l.placement.tiles.length > 0 && l.engine !== 'none' && l.segment === 0);
  onChip.forEach((l, i) => {
    let tiles = 0;
    for (const t of l.placement.tiles) {
      if (owner.has(t)) continue;
      owner.set(t, l.name);
      tiles += 1;
    }
    if (tiles > 0) legend.push({ layer: l.name, colour: colourFor(i), tiles });
  });
  const colourOf = new Map(legend.map((e) => [e.layer, e.colour]));
  const pitch = CELL + GAP;
  const width = cols * pitch + GAP;
  const height = rows * pitch + GAP;
  const parts: string[] = [];
  // Links under the tiles: one line per direction, offset so both directions show.
  const loads = linkLoads(busyPs);
  const maxLoad = Math.max(1, intervalPs, ...loads.values());
  for (const [key, ps] of loads) {
    const [xy, dir] = key.split(' ');
    const [x, y] = xy.split(',').map(Number);
    const dx = dir === 'x+' ? 1 : dir === 'x-' ? -1 : 0;
    const dy = dir === 'y+' ? 1 : dir === 'y-' ? -1 : 0;
    const offset = dir.endsWith('+') ? -4 : 4;
    const cx = GAP + x * pitch + CELL / 2;
    const cy = GAP + y * pitch + CELL / 2;
    const share = ps / maxLoad;
    const shade = Math.round(200 - 200 * share);
    parts.push(`<line x1="${cx + (dy !== 0 ? offset : 0)}" y1="${cy + (dx !== 0 ? offset : 0)}" x2="${cx + dx * pitch + (dy !== 0 ? offset : 0)}" `
      + `y2="${cy + dy * pitch + (dx !== 0 ? offset : 0)}" stroke="rgb(255,${shade},${shade})" stroke-width="${(1 + 5 * share).toFixed(1)}">`
      + `<title>link (${x},${y}) ${dir}: ${(ps / 1e3).toFixed(1)} ns busy per image</title></line>`);
  }
  for (let t = 0; t < arch.chip.tiles; t++) {
    const [x, y] = routerOf(t, arch);
    // Tiles sharing a router sit side by side inside its cell.
    const share = arch.noc.tilesPerRouter;
    const k = t % share;
    const w = CELL / share;
    const layer = owner.get(t);
    const fill = layer === undefined ? '#f2f2f2' : colourOf.get(layer)!;
    parts.push(`<rect x="${(GAP + x * pitch + k * w).toFixed(1)}" y="${GAP + y * pitch}" width="${w.toFixed(1)}" height="${CELL}" fill="${fill}" stroke="#555" stroke-width="0.5">`
      + `<title>tile ${t}${layer === undefined ? ' (idle)' : `: ${escapeXml(layer)}`}</title></rect>`);
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" `
    + `aria-label="floorplan: ${arch.chip.tiles} tiles on a ${rows} x ${cols} mesh">${parts.join('')}</svg>`;
  return { svg, legend };
}
