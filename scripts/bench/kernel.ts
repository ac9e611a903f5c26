// Kernel throughput benchmark: 1,024 actors in a ring with seeded random link latencies and 4,096
// tokens in flight; each delivery does a little integer work and one send. Prints one JSON line
// (with the grain and start time, so results of different runs say what they measured).
//
// Latencies are whole cycles of a 1 GHz clock (1-16 ns), as links between clocked hardware are;
// `--grain-ps 1` makes them arbitrary picosecond values instead (fewer events per distinct time);
// `--start-ps 1000000000000` starts at 1 s, where times no longer fit V8's small integers.
import { Actor, type Port, Random, Simulator } from '../../sim/kernel/index.js';

const ACTORS = 1024;
const TOKENS = 4096;

interface BenchOptions {
  events: number;
  seed: number;
  grainPs: number;
  startPs: number;
}

function parseArgs(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = { events: 40_000_000, seed: 1, grainPs: 1000, startPs: 0 };
  for (let i = 0; i < argv.length; i += 2) {
    const value = Number(argv[i + 1]);
    if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${argv[i]} needs a non-negative integer`);
    if (argv[i] === '--events') options.events = value;
    else if (argv[i] === '--seed') options.seed = value;
    else if (argv[i] === '--grain-ps' && value > 0) options.grainPs = value;
    else if (argv[i] === '--start-ps') options.startPs = value;
    else throw new Error(`unknown option ${argv[i]} (known: --events N, --seed N, --grain-ps N>0, --start-ps N)`);
  }
  return options;
}

class RingNode extends Actor {
  readonly in = this.definePort('in');
  readonly out = this.definePort('out');
  hash = 0;

  override receive(_port: Port, payload: unknown): boolean {
    // A little work per event, so the benchmark is not a pure queue micro-benchmark.
    this.hash = Math.imul(this.hash ^ (payload as number), 0x9e3779b1) ^ (this.hash >>> 15);
    this.out.send(payload);
    return true;
  }
}

function main(): void {
  const { events, seed, grainPs, startPs } = parseArgs(process.argv.slice(2));
  const rng = new Random(seed);
  const sim = new Simulator();
  const nodes: RingNode[] = [];
  for (let i = 0; i < ACTORS; i++) nodes.push(new RingNode(sim, `node${i}`));
  const maxLatencyPs = 16_000;
  for (let i = 0; i < ACTORS; i++) {
    const latencyPs = rng.int(1, maxLatencyPs / grainPs) * grainPs;
    sim.link(nodes[i].out, nodes[(i + 1) % ACTORS].in, latencyPs);
  }
  for (let t = 0; t < TOKENS; t++) nodes[t % ACTORS].out.send(t, startPs + rng.int(0, maxLatencyPs / grainPs) * grainPs);

  const startNs = process.hrtime.bigint();
  const summary = sim.run({ maxEvents: events });
  const wallS = Number(process.hrtime.bigint() - startNs) / 1e9;
  if (summary.events !== events) throw new Error(`ran ${summary.events} events, expected ${events}`);
  let checksum = 0;
  for (const node of nodes) checksum ^= node.hash;
  // Keeps the hash work observable so it cannot be optimised away; stderr keeps stdout one line.
  process.stderr.write(`checksum ${checksum >>> 0}, simulated ${summary.nowPs} ps\n`);
  process.stdout.write(
    `${JSON.stringify({ grainPs, startPs, events: summary.events, wallS: Number(wallS.toFixed(3)), eventsPerS: Math.round(summary.events / wallS) })}\n`,
  );
}

main();
