// Exact-kernel benchmark: GMAC/s of the WebAssembly SIMD kernel and of its TypeScript twin on the
// crossbar layouts the engine builds for typical layers on the default chip (per pixel: input
// vectors in, every block's columns, accumulators out). One JSON line per layer and kernel, with
// the best and the median of `--repeat N` timings (the machine may be shared: the best is the
// kernel's speed, the median what a run gets). `--pixels N` sets the pixels per timing, `--arch A` the chip.
import { loadArch, weightSlices } from '../../hw/arch/index.js';
import { partitionWeights } from '../../hw/mapping/index.js';
import { Random } from '../../sim/kernel/index.js';
import { buildLayout } from '../../sim/engine/layout.js';
import { accumulateExact, layoutScratch, type ExactKernel } from '../../sim/engine/compute/exact.js';
import { wasmDotAvailable } from '../../sim/engine/compute/wasm/dotKernel.js';
import type { Conv2dLayer } from '../../workloads/ir/types.js';

interface Shape {
  name: string;
  inChannels: number;
  outChannels: number;
  k: number;
  groups: number;
}

const SHAPES: Shape[] = [
  { name: 'conv3x3 256->256', inChannels: 256, outChannels: 256, k: 3, groups: 1 },
  { name: 'conv1x1 64->256', inChannels: 64, outChannels: 256, k: 1, groups: 1 },
  { name: 'dense 4096->1000', inChannels: 4096, outChannels: 1000, k: 1, groups: 1 },
  { name: 'depthwise3x3 128', inChannels: 128, outChannels: 128, k: 3, groups: 128 },
];

function parseArgs(argv: readonly string[]): { pixels: number; repeat: number; arch?: string } {
  const o: { pixels: number; repeat: number; arch?: string } = { pixels: 0, repeat: 5 };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--pixels') o.pixels = Number(argv[++i]);
    else if (argv[i] === '--repeat') o.repeat = Number(argv[++i]);
    else if (argv[i] === '--arch') o.arch = argv[++i];
    else throw new Error(`unknown option ${argv[i]} (known: --pixels N --repeat N --arch A)`);
  }
  return o;
}

function randomConv(s: Shape, rng: Random): Conv2dLayer {
  const weights = new Int8Array((s.outChannels * s.inChannels * s.k * s.k) / s.groups).map(() => rng.int(-128, 127));
  const zeroPoints = Array.from({ length: s.outChannels }, () => rng.int(-128, 127));
  return {
    kind: 'conv2d', name: s.name, inputs: ['in'], outChannels: s.outChannels, kernel: [s.k, s.k], stride: [1, 1], padding: [0, 0, 0, 0],
    groups: s.groups, weights, bias: new Int32Array(s.outChannels), weightQuant: { scales: zeroPoints.map(() => 1), zeroPoints },
    outQuant: { scale: 1, zeroPoint: 0 }, relu: false,
  };
}

function main(): void {
  const { pixels, repeat, arch: archName } = parseArgs(process.argv.slice(2));
  const arch = loadArch(archName);
  const { rows, cols, activeRows } = arch.tile.pe.crossbar;
  const geometry = { rows, cols, activeRows, columnsPerWeight: weightSlices(arch) };
  const kernels: ExactKernel[] = wasmDotAvailable() ? ['ts', 'wasm'] : ['ts'];
  const rng = new Random(1);
  for (const s of SHAPES) {
    const layer = randomConv(s, rng);
    const partition = partitionWeights({ inChannels: s.inChannels, outChannels: s.outChannels, kernel: [s.k, s.k], groups: s.groups }, 'im2col', geometry);
    const layout = buildLayout(layer, s.inChannels, partition, geometry);
    const macsPerPixel = layout.blocks.reduce((m, b) => m + b.hi.reduce((c, hi, j) => c + hi - b.lo[j], 0), 0);
    const windows = Array.from({ length: 16 }, () => new Int32Array(layout.patchLength).map(() => rng.int(-128, 127)));
    const sums: Int32Array[] = [];
    for (const kernel of kernels) {
      const scratch = layoutScratch(layout, kernel);
      const acc = new Int32Array(layout.outChannels);
      /** Seconds to run `count` pixels from zeroed accumulators. */
      const pass = (count: number): number => {
        acc.fill(0);
        const startNs = process.hrtime.bigint();
        for (let p = 0; p < count; p++) accumulateExact(layout, windows[p % windows.length], -3, acc, scratch);
        return Number(process.hrtime.bigint() - startNs) / 1e9;
      };
      pass(windows.length);
      sums.push(acc.slice());
      // Warm-up (JIT tiers) that also sizes a timing to about 0.1 s unless --pixels says otherwise.
      let n = windows.length;
      while (pass(n) < 0.03) n *= 2;
      n = pixels > 0 ? pixels : Math.ceil((n * 0.1) / pass(n));
      const times = Array.from({ length: repeat }, () => pass(n)).sort((a, b) => a - b);
      const gmacPerS = (seconds: number): number => Number(((macsPerPixel * n) / seconds / 1e9).toFixed(2));
      process.stdout.write(JSON.stringify({
        layer: s.name, kernel, blocks: layout.blocks.length, macsPerPixel, pixels: n, repeat,
        usPerPixelBest: Number(((times[0] / n) * 1e6).toFixed(2)), gmacPerSBest: gmacPerS(times[0]), gmacPerSMedian: gmacPerS(times[Math.floor(repeat / 2)]),
      }) + '\n');
    }
    if (sums.length === 2 && sums[0].some((v, i) => v !== sums[1][i])) throw new Error(`${s.name}: the kernels disagree`);
  }
}

main();
