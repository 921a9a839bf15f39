/**
 * The error-rate sweep (benchmark issue, target `errorRate1e4` ≥ 0.7): the same host at 0, 10^-6,
 * 10^-4 and 10^-2 poisonings per access (seed profile), in accesses/s and journeys/s. A per-access
 * injection poisons the granule a load is about to read, so every error is consumed at once: an S1
 * journey through every layer (firmware, KVM and host memory_failure, the VMM, the guest), ending
 * with the process killed; it restarts at once (guest.restartNs 0) on fresh pages, so the vCPU
 * never idles and the figure is the engine's, not the scenario's.
 *
 * The guest has 4 GiB so that the pages each journey offlines never run out within a sample, and a
 * 1 MiB process so a restart (remapping every page of the process) stays a small part of a
 * journey. A fresh host is built for every sample (outside the timed part): poisoned pages and
 * offlined guest pages would otherwise pile up from sample to sample.
 *
 * Samples go round the rates (0, 10^-6, 10^-4, 10^-2, 0, …); each rate's ratio is taken against
 * the 0 sample of the same round, pair by pair.
 */
import { loadPluginSet, parseScenario, type PluginSet, type Scenario } from '@rasflow/core';
import { FOREVER_NS, HostStepper } from './host-stepper.js';
import { figure, pairRatios, type Figure, type RatioFigure } from './stats.js';

export const ERROR_RATES = [0, 1e-6, 1e-4, 1e-2] as const;

export interface ErrorRateOptions {
  rounds: number;
  sampleSeconds: number;
  progress?: (line: string) => void;
}

export interface ErrorRatePoint {
  /** Poisonings per access. */
  rate: number;
  accessesPerSecond: Figure;
  journeysPerSecond: Figure;
  /** Accesses/s against the error-free samples of the same rounds (1 for rate 0). */
  ratio: RatioFigure;
}

export interface ErrorRateResult {
  rounds: number;
  sampleSeconds: number;
  points: ErrorRatePoint[];
}

export function errorRateScenario(rate: number): Scenario {
  return parseScenario({
    name: 'bench-error-rate',
    seed: 1,
    profile: 'seed',
    durationNs: FOREVER_NS,
    engine: { batchSize: 1024, sliceNs: 1_000_000, maxPoisonedPagesPerHost: 1 << 21 },
    hosts: { count: 1, cpus: 1 },
    vms: { perHost: 1, vcpus: 1, memoryMiB: 4096, kernelPages: 16, processes: 1, processPages: 256 },
    guest: { restartNs: 0 },
    workload: { kind: 'random', storeFraction: 0, fetchFraction: 0, kernelFraction: 0 },
    injections: rate > 0 ? [{ kind: 'per-access', probability: rate, event: { type: 'poison' } }] : [],
  });
}

export async function runErrorRateSuite(o: ErrorRateOptions): Promise<ErrorRateResult> {
  const scenarios = ERROR_RATES.map(errorRateScenario);
  const plugins: PluginSet[] = [];
  for (const s of scenarios) plugins.push(await loadPluginSet(s, process.cwd()));
  const sample = (i: number): { accesses: number; journeys: number } => {
    const h = new HostStepper(scenarios[i]!, plugins[i]!);
    const r = h.stepFor(o.sampleSeconds);
    return { accesses: r.accesses / r.seconds, journeys: r.journeys / r.seconds };
  };
  for (let i = 0; i < ERROR_RATES.length; i++) sample(i); // warm every path once
  const acc: number[][] = ERROR_RATES.map(() => []);
  const jrn: number[][] = ERROR_RATES.map(() => []);
  for (let k = 0; k < o.rounds; k++) {
    const line: string[] = [];
    for (let i = 0; i < ERROR_RATES.length; i++) {
      const r = sample(i);
      acc[i]!.push(r.accesses);
      jrn[i]!.push(r.journeys);
      line.push(`${ERROR_RATES[i]}: ${(r.accesses / 1e6).toFixed(1)} M/s${r.journeys > 0 ? `, ${(r.journeys / 1e3).toFixed(1)} k journeys/s` : ''}`);
    }
    o.progress?.(`error rates: round ${k + 1}/${o.rounds}: ${line.join(' | ')}`);
  }
  return {
    rounds: o.rounds,
    sampleSeconds: o.sampleSeconds,
    points: ERROR_RATES.map((rate, i) => ({
      rate, accessesPerSecond: figure(acc[i]!), journeysPerSecond: figure(jrn[i]!), ratio: pairRatios(acc[0]!, acc[i]!),
    })),
  };
}
