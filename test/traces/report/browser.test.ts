// The HTML report in a real browser (Debian's chromium, headless): the page renders, its charts
// decode, the floorplan is drawn in the legend's colours, and what a reader sees holds the figures
// of the JSON report. html.test.ts checks the file's text; this checks what a browser makes of it.
// Skipped where no chromium is installed, except under CI, where scripts/setup.sh installs it.
import { afterEach, describe, expect, test, vi } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCanvas, loadImage } from 'canvas';
import { loadArch } from '../../../hw/arch/index.js';
import { cliOutput } from '../../scripts/cli/cliOutput.js';
import { chromiumPath, dumpDom, screenshot } from './headlessChromium.js';

afterEach(() => vi.restoreAllMocks());

const chromium = chromiumPath();

// Run after load: what the browser decoded and laid out, base64 JSON in a <pre> for --dump-dom.
const PROBE = `<script>
addEventListener('load', () => {
  const box = (e) => { const r = e.getBoundingClientRect(); return [r.width, r.height]; };
  const place = (e) => { const r = e.getBoundingClientRect(); return [r.left + scrollX, r.top + scrollY, r.width, r.height]; };
  const images = [...document.images].map((i) => ({ decoded: i.complete && i.naturalWidth > 0, box: box(i) }));
  const svg = document.querySelector('svg');
  const tables = [...document.querySelectorAll('table')].map((t) => [...t.rows].map((r) => [...r.cells].map((c) => c.innerText)));
  const legend = [...document.querySelectorAll('.key')].map((k) => ({ text: k.innerText.trim(), colour: getComputedStyle(k.querySelector('i')).backgroundColor }));
  const out = { images, svgPlace: place(svg), rects: svg.querySelectorAll('rect').length, tables, legend, text: document.body.innerText };
  const pre = document.createElement('pre');
  pre.id = 'probe';
  pre.textContent = btoa(unescape(encodeURIComponent(JSON.stringify(out))));
  document.body.appendChild(pre);
});
</script>`;

interface Probe {
  images: Array<{ decoded: boolean; box: [number, number] }>;
  /** The floorplan's left, top, width and height in page pixels. */
  svgPlace: [number, number, number, number];
  rects: number;
  tables: string[][][];
  legend: Array<{ text: string; colour: string }>;
  text: string;
}

function probe(binary: string, reportFile: string, dir: string): Probe {
  const probed = join(dir, 'probed.html');
  writeFileSync(probed, readFileSync(reportFile, 'utf8').replace('</body>', `${PROBE}</body>`));
  const dom = dumpDom(binary, probed, join(dir, 'profile-dom'));
  const m = /<pre id="probe">([A-Za-z0-9+/=]+)<\/pre>/.exec(dom);
  if (m === null) throw new Error(`the probe did not run; the dumped DOM starts: ${dom.slice(0, 300)}`);
  return JSON.parse(Buffer.from(m[1], 'base64').toString('utf8')) as Probe;
}

const rgb = (css: string): [number, number, number] => {
  const m = /rgb\((\d+), (\d+), (\d+)\)/.exec(css);
  if (m === null) throw new Error(`not an rgb() colour: ${css}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
};

describe.skipIf(chromium === undefined && process.env.CI === undefined)('HTML report in headless chromium', () => {
  test('simulate --report renders: charts decoded, floorplan in the legend colours, the JSON report\'s figures on screen', async () => {
    if (chromium === undefined) throw new Error('CI needs chromium for this test: scripts/setup.sh installs it (apt package chromium)');
    const dir = mkdtempSync(join(tmpdir(), 'ohmflow-browser-'));
    const file = join(dir, 'run.html');
    const { out } = await cliOutput(['simulate', '--net', 'lenet5', '--images', '2', '--jobs', '1', '--json', '--report', file]);
    vi.restoreAllMocks();
    const json = JSON.parse(out) as {
      analytical: { energyPjPerImage: number; fps: number; layers: Array<{ name: string; engine: string }> };
      simulated: { energyPjPerImage: number; fps: number };
    };

    const page = probe(chromium, file, dir);
    // Four charts, each decoded by the browser and laid out with a real size.
    expect(page.images).toHaveLength(4);
    for (const image of page.images) {
      expect(image.decoded).toBe(true);
      expect(image.box[0]).toBeGreaterThan(300);
      expect(image.box[1]).toBeGreaterThan(100);
    }
    const arch = loadArch('neurosim-vgg8');
    expect(page.rects).toBe(arch.chip.tiles);
    expect(page.svgPlace[2]).toBeGreaterThan(100);

    // The totals table as rendered: the JSON's energy and throughput, analytical and simulated.
    const shown = (x: number) => Number(x.toPrecision(4)).toLocaleString('en-US');
    const totals = page.tables[0];
    const row = (label: string) => totals.find((r) => r[0] === label);
    expect(row('energy (uJ/image)')?.slice(1, 3)).toEqual([shown(json.analytical.energyPjPerImage / 1e6), shown(json.simulated.energyPjPerImage / 1e6)]);
    expect(row('throughput (images/s)')?.slice(1, 3)).toEqual([shown(json.analytical.fps), shown(json.simulated.fps)]);
    // Every layer the chip runs has its row in the layer table.
    const layerRows = page.tables[1].slice(1).map((r) => r[0]);
    expect(layerRows).toEqual(json.analytical.layers.filter((l) => l.engine !== 'none').map((l) => l.name));
    expect(page.text).toContain('bit-exact against the ADC-aware reference');

    // The screenshot, at the probe's window size: every legend colour is painted inside the
    // floorplan's box (the charts use the same palette, so the box matters).
    const png = join(dir, 'shot.png');
    screenshot(chromium, file, png, join(dir, 'profile-shot'));
    const image = await loadImage(readFileSync(png));
    const canvas = createCanvas(image.width, image.height);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(image, 0, 0);
    const pixels = ctx.getImageData(0, 0, image.width, image.height).data;
    expect(page.legend.length).toBeGreaterThan(0);
    for (const entry of page.legend) {
      const [r, g, b] = rgb(entry.colour);
      const [left, top, w, h] = page.svgPlace.map(Math.round);
      expect(top + h, 'the floorplan lies inside the screenshot').toBeLessThanOrEqual(image.height);
      let painted = 0;
      for (let y = top; y < top + h; y++) for (let x = left; x < left + w; x++) {
        const i = 4 * (y * image.width + x);
        if (Math.abs(pixels[i] - r) <= 2 && Math.abs(pixels[i + 1] - g) <= 2 && Math.abs(pixels[i + 2] - b) <= 2) painted += 1;
      }
      // A router's cell is 56 x 56 px (traces/report/floorplan.ts), split among its tiles; the
      // tile's outline takes a little, so at least 80% of the layer's tile area is its colour.
      const tilesOfLayer = Number(/\((\d+)\)$/.exec(entry.text)?.[1]);
      const tileAreaPx = (56 * 56) / arch.noc.tilesPerRouter;
      expect(painted, `pixels of ${entry.text}'s colour ${entry.colour}`).toBeGreaterThan(0.8 * tilesOfLayer * tileAreaPx);
    }
  }, 240_000);
});
