// Shared rendering for every chart: fixed size, fixed font, white background, no animation, one
// device pixel per CSS pixel, so the same data gives the same PNG on every run.
import { ChartJSNodeCanvas } from 'chartjs-node-canvas';
import type { ChartConfiguration } from 'chart.js';
import type { ChartSize } from './types.js';
import { ENERGY_KINDS } from '../../hw/ppa/types.js';

export const DEFAULT_CHART_SIZE: ChartSize = { widthPx: 1200, heightPx: 640 };
const CHART_FONT_FAMILY = "'DejaVu Sans', 'Liberation Sans', Arial, sans-serif";

/** Colour-blind-safe palette (Okabe-Ito, then Tol's muted), assigned by sorted key. */
const PALETTE = [
  '#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#332288',
  '#88CCEE', '#44AA99', '#117733', '#999933', '#DDCC77', '#CC6677', '#882255', '#AA4499', '#BBBBBB', '#444444',
];

export function colourFor(index: number): string {
  return PALETTE[index % PALETTE.length];
}

/** One colour per component kind in every chart (energy, area, ...): its place in ENERGY_KINDS,
 *  which every kind of the roll-up is in; any other key takes the colours after those. */
export function kindColours(keys: readonly string[]): Map<string, string> {
  const known = ENERGY_KINDS as readonly string[];
  const others = [...keys].filter((k) => !known.includes(k)).sort();
  return new Map(keys.map((k) => [k, colourFor(known.includes(k) ? known.indexOf(k) : known.length + others.indexOf(k))]));
}

export async function renderPng(configuration: ChartConfiguration, size: ChartSize = DEFAULT_CHART_SIZE): Promise<Buffer> {
  const canvas = new ChartJSNodeCanvas({
    width: size.widthPx,
    height: size.heightPx,
    backgroundColour: 'white',
    chartCallback: (ChartJS) => {
      ChartJS.defaults.font.family = CHART_FONT_FAMILY;
      ChartJS.defaults.font.size = 14;
      ChartJS.defaults.color = '#222222';
      ChartJS.defaults.animation = false;
      ChartJS.defaults.responsive = false;
      ChartJS.defaults.devicePixelRatio = 1;
    },
  });
  return canvas.renderToBuffer(configuration as never, 'image/png');
}

/** Title block used by all charts: bold title, optional grey subtitle. */
export function titlePlugins(title: string, subtitle?: string): Record<string, unknown> {
  return {
    title: { display: true, text: title, font: { size: 20, weight: 'bold' }, padding: { top: 8, bottom: subtitle ? 2 : 12 } },
    subtitle: { display: subtitle !== undefined, text: subtitle ?? '', color: '#666666', padding: { bottom: 12 } },
  };
}
