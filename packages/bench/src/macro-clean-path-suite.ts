/**
 * The macro clean path (benchmark issue, target `cleanPath` ≥ 0.5): the real engine — host
 * loop, slices, a workload plugin filling batches, the access loop with its data pass — doing the
 * bare access loop's work: the same xorshift32 address stream over the same 1 GiB, a poison test
 * per access and a 32-bit load from data-backed guest memory. One granule of the VM is poisoned
 * (in the guest kernel's page, which the workload never touches), so the poison summary is not
 * empty and no "nothing poisoned anywhere" shortcut can apply.
 *
 * Samples alternate bare loop, engine, bare loop, engine …; the ratio is taken pair by pair. The
 * host is built once (HostStepper) and its guest data written in full, like the bare loop's.
 */
import { fileURLToPath } from 'node:url';
import { loadPluginSet, parseScenario, type Scenario } from '@rasflow/core';
import { bareAccessLoop, makeBareMemory, BARE_BYTES } from './bare-access-loop.js';
import { FOREVER_NS, HostStepper } from './host-stepper.js';
import { figure, pairRatios, type Figure, type RatioFigure } from './stats.js';
import { xorshiftSeed } from './xorshift-workload.js';

export interface MacroCleanPathOptions {
  /** Guest process and bare-loop memory (a power of two; default 1 GiB, smaller only for tests). */
  memoryBytes?: number;
  pairs: number;
  sampleSeconds: number;
  progress?: (line: string) => void;
}

export interface MacroCleanPathResult {
  memoryBytes: number;
  pairs: number;
  bare: Figure;
  engine: Figure;
  /** engine / bare, pair by pair: the `cleanPath` ratio. */
  ratio: RatioFigure;
  setupSeconds: number;
  checksum: number;
}

const WORKLOAD = fileURLToPath(new URL('./xorshift-workload.js', import.meta.url));

/** 1 GiB process (262,144 pages) + one kernel page: the guest has 1025 MiB. */
export function macroCleanPathScenario(bytes = BARE_BYTES): Scenario {
  const pages = bytes / 4096;
  return parseScenario({
    name: 'bench-macro-clean-path',
    seed: 1,
    durationNs: FOREVER_NS,
    engine: { batchSize: 1024, sliceNs: 1_000_000 },
    hosts: { count: 1, cpus: 1 },
    vms: { perHost: 1, vcpus: 1, memoryMiB: bytes / 2 ** 20 + 1, kernelPages: 1, processes: 1, processPages: pages, dataBacked: true },
    workload: { kind: 'random', storeFraction: 0, fetchFraction: 0, kernelFraction: 0 },
    injections: [{ kind: 'targeted', atNs: 0, target: { process: 'kernel', page: 0, offset: 0 }, event: { type: 'poison' } }],
    plugins: { workload: { module: WORKLOAD } },
  });
}

export async function runMacroCleanPathSuite(o: MacroCleanPathOptions): Promise<MacroCleanPathResult> {
  const say = o.progress ?? (() => undefined);
  const t0 = process.hrtime.bigint();
  const bytes = o.memoryBytes ?? BARE_BYTES;
  const s = macroCleanPathScenario(bytes);
  const engine = new HostStepper(s, await loadPluginSet(s, process.cwd()));
  engine.touchGuestData();
  const bare = makeBareMemory(bytes);
  for (let i = 0; i < bare.data.length; i += 1024) bare.data[i] = i; // real pages, not the zero page
  const setupSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  let checksum = 0;
  const seed = xorshiftSeed(0);
  // Warm both paths, then size the bare samples to about sampleSeconds.
  let t = process.hrtime.bigint();
  checksum ^= bareAccessLoop(bare, 4e6, seed);
  const bareRate = 4e6 / (Number(process.hrtime.bigint() - t) / 1e9);
  engine.stepFor(Math.min(0.3, o.sampleSeconds));
  const nBare = Math.max(1e6, Math.round(bareRate * o.sampleSeconds));
  say(`macro clean path: setup ${setupSeconds.toFixed(1)} s, ${nBare} bare accesses per sample`);
  const bareRates: number[] = [];
  const engineRates: number[] = [];
  for (let k = 0; k < o.pairs; k++) {
    t = process.hrtime.bigint();
    checksum ^= bareAccessLoop(bare, nBare, seed);
    bareRates.push(nBare / (Number(process.hrtime.bigint() - t) / 1e9));
    const e = engine.stepFor(o.sampleSeconds);
    engineRates.push(e.accesses / e.seconds);
    say(`macro clean path: pair ${k + 1}/${o.pairs}: bare ${(bareRates[k]! / 1e6).toFixed(1)} M/s, engine ${(engineRates[k]! / 1e6).toFixed(1)} M/s (×${(engineRates[k]! / bareRates[k]!).toFixed(3)})`);
  }
  checksum ^= engine.run.sim.sink[0]!;
  return {
    memoryBytes: bytes, pairs: o.pairs, bare: figure(bareRates), engine: figure(engineRates),
    ratio: pairRatios(bareRates, engineRates), setupSeconds, checksum,
  };
}
