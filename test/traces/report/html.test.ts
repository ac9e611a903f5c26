// `simulate --report` and `estimate --report`: one self-contained HTML file holding the figures
// of the JSON report (totals, every layer), the charts as inline PNGs and the floorplan as inline
// SVG (a rectangle per tile, a line per loaded NoC link), and nothing fetched from a network.
// browser.test.ts renders it in headless chromium.
import { afterEach, describe, expect, test, vi } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildProgram } from '../../../scripts/cli/program.js';
import { loadArch } from '../../../hw/arch/index.js';
import { linkLoads } from '../../../traces/report/floorplan.js';

async function cli(args: string[]): Promise<string> {
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  await buildProgram().parseAsync(['node', 'ohmflow', ...args]);
  vi.restoreAllMocks();
  return out;
}

afterEach(() => vi.restoreAllMocks());

const count = (text: string, needle: string): number => text.split(needle).length - 1;

describe('HTML report', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ohmflow-report-'));

  test('simulate --report holds the JSON report\'s figures, the charts and the floorplan, self-contained', async () => {
    const file = join(dir, 'run.html');
    const json = JSON.parse(await cli(['simulate', '--net', 'lenet5', '--images', '2', '--jobs', '1', '--json', '--report', file])) as {
      analytical: { energyPjPerImage: number; layers: Array<{ name: string; engine: string }> };
      simulated: { energyPjPerImage: number };
    };
    const html = readFileSync(file, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    const uj = (pj: number) => Number((pj / 1e6).toPrecision(4)).toLocaleString('en-US');
    expect(html).toContain(`<td class="n">${uj(json.analytical.energyPjPerImage)}</td>`);
    expect(html).toContain(`<td class="n">${uj(json.simulated.energyPjPerImage)}</td>`);
    for (const l of json.analytical.layers.filter((x) => x.engine !== 'none')) expect(html).toContain(`<td>${l.name}</td>`);
    expect(html).toContain('bit-exact against the ADC-aware reference');
    expect(count(html, 'src="data:image/png;base64,')).toBe(4);
    expect(count(html, '<rect')).toBe(loadArch('neurosim-vgg8').chip.tiles);
    expect(count(html, '<line')).toBeGreaterThan(0);
    // Nothing outside the file: the only URL is the SVG namespace.
    expect(html.match(/https?:\/\/[^"\s]+/g)).toEqual(['http://www.w3.org/2000/svg']);
    expect(html).not.toMatch(/<script/);
  }, 120_000);

  test('estimate --report has the model\'s figures and no simulated column', async () => {
    const file = join(dir, 'model.html');
    await cli(['estimate', '--net', 'vgg8', '--arch', 'isaac', '--report', file]);
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('analytical model only');
    expect(html).not.toContain('<th>simulated</th>');
    expect(count(html, '<rect')).toBe(loadArch('isaac').chip.tiles);
  }, 120_000);

  test('link loads are summed per link over segments', () => {
    const loads = linkLoads(new Map([['s0 link (1,0) x+', 5], ['s1 link (1,0) x+', 7], ['tile 0 bus', 9], ['link (0,2) y-', 1]]));
    expect([...loads]).toEqual([['1,0 x+', 12], ['0,2 y-', 1]]);
  });
});
