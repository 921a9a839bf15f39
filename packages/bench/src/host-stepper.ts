/**
 * Steps one host of a scenario through the real engine for a wall-clock budget: the macro suites'
 * way to measure the engine without rebuilding a host per sample (a 1 GiB data-backed guest takes
 * longer to build than a sample takes to run) and without a timer per access. The host is built
 * with an end far away, and a sample runs whole slices until its time is up.
 */
import { C_ACCESSES, C_INJECTED, HostRun, type PluginSet, type Scenario } from '@rasflow/core';

/** Simulated end of a benchmark host: far beyond any sample. */
export const FOREVER_NS = 1e15;

export interface StepSample {
  accesses: number;
  /** Errors injected during the sample: each one is a journey (per-access poison is consumed at once). */
  journeys: number;
  seconds: number;
}

export class HostStepper {
  readonly run: HostRun;

  constructor(s: Scenario, plugins: PluginSet) {
    if (s.durationNs < FOREVER_NS) throw new RangeError(`HostStepper: scenario durationNs must be at least ${FOREVER_NS}`);
    this.run = new HostRun(s, plugins, 0);
  }

  /** Writes one word per 4 KiB of every data-backed VM, so loads hit real pages, not the zero page. */
  touchGuestData(): void {
    for (const v of this.run.sim.vmViews) {
      const d = v.data;
      if (d !== null) for (let i = 0; i < d.length; i += 1024) d[i] = i;
    }
  }

  /** Runs whole slices until `seconds` of wall time have passed (at least one slice). */
  stepFor(seconds: number): StepSample {
    const counts = this.run.sim.counts;
    const a0 = counts[C_ACCESSES]!;
    const j0 = counts[C_INJECTED]!;
    const t0 = process.hrtime.bigint();
    const budget = BigInt(Math.round(seconds * 1e9));
    let elapsed = 0n;
    do {
      while (!this.run.step()) { /* a slice only suspends when asked to yield; never here */ }
      elapsed = process.hrtime.bigint() - t0;
    } while (elapsed < budget);
    return { accesses: counts[C_ACCESSES]! - a0, journeys: counts[C_INJECTED]! - j0, seconds: Number(elapsed) / 1e9 };
  }
}
