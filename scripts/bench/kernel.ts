// Kernel throughput benchmark: 1,024 actors in a ring with seeded random link latencies and 4,096
// tokens in flight; each delivery does a little integer work and one send. The same ring runs on
// sim/kernel and on the minimal queue of minimalQueue.ts, alternately for --rounds rounds; the best
// events per CPU-second of each and their ratio (kernel / minimal) are printed as one JSON line
// (with the grain and start time, so results of different runs say what they measured). Both runs
// must end with the same checksum, i.e. deliver the same events in the same order.
//
// Latencies are whole cycles of a 1 GHz clock (1-16 ns), as links between clocked hardware are;
// `--grain-ps 1` makes them arbitrary picosecond values instead (fewer events per distinct time);
// `--start-ps 1000000000000` starts at 1 s, where times no longer fit V8's small integers.
import { Actor, type Port, Random, Simulator } from '../../sim/kernel/index.js';
import { linkMinimal, MinimalActor, MinimalPort, MinimalSim } from './minimalQueue.js';

const ACTORS = 1024;
const TOKENS = 4096;

interface BenchOptions {
  events: number;
  seed: number;
  grainPs: number;
  startPs: number;
  rounds: number;
}

function parseArgs(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = { events: 40_000_000, seed: 1, grainPs: 1000, startPs: 0, rounds: 3 };
  for (let i = 0; i < argv.length; i += 2) {
    const value = Number(argv[i + 1]);
    if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${argv[i]} needs a non-negative integer`);
    if (argv[i] === '--events') options.events = value;
    else if (argv[i] === '--seed') options.seed = value;
    else if (argv[i] === '--grain-ps' && value > 0) options.grainPs = value;
    else if (argv[i] === '--start-ps') options.startPs = value;
    else if (argv[i] === '--rounds' && value > 0) options.rounds = value;
    else throw new Error(`unknown option ${argv[i]} (known: --events N, --seed N, --grain-ps N>0, --start-ps N, --rounds N>0)`);
  }
  return options;
}

class RingNode extends Actor {
  readonly in = this.definePort('in');
  readonly out = this.definePort('out');
  hash = 0;

  override receive(_port: Port, payload: unknown): boolean {
    // A little work per event, so the benchmark is not a pure queue micro-benchmark.
    this.hash = hashStep(this.hash, payload as number);
    this.out.send(payload);
    return true;
  }
}

function hashStep(hash: number, payload: number): number {
  return Math.imul(hash ^ payload, 0x9e3779b1) ^ (hash >>> 15);
}

class MinimalRingNode extends MinimalActor {
  readonly out = new MinimalPort(this);
  hash = 0;

  override receive(_port: MinimalPort, payload: unknown): void {
    this.hash = hashStep(this.hash, payload as number);
    this.out.send(payload);
  }
}

interface RunResult {
  events: number;
  cpuS: number;
  wallS: number;
  nowPs: number;
  checksum: number;
}

/** The ring's latencies and token start times, drawn in one order for both queues. */
function ringPlan(seed: number, grainPs: number, startPs: number): { latenciesPs: number[]; startsPs: number[] } {
  const rng = new Random(seed);
  const maxLatencyPs = 16_000;
  const latenciesPs = Array.from({ length: ACTORS }, () => rng.int(1, maxLatencyPs / grainPs) * grainPs);
  const startsPs = Array.from({ length: TOKENS }, () => startPs + rng.int(0, maxLatencyPs / grainPs) * grainPs);
  return { latenciesPs, startsPs };
}

/** CPU and wall seconds of `run`, which returns the events it processed. */
function timed(run: () => number): { events: number; cpuS: number; wallS: number } {
  const cpu = process.cpuUsage();
  const startNs = process.hrtime.bigint();
  const events = run();
  const wallS = Number(process.hrtime.bigint() - startNs) / 1e9;
  const used = process.cpuUsage(cpu);
  return { events, wallS, cpuS: (used.user + used.system) / 1e6 };
}

function runKernel(events: number, plan: ReturnType<typeof ringPlan>): RunResult {
  const sim = new Simulator();
  const nodes: RingNode[] = [];
  for (let i = 0; i < ACTORS; i++) nodes.push(new RingNode(sim, `node${i}`));
  for (let i = 0; i < ACTORS; i++) sim.link(nodes[i].out, nodes[(i + 1) % ACTORS].in, plan.latenciesPs[i]);
  for (let t = 0; t < TOKENS; t++) nodes[t % ACTORS].out.send(t, plan.startsPs[t]);
  const run = timed(() => sim.run({ maxEvents: events }).events);
  let checksum = 0;
  for (const node of nodes) checksum ^= node.hash;
  return { ...run, nowPs: sim.nowPs, checksum: checksum >>> 0 };
}

function runMinimal(events: number, plan: ReturnType<typeof ringPlan>): RunResult {
  const sim = new MinimalSim();
  const nodes: MinimalRingNode[] = [];
  const ins: MinimalPort[] = [];
  for (let i = 0; i < ACTORS; i++) {
    const node = new MinimalRingNode(sim);
    nodes.push(node);
    ins.push(new MinimalPort(node));
  }
  for (let i = 0; i < ACTORS; i++) linkMinimal(nodes[i].out, ins[(i + 1) % ACTORS], plan.latenciesPs[i]);
  for (let t = 0; t < TOKENS; t++) nodes[t % ACTORS].out.send(t, plan.startsPs[t]);
  const run = timed(() => sim.run(events));
  let checksum = 0;
  for (const node of nodes) checksum ^= node.hash;
  return { ...run, nowPs: sim.nowPs, checksum: checksum >>> 0 };
}

function main(): void {
  const { events, seed, grainPs, startPs, rounds } = parseArgs(process.argv.slice(2));
  const plan = ringPlan(seed, grainPs, startPs);
  let kernel: RunResult | undefined;
  let minimal: RunResult | undefined;
  for (let r = 0; r < rounds; r++) {
    const k = runKernel(events, plan);
    const m = runMinimal(events, plan);
    for (const run of [k, m]) if (run.events !== events) throw new Error(`ran ${run.events} events, expected ${events}`);
    if (k.checksum !== m.checksum || k.nowPs !== m.nowPs) {
      throw new Error(`the kernel and the minimal queue disagree: checksum ${k.checksum} vs ${m.checksum}, time ${k.nowPs} vs ${m.nowPs} ps`);
    }
    if (kernel === undefined || k.cpuS < kernel.cpuS) kernel = k;
    if (minimal === undefined || m.cpuS < minimal.cpuS) minimal = m;
  }
  const k = kernel as RunResult;
  const m = minimal as RunResult;
  // The checksum keeps the hash work observable so it cannot be optimised away; stderr keeps stdout one line.
  process.stderr.write(`checksum ${k.checksum}, simulated ${k.nowPs} ps\n`);
  const perCpuS = (run: RunResult) => Math.round(run.events / run.cpuS);
  process.stdout.write(`${JSON.stringify({
    grainPs, startPs, events, rounds,
    wallS: Number(k.wallS.toFixed(3)), eventsPerS: Math.round(k.events / k.wallS),
    eventsPerCpuS: perCpuS(k), minimalEventsPerCpuS: perCpuS(m),
    ratio: Number((perCpuS(k) / perCpuS(m)).toFixed(3)),
  })}\n`);
}

main();
