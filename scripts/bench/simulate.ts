// Engine benchmark: one JSON line per network (events, wall time, events/s, images, peak memory),
// exact fidelity at full input size on the default preset (ResNet-50's 25 M weights do not fit it:
// it runs on isaac unless --arch says otherwise). `--nets a,b` picks networks, `--images N` streams
// N images, `--arch A` sets the chip, `--check` also compares with the integer reference.
import { getNetwork } from '../../workloads/zoo/index.js';
import { randomInt8Input } from '../../workloads/datasets/index.js';
import { runReference } from '../../workloads/reference/index.js';
import type { InputLayer } from '../../workloads/ir/types.js';
import { loadArch } from '../../hw/arch/index.js';
import { loadTech } from '../../hw/tech/index.js';
import { mapNetwork } from '../../hw/mapping/index.js';
import { simulate } from '../../sim/engine/index.js';

function parseArgs(argv: readonly string[]): { nets: string[]; images: number; check: boolean; arch?: string } {
  const o: { nets: string[]; images: number; check: boolean; arch?: string } = { nets: ['lenet5', 'vgg8', 'resnet18', 'resnet50'], images: 1, check: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--nets') o.nets = argv[++i].split(',');
    else if (argv[i] === '--images') o.images = Number(argv[++i]);
    else if (argv[i] === '--check') o.check = true;
    else if (argv[i] === '--arch') o.arch = argv[++i];
    else throw new Error(`unknown option ${argv[i]} (known: --nets a,b --images N --arch A --check)`);
  }
  return o;
}

function main(): void {
  const { nets, images, check, arch: archName } = parseArgs(process.argv.slice(2));
  for (const name of nets) {
    const arch = loadArch(archName ?? (name === 'resnet50' ? 'isaac' : undefined));
    const tech = loadTech(arch.tech);
    const net = getNetwork(name);
    const mapped = mapNetwork(net, arch);
    const shape = (net.layers.find((l) => l.kind === 'input') as InputLayer).shape;
    const inputs = Array.from({ length: images }, (_, i) => randomInt8Input(shape, 1, i));
    const r = simulate({ net, mapped, arch, tech, inputs, fidelity: 'exact' });
    let mismatches: number | undefined;
    if (check) {
      mismatches = 0;
      inputs.forEach((x, k) => {
        const ref = runReference(net, x).output.data;
        for (let i = 0; i < ref.length; i++) if (ref[i] !== r.outputs[k][i]) mismatches!++;
      });
    }
    process.stdout.write(JSON.stringify({
      network: name, resolution: shape[1], arch: arch.name, fidelity: 'exact', images, events: r.events, wallS: Number(r.wallS.toFixed(3)),
      eventsPerS: Math.round(r.events / r.wallS), simulatedUs: r.simulatedPs / 1e6, latencyUs: r.latencyPs / 1e6,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), ...(mismatches === undefined ? {} : { mismatches }),
    }) + '\n');
  }
}

main();
