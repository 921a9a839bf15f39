/**
 * Complete SEA journeys on the real engine, shared by the micro suite's journey task and the
 * journey suite. Each journey is flow.md row S1 with the seed profile: a guest process at EL0
 * loads poison, firmware writes the host CPER and fakes the SEA into EL2 (0x92000010), KVM's APEI
 * claims it, host memory_failure() sends SIGBUS AR to the VMM, the VMM writes the guest CPER and
 * injects 0x92000410, and the guest's GHES driver acks, offlines the page and kills the process:
 * guest-app-killed.
 *
 * The scenario makes nearly every access a journey: one host, one VM, one vCPU, loads only at
 * EL0, a per-access injection with probability 1 (each load reads a granule poisoned just before
 * it) and guest.restartNs 0, so the killed process restarts at once on fresh pages and its next
 * load is the next journey. Handler latencies are the seed plugins' defaults, so a journey spans
 * ~105 µs of simulated time; `nsPerJourney` is calibrated at creation, not assumed.
 *
 * Stepping: a HostRun can be stepped again and again (Engine.runSlice takes the end time), so a
 * host is built once and each `run(n)` advances it by the simulated time of n journeys. What
 * bounds a host is capacity: every journey offlines one guest page for good (the guest never
 * reuses offlined pages), takes one slot of the host poison map (maxPoisonedPagesPerHost), and
 * grows the journey log by ~1.3 KB (15 steps). So a host is sized for `journeysPerHost` journeys
 * and replaced by a fresh one before a call that would not fit; `ensureRoom` and `freshHost` do
 * that outside any timed region and add the build time to `setupSeconds`. A host must never run
 * into its capacity: a process that cannot restart makes the engine skip its accesses one by one
 * (with p = 1 every batch is one access), seconds of wall time per 100 ms simulated.
 */
import { fileURLToPath } from 'node:url';
import { COUNT_KEYS, HostRun, VI_BLOCKED, loadPluginSet, parseScenario, type PluginSet, type Scenario } from '@rasflow/core';

const INJECTED = COUNT_KEYS.indexOf('errorsInjected');
const ACCESSES = COUNT_KEYS.indexOf('accesses');
/** Pages the guest holds whatever the journeys do: the kernel's and the process's mappings. */
const KERNEL_PAGES = 16;
const PROCESS_PAGES = 16;
/** Head-room left on a host: a call may run a journey or two past its target. */
const SLACK_JOURNEYS = 256;
/** Simulated time of the calibration run (~500 journeys). */
const CALIBRATION_NS = 50_000_000;

/** The S1 scenario on a host sized for `journeysPerHost` journeys (4 KiB pages, one per journey). */
export function journeyScenario(journeysPerHost: number): Scenario {
  const pages = journeysPerHost + SLACK_JOURNEYS + KERNEL_PAGES + 2 * PROCESS_PAGES;
  return parseScenario({
    name: 'bench-sea-journeys',
    profile: 'seed',
    // Never reached: run(n) passes its own end time to the engine.
    durationNs: Number.MAX_SAFE_INTEGER,
    engine: { maxPoisonedPagesPerHost: pages + 1024 },
    hosts: { count: 1, cpus: 1 },
    vms: { perHost: 1, vcpus: 1, memoryMiB: Math.ceil(pages / 256), kernelPages: KERNEL_PAGES, processes: 1, processPages: PROCESS_PAGES },
    guest: { restartNs: 0 },
    workload: { kind: 'random', storeFraction: 0, fetchFraction: 0, kernelFraction: 0 },
    injections: [{ kind: 'per-access', probability: 1, event: { type: 'poison' } }],
  });
}

export class EngineJourneys {
  /** Simulated ns per journey, measured once at creation. */
  nsPerJourney = 0;
  /** Hosts built so far and the wall time their construction took (never inside a sample). */
  hostsBuilt = 0;
  setupSeconds = 0;
  lastSetupSeconds = 0;
  private scenario: Scenario;
  private current: HostRun;
  /** 1 when the last call on this host ended with a journey in flight (injected, not complete). */
  private inFlightBefore = 0;

  private constructor(private readonly plugins: PluginSet, private journeysPerHost: number) {
    this.scenario = journeyScenario(journeysPerHost);
    this.current = this.build();
  }

  /** Loads the seed plugins, builds the first host and calibrates `nsPerJourney`. */
  static async create(o: { journeysPerHost?: number } = {}): Promise<EngineJourneys> {
    const perHost = o.journeysPerHost ?? 50_000;
    if (!Number.isInteger(perHost) || perHost < 1000) throw new RangeError(`journeysPerHost must be an integer ≥ 1000, got ${perHost}`);
    const plugins = await loadPluginSet(journeyScenario(1000), fileURLToPath(new URL('.', import.meta.url)));
    const e = new EngineJourneys(plugins, perHost);
    const done = e.advance(CALIBRATION_NS);
    if (done <= 0) throw new Error('the journey scenario completed no journey during calibration');
    e.nsPerJourney = CALIBRATION_NS / done;
    return e;
  }

  /** The host being run (for tests and checksums). */
  get host(): HostRun {
    return this.current;
  }

  /** Journeys the current host can still take. */
  get room(): number {
    return this.journeysPerHost - this.current.sim.counts[INJECTED]!;
  }

  /** Replaces the host by a fresh one, sized for max(n, journeysPerHost) journeys. */
  freshHost(n = 0): void {
    if (n > this.journeysPerHost) {
      this.journeysPerHost = n;
      this.scenario = journeyScenario(n);
    }
    this.current = this.build();
  }

  /** Makes sure `run(n)` fits the current host, building a fresh one if not. True if it did. */
  ensureRoom(n: number): boolean {
    if (n + SLACK_JOURNEYS <= this.room) return false;
    this.freshHost(n + SLACK_JOURNEYS);
    return true;
  }

  /**
   * Advances the host by the simulated time of `n` journeys; returns the journeys completed in
   * that time (call ensureRoom(n) first, outside the timed region).
   */
  run(n: number): number {
    return this.advance(Math.max(1, Math.round(n * this.nsPerJourney)));
  }

  /** Accesses retired by the current host: a checksum that moves with the work done. */
  accesses(): number {
    return this.current.sim.counts[ACCESSES]!;
  }

  /**
   * Runs slices up to `ns` past the current time. A journey is complete once its vCPU waits on no
   * hand-over (VI_BLOCKED 0): the guest's kill is its last step. At a slice end at most one
   * journey is in flight (one vCPU), so completed = injected − in flight, exactly.
   */
  private advance(ns: number): number {
    const run = this.current;
    const engine = run.engine;
    const counts = run.sim.counts;
    const i32 = run.sim.vcpus.i32;
    const before = counts[INJECTED]! - this.inFlightBefore;
    const target = engine.reachedNs + ns;
    while (engine.reachedNs < target) engine.runSlice(target);
    this.inFlightBefore = i32[VI_BLOCKED]! > 0 ? 1 : 0; // vCPU 0's row starts at word 0
    return counts[INJECTED]! - this.inFlightBefore - before;
  }

  private build(): HostRun {
    const t0 = process.hrtime.bigint();
    const run = new HostRun(this.scenario, this.plugins, 0);
    this.lastSetupSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
    this.setupSeconds += this.lastSetupSeconds;
    this.hostsBuilt++;
    this.inFlightBefore = 0;
    if (run.sim.vcpuCount !== 1) throw new Error('the journey scenario must have exactly one vCPU');
    return run;
  }
}
