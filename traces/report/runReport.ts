// The report of a simulate run (docs/architecture.md, Contracts): `analytical` (hw/ppa, computed
// independently), `simulated` (the engine's measurements, same fields), `crosscheck` (signed
// errors, per layer, and which layer waited on which resource) and `functional` (the engine's
// outputs against the integer reference).
import type { Network } from '../../workloads/ir/types.js';
import type { Analytical } from '../../hw/ppa/types.js';
import { runReference, type CrossbarConversion } from '../../workloads/reference/index.js';
import type { EngineResult } from '../../sim/engine/types.js';

/** Signed error of a simulated figure against the model's, %: (sim - ana) / ana; null when the
 *  model's is 0 and the engine's is not. */
export const errPct = (sim: number, ana: number): number | null => (ana === 0 ? (sim === 0 ? 0 : null) : (100 * (sim - ana)) / ana);

export function simulatedReport(r: EngineResult, a: Analytical) {
  const intervalNs = r.intervalPs / 1e3;
  // Leakage is charged over the steady-state interval, as the analytical model does.
  const leakagePj = r.leakageMw * intervalNs;
  const energyPj: Record<string, number> = { ...r.energyPj, leakage: leakagePj };
  const energyPjPerImage = r.dynamicEnergyPjPerImage + leakagePj;
  return {
    areaMm2: a.areaMm2,
    latencyNs: r.latencyPs / 1e3,
    intervalNs,
    intervalSource: r.intervalSource,
    steadyIntervalNs: r.steadyIntervalPs / 1e3,
    buffers: { use: r.buffers, warnings: r.bufferWarnings },
    fps: 1e9 / intervalNs,
    energyPjPerImage,
    dynamicEnergyPjPerImage: r.dynamicEnergyPjPerImage,
    topsPerW: (2 * a.macs) / energyPjPerImage,
    breakdown: { energyPj, areaMm2: a.breakdown.areaMm2 },
    // Parked tensors on the off-chip links (reloading): bits per image each way, links busy per image.
    ...(r.offChip === undefined ? {} : {
      offChip: {
        bandwidthBytesPerS: r.offChip.bandwidthBytesPerS,
        parkedBitsPerImage: r.offChip.outBits / r.images,
        readBackBitsPerImage: r.offChip.inBits / r.images,
        outBusyNsPerImage: r.offChip.outBusyPs / 1e3 / r.images,
        inBusyNsPerImage: r.offChip.inBusyPs / 1e3 / r.images,
      },
    }),
    layers: r.layers.filter((l) => l.engine !== 'none').map((l) => ({
      name: l.name,
      macs: l.macs,
      crossbars: l.crossbars,
      duplication: l.duplication,
      latencyNs: ((l.lastEndPs[0] ?? 0) - (l.firstStartPs[0] ?? 0)) / 1e3,
      startNs: (l.firstStartPs[0] ?? 0) / 1e3,
      endNs: (l.lastEndPs[0] ?? 0) / 1e3,
      stageNs: l.stagePs / 1e3,
      energyPj: l.energyPj,
      breakdown: { energyPj: l.energyPjByKind },
      waitsNs: Object.fromEntries(Object.entries(l.waitsPs).map(([k, v]) => [k, v / 1e3 / r.images])),
    })),
    images: r.images,
    fidelity: r.fidelity,
    simulatedNs: r.simulatedPs / 1e3,
    events: r.events,
    wallS: r.wallS,
  };
}

export type SimulatedReport = ReturnType<typeof simulatedReport>;

const WAIT_MEANING: Record<string, string> = {
  input: 'input rows from its producer (line buffer not yet filled)',
  bufferPort: 'the tile input-buffer port / bus to fetch windows',
  units: 'shared tile digital units (requantize, activation, pooling, add)',
  bufferWrite: 'the input-buffer port to write arriving data',
  noc: 'NoC links and ejection ports for its output packets',
  lineBuffer: "space in a consumer's line buffer (back-pressure: the lane held its finished pixel)",
  outputQueue: "space in its tile's output buffer for packets not yet delivered (back-pressure over the NoC)",
};

/** One named wait as a sentence: who waited, how long per image, on what. */
export function waitSentence(w: { layer: string; resource: string; waitNs: number }): string {
  return `${w.layer} waited ${w.waitNs.toFixed(0)} ns per image (summed over its lanes or packets) on ${WAIT_MEANING[w.resource] ?? w.resource}`;
}

export function crosscheckReport(s: SimulatedReport, a: Analytical) {
  const layers = s.layers.map((l) => {
    const al = a.layers.find((x) => x.name === l.name);
    return {
      name: l.name,
      startNs: { analytical: al?.startNs ?? 0, simulated: l.startNs },
      endNs: { analytical: al?.endNs ?? 0, simulated: l.endNs },
      stageNs: { analytical: al?.latencyNs ?? 0, simulated: l.stageNs },
      stageErrPct: errPct(l.stageNs, al?.latencyNs ?? 0),
      energyErrPct: errPct(l.energyPj, al?.energyPj ?? 0),
    };
  });
  const waits = s.layers
    .flatMap((l) => Object.entries(l.waitsNs).map(([resource, waitNs]) => ({ layer: l.name, resource, waitNs })))
    .filter((w) => w.waitNs > 0)
    .sort((x, y) => y.waitNs - x.waitNs)
    .slice(0, 8);
  const explanation = waits.slice(0, 3).map(waitSentence);
  const energyByKindErrPct = Object.fromEntries(
    Object.keys(s.breakdown.energyPj).map((k) => [k, errPct(s.breakdown.energyPj[k], (a.breakdown.energyPj as Record<string, number>)[k] ?? 0)]),
  );
  return {
    latencyErrPct: errPct(s.latencyNs, a.latencyNs),
    intervalErrPct: errPct(s.intervalNs, a.intervalNs),
    energyErrPct: errPct(s.energyPjPerImage, a.energyPjPerImage),
    dynamicEnergyErrPct: errPct(s.dynamicEnergyPjPerImage, a.dynamicEnergyPjPerImage),
    energyByKindErrPct,
    layers,
    waits,
    explanation: explanation.join('; '),
  };
}

/** Outputs against a reference: mismatched values, largest error, top-1 agreement. */
function compareOutputs(refs: readonly Int8Array[], outs: readonly Int8Array[]) {
  let mismatches = 0;
  let compared = 0;
  let maxAbsError = 0;
  let top1Agree = 0;
  refs.forEach((ref, k) => {
    const out = outs[k];
    let argRef = 0;
    let argOut = 0;
    for (let i = 0; i < ref.length; i++) {
      if (ref[i] !== out[i]) mismatches++;
      maxAbsError = Math.max(maxAbsError, Math.abs(ref[i] - out[i]));
      if (ref[i] > ref[argRef]) argRef = i;
      if (out[i] > out[argOut]) argOut = i;
    }
    if (argRef === argOut) top1Agree++;
    compared += ref.length;
  });
  return { mismatches, outputsCompared: compared, maxAbsError, top1Agreement: refs.length === 0 ? 1 : top1Agree / refs.length };
}

/**
 * The engine's outputs against the golden model of its fidelity: the integer reference, or, for
 * `adc` on a lossy ADC (`conversion` given), the ADC-aware reference, which must match bit for bit;
 * `integer` then says how far the chip's conversions move the outputs from the integer reference.
 * `golden`: that reference's outputs when the caller has run it already.
 */
export function functionalReport(net: Network, inputs: readonly Int8Array[], r: Pick<EngineResult, 'fidelity' | 'outputs'>, conversion?: CrossbarConversion, golden?: readonly Int8Array[]) {
  const lossyAdc = conversion !== undefined && r.fidelity === 'adc';
  const integerRefs = !lossyAdc && golden !== undefined ? golden : inputs.map((x) => runReference(net, x).output.data);
  const integer = compareOutputs(integerRefs, r.outputs);
  if (!lossyAdc) return { reference: 'integer' as const, bitExact: integer.mismatches === 0, ...integer, fidelity: r.fidelity };
  const adcRefs = golden ?? inputs.map((x) => runReference(net, x, { crossbar: conversion }).output.data);
  const adc = compareOutputs(adcRefs, r.outputs);
  return { reference: 'adc-aware' as const, bitExact: adc.mismatches === 0, ...adc, fidelity: r.fidelity, integer };
}
