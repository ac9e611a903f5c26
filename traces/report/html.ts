// A run's report as one self-contained HTML file (`--report out.html`): totals, the analytical
// beside the simulated figures, per-layer tables, the charts as inline PNGs, the floorplan as
// inline SVG with the NoC load, and the resources layers waited on, each in a sentence. No
// network access, no script: it opens the same anywhere.
import type { Arch } from '../../hw/arch/schema.js';
import type { MappedNetwork } from '../../hw/mapping/types.js';
import type { Analytical } from '../../hw/ppa/types.js';
import { floorplanSvg } from './floorplan.js';
import { waitSentence, type crosscheckReport, type functionalReport, type SimulatedReport } from './runReport.js';

interface HtmlReportInput {
  title: string;
  analytical: Analytical;
  mapped: MappedNetwork;
  arch: Arch;
  /** The model's busy time per image of every shared resource (hw/ppa networkTiming). */
  busyPs: ReadonlyMap<string, number>;
  simulated?: SimulatedReport;
  crosscheck?: ReturnType<typeof crosscheckReport>;
  functional?: ReturnType<typeof functionalReport>;
  charts: ReadonlyArray<readonly [string, Buffer]>;
}

const esc = (s: string): string => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
const num = (x: number, digits = 4): string => (Number.isFinite(x) ? Number(x.toPrecision(digits)).toLocaleString('en-US') : 'n/a');
const pct = (x: number | null | undefined): string => (x === null || x === undefined || !Number.isFinite(x) ? 'n/a' : `${x >= 0 ? '+' : ''}${x.toFixed(1)}%`);

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return `<table><thead><tr>${header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${
    rows.map((r) => `<tr>${r.map((c, i) => `<td${i > 0 ? ' class="n"' : ''}>${esc(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

function totals(r: HtmlReportInput): string {
  const a = r.analytical;
  const s = r.simulated;
  const c = r.crosscheck;
  const rows: string[][] = [
    ['area (mm2)', num(a.areaMm2), s ? num(s.areaMm2) : '', ''],
    ['latency (us)', num(a.latencyNs / 1e3), s ? num(s.latencyNs / 1e3) : '', pct(c?.latencyErrPct)],
    ['interval (us)', num(a.intervalNs / 1e3), s ? num(s.intervalNs / 1e3) : '', pct(c?.intervalErrPct)],
    ['throughput (images/s)', num(a.fps), s ? num(s.fps) : '', ''],
    ['energy (uJ/image)', num(a.energyPjPerImage / 1e6), s ? num(s.energyPjPerImage / 1e6) : '', pct(c?.energyErrPct)],
    ['efficiency (TOPS/W)', num(a.topsPerW), s ? num(s.topsPerW) : '', ''],
    ['ADC share of dynamic energy', `${a.adcEnergySharePct.toFixed(1)}%`, '', ''],
  ];
  return s ? table(['figure', 'analytical', 'simulated', 'error'], rows) : table(['figure', 'analytical'], rows.map((row) => row.slice(0, 2)));
}

function layers(r: HtmlReportInput): string {
  const sim = new Map((r.simulated?.layers ?? []).map((l) => [l.name, l]));
  const cross = new Map((r.crosscheck?.layers ?? []).map((l) => [l.name, l]));
  const rows = r.analytical.layers.filter((l) => l.engine !== 'none').map((l) => {
    const s = sim.get(l.name);
    const c = cross.get(l.name);
    return [l.name, l.engine, String(l.duplication), num(l.latencyNs / 1e3), s ? num(s.stageNs / 1e3) : '', num(l.energyPj / 1e6), s ? num(s.energyPj / 1e6) : '',
      c ? pct(c.energyErrPct) : '', l.bottleneck];
  });
  return table(['layer', 'engine', 'dup', 'stage us (model)', 'stage us (engine)', 'energy uJ (model)', 'energy uJ (engine)', 'energy error', 'bound by'], rows);
}

function functional(r: HtmlReportInput): string {
  const f = r.functional;
  if (f === undefined) return '';
  const against = f.reference === 'adc-aware' ? 'the ADC-aware reference (the same conversions, computed independently)' : 'the integer reference';
  const main = f.bitExact ? `bit-exact against ${against} (${f.outputsCompared} outputs compared)`
    : `${f.mismatches} of ${f.outputsCompared} outputs differ from ${against} (max |error| ${f.maxAbsError}, top-1 agreement ${(100 * f.top1Agreement).toFixed(0)}%)`;
  const lossy = f.reference === 'adc-aware' && f.integer !== undefined
    ? `<p>The chip's lossy conversions against the integer reference: ${f.integer.mismatches} of ${f.integer.outputsCompared} outputs differ, top-1 agreement ${(100 * f.integer.top1Agreement).toFixed(0)}%.</p>`
    : '';
  return `<h2>Functional check</h2><p>Fidelity ${esc(f.fidelity)}: ${esc(main)}.</p>${lossy}`;
}

function waits(r: HtmlReportInput): string {
  const w = r.crosscheck?.waits ?? [];
  if (w.length === 0) return '';
  return `<h2>What layers waited on</h2><ul>${w.map((x) => `<li>${esc(waitSentence(x))}.</li>`).join('')}</ul>`;
}

export function htmlReport(r: HtmlReportInput): string {
  const plan = floorplanSvg(r.mapped, r.arch, r.busyPs, r.analytical.intervalNs * 1e3);
  const charts = r.charts.map(([name, png]) => `<figure><img alt="${esc(name)}" src="data:image/png;base64,${png.toString('base64')}"><figcaption>${esc(name)}</figcaption></figure>`);
  const legend = plan.legend.map((e) => `<span class="key"><i style="background:${e.colour}"></i>${esc(e.layer)} (${e.tiles})</span>`).join(' ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(r.title)}</title>
<style>
body{font-family:'DejaVu Sans',Arial,sans-serif;margin:24px;color:#222;max-width:1250px}
table{border-collapse:collapse;margin:8px 0 20px}th,td{border:1px solid #ccc;padding:3px 8px}th{background:#f3f3f3}td.n{text-align:right}
figure{margin:12px 0}img{max-width:100%;border:1px solid #ddd}.key{display:inline-block;margin-right:10px}.key i{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:middle}
</style></head><body>
<h1>${esc(r.title)}</h1>
<p>${esc(r.analytical.mapping)} mapping, duplication ${esc(String(r.analytical.duplicationPolicy))}, ${r.analytical.crossbarsUsed} of ${r.analytical.crossbarsAvailable} crossbars, ${r.analytical.segments} segment(s)${
  r.simulated ? `, ${r.simulated.images} image(s) simulated in ${r.simulated.fidelity} fidelity` : ', analytical model only'}.</p>
<h2>Totals</h2>${totals(r)}
${functional(r)}
<h2>Layers</h2>${layers(r)}
${waits(r)}
<h2>Floorplan</h2>
<p>Tiles coloured by the layer whose crossbars they hold; NoC links drawn wider and redder with their busy time per image (the analytical model's load; hover for figures).</p>
${plan.svg}
<p>${legend}</p>
<h2>Charts</h2>
${charts.join('\n')}
</body></html>
`;
}
