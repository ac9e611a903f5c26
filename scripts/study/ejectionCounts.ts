// npm run study:ejections -- --net alexnet --reload --batch 8 --images 8: every tile's ejection-port
// busy time per image, per segment, in the model (its ledger) and in the engine (EjectionTally),
// and for the tiles named by --tiles (default: the 3 busiest in the model) each sending layer's
// share. Other options: --arch NAME, --resolution N, --dup POLICY. Seeded images, adc or exact
// fidelity as `simulate` picks.
import { loadArch } from '../../hw/arch/index.js';
import { loadTech } from '../../hw/tech/load.js';
import { mapNetwork, parseMapFlags } from '../../hw/mapping/index.js';
import { flitPs } from '../../hw/ppa/flow.js';
import { networkTiming } from '../../hw/ppa/latency.js';
import { defaultFidelity, simulate } from '../../sim/engine/index.js';
import { EjectionTally, ejectionBusyBySegment } from '../../sim/engine/ejectionTally.js';
import type { InputLayer } from '../../workloads/ir/types.js';
import { netForRun } from '../cli/netForRun.js';
import { inputImages } from '../cli/inputImages.js';

function flag(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at > 0 && at + 1 < process.argv.length ? process.argv[at + 1] : undefined;
}

const images = Number(flag('--images') ?? '1');
if (!Number.isInteger(images) || images < 1) {
  process.stderr.write('study:ejections: --images: pass a whole number of images, 1 or more\n');
  process.exit(2);
}
const archName = flag('--arch');
const arch = archName === undefined ? loadArch() : loadArch(archName);
const tech = loadTech(arch.tech);
const flags = { net: flag('--net') ?? 'alexnet', resolution: flag('--resolution'), reload: process.argv.includes('--reload'), batch: flag('--batch'), dup: flag('--dup') };
const { net } = await netForRun(flags, undefined).load();
const mapped = mapNetwork(net, arch, parseMapFlags(flags));
const timing = networkTiming(mapped, arch);

// The model's ejections per image by segment, tile and sending layer (as resources.ts books them:
// data to its source, forwards and partial sums to the layer that sends them).
const flit = flitPs(arch);
const modelBySender = new Map<string, Map<string, number>>();
const book = (segment: number, tile: number, layer: string, ps: number) => {
  const key = `s${segment} tile ${tile} ejection port`;
  let m = modelBySender.get(key);
  if (m === undefined) modelBySender.set(key, (m = new Map()));
  m.set(layer, (m.get(layer) ?? 0) + ps);
};
for (const f of timing.flows) {
  if (f.injected) continue;
  for (const r of f.routes) if (r.srcTile !== r.dstTile) book(f.source.segment, r.dstTile, f.source.name, r.packets * f.flitsPerPacket * flit);
  for (const r of f.forward) book(f.consumer.segment, r.dstTile, f.consumer.name, r.packets * r.flitsPerPacket * flit);
}
for (const [name, span] of timing.resources.spans) {
  const segment = mapped.layers.find((l) => l.name === name)!.segment;
  for (const cw of span.copies) {
    for (const run of cw.sums) for (const p of run.packets) book(segment, cw.span.parts[run.from - 1].tile, name, cw.pixels * p.flitsPerPacket * flit);
  }
}

const input = net.layers.find((l) => l.kind === 'input') as InputLayer;
const { inputs } = await inputImages({ images: String(images) }, net, input.shape, input.quant, images, undefined);
const tally = new EjectionTally();
const result = simulate({ net, mapped, arch, tech, inputs, fidelity: defaultFidelity(arch), activityTrace: tally });
const engine = ejectionBusyBySegment(tally, mapped, images);
const model = new Map([...timing.resources.busyPs].filter(([k]) => k.endsWith('ejection port')));

const us = (ps: number) => (ps / 1e6).toFixed(3).padStart(9);
const pct = (e: number, m: number) => (m > 0 ? `${((100 * (e - m)) / m).toFixed(2)}%` : 'n/a').padStart(9);
process.stdout.write(`${net.name} on ${arch.name}, ${images} image(s): interval ${us(timing.intervalPs)} us model, ${us(result.intervalPs)} us engine\n`);
process.stdout.write(`${'port (by segment)'.padEnd(30)} ${'model us'.padStart(9)} ${'engine us'.padStart(9)} ${'diff'.padStart(9)}\n`);
const keys = [...new Set([...model.keys(), ...engine.keys()])];
for (const k of keys) process.stdout.write(`${k.padEnd(30)} ${us(model.get(k) ?? 0)} ${us(engine.get(k) ?? 0)} ${pct(engine.get(k) ?? 0, model.get(k) ?? 0)}\n`);
const named = flag('--tiles')?.split(',').map(Number);
const shown = named ?? [...model].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([k]) => Number(/tile (\d+)/.exec(k)![1]));
const segmentOf = new Map(mapped.layers.map((l) => [l.name, l.segment]));
for (const tile of shown) {
  process.stdout.write(`tile ${tile}, by sending layer (model / engine us per image):\n`);
  const engineByLayer = tally.busyPs.get(tile) ?? new Map<string, number>();
  const layers = new Set([...engineByLayer.keys(), ...keys.filter((k) => k.endsWith(` tile ${tile} ejection port`)).flatMap((k) => [...(modelBySender.get(k)?.keys() ?? [])])]);
  for (const layer of layers) {
    const m = modelBySender.get(`s${segmentOf.get(layer)!} tile ${tile} ejection port`)?.get(layer) ?? 0;
    const e = (engineByLayer.get(layer) ?? 0) / images;
    process.stdout.write(`  s${segmentOf.get(layer)} ${layer.padEnd(24)} ${us(m)} ${us(e)} ${pct(e, m)}\n`);
  }
}
