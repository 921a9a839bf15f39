/**
 * The scenarios of the seeded soak, one per phase, for one profile. Every phase uses the profile's
 * default plugins with the options it needs (the rows of flow.md §6 that need scenario settings
 * get their own phase, as the decision tests do):
 *
 * | phase | rows | how |
 * |---|---|---|
 * | main | S1 S2 S3 S4 S6 S8, E1–E8 | random workload (EL0 and EL1, loads, stores, fetches), the soak injector's default rows |
 * | s5 | S5 | guest `ackRecords: false`: a VM's second error finds the block busy; the VMM exits |
 * | s7 | S7 | hypervisor `syncMemoryFailure: workqueue`, `vmmEarlyKill: false`: the re-executed access faults at stage 2 |
 * | h2 | H2 | 64 KiB host pages over 4 KiB guest pages: the restarted process re-faults on the poisoned host page |
 * | v2 | V2 | the profile's VMM making the set-syndrome call with bit 25 on every SIGBUS (v2-vmm.ts) |
 * | h1 | H1 | scripted (scripted-rows.ts): only a scripted workload makes the VMM thread read its memory |
 * | v1 | V1 | scripted: PSTATE.A is set only by a scripted workload |
 *
 * Hosts and guests come back (`hosts.rebootNs`, `guest.rebootNs`, `guest.restartNs`); VMs a row
 * terminates stay down (the engine restarts a terminated VMM only with its host), so the rows
 * that terminate VMs (S5, H1, upstream S4) run once per VM, on many VMs.
 */
import { scriptedH1, scriptedV1 } from './scripted-rows.js';
import type { Profile } from './expected-outcomes.js';

/** One phase: a name and the scenario (as `parseScenario` takes it, before validation). */
export interface Phase {
  name: string;
  scenario: Record<string, unknown>;
}

/** How big a soak is. */
export interface SoakSize {
  /** Journeys every row must reach in each profile. */
  minPerRow: number;
  /** Journeys the main phase aims at in each profile. */
  mainJourneys: number;
  seed: number;
}

/** The acceptance: every row ≥ 1,000 times per profile, ≥ 10^6 journeys over both profiles. */
export const FULL_SOAK: SoakSize = { minPerRow: 1_000, mainJourneys: 510_000, seed: 20_170_728 };
/** Journeys the acceptance asks for over both profiles. */
export const TOTAL_JOURNEYS = 1_000_000;

/** Total journeys a soak of `size` over `profiles` profiles must reach: the acceptance's, scaled by minPerRow. */
export function wantedJourneys(size: SoakSize, profiles: number): number {
  return Math.round(TOTAL_JOURNEYS * Math.min(1, size.minPerRow / FULL_SOAK.minPerRow) * profiles / 2);
}

/**
 * Simulated time the main phase takes per journey (measured: a round of 8 cycled rows takes
 * 8 × 25 µs plus, for E5 and E8, the 150 µs settle and the 60 µs wait for the reboot).
 */
const MAIN_NS_PER_JOURNEY = 69_000;
/** Headroom over the minimum for rows whose count varies with the workload's choices. */
const MARGIN = 1.25;

const plugin = (profile: Profile, layer: string, options: Record<string, unknown>) => ({ module: `@rasflow/plugins/${profile}/${layer}`, options });
const soak = (options: Record<string, unknown>) => ({ injectors: [{ module: '@rasflow/plugins/injector/soak-injector', options }] });

/** What every generated-workload phase shares. 8 PEs for 8 one-vCPU VMs: each vCPU has its own error record. */
function generated(size: SoakSize, profile: Profile, name: string, hosts: number, durationNs: number, over: Record<string, unknown> = {}): Phase {
  return {
    name,
    scenario: {
      name: `soak-${name}`, profile, seed: size.seed, durationNs,
      hosts: { count: hosts, cpus: 8, rebootNs: 30_000 },
      engine: { batchSize: 128, maxPoisonedPagesPerHost: 4096, livelockRetries: 4 },
      vms: { perHost: 8, vcpus: 1, memoryMiB: 4, kernelPages: 1, processes: 1, processPages: 1, vmmPrivatePages: 1 },
      guest: { restartNs: 20_000, rebootNs: 30_000 },
      workload: { kind: 'random', accessNs: 300, storeFraction: 0.1, fetchFraction: 0.2, kernelFraction: 0.3 },
      ...over,
    },
  };
}

const INJECT = { perVcpuIntervalNs: 200_000, afterHostPanicNs: 60_000, settleNs: 150_000, finalWindowNs: 0, pages: 1 };

/** The phases of a soak of `profile`. */
export function soakPhases(profile: Profile, size: SoakSize): Phase[] {
  const min = Math.ceil(size.minPerRow * MARGIN);
  // main: one E6 and one S6 per host; S2, S4, S8 on 7 VMs of 8.
  const mainHosts = Math.max(min, Math.ceil(size.minPerRow * 1.1));
  const perHost = Math.ceil(size.mainJourneys / mainHosts);
  const main = generated(size, profile, 'main', mainHosts, 1_000_000 + perHost * MAIN_NS_PER_JOURNEY, {
    plugins: soak({ ...INJECT, finalWindowNs: 1_000_000 }),
  });
  // s5: 100 two-vCPU VMs a host, one round (the VM's vCPUs 200 µs apart): a VM's first error is
  // S1 (its record is never acked), its second S5.
  // 200 vCPUs share 8 PEs, whose journeys run one after another: 3 ms lets every VM's two errors through.
  const s5 = generated(size, profile, 's5', Math.ceil(min / 100), 3_000_000, {
    vms: { perHost: 100, vcpus: 2, memoryMiB: 1, kernelPages: 1, processes: 2, processPages: 1, vmmPrivatePages: 1 },
    plugins: { guest: plugin(profile, 'guest', { ackRecords: false }), ...soak({ ...INJECT, perVcpuIntervalNs: 400_000, rows: ['S5'], rounds: 1 }) },
  });
  // s7 and v2: one S1-like setup every 37.5 µs per host, 300 µs apart on a VM: the S7 path is
  // longer than S1's, and a setup finding the process killed and not yet restarted lands nowhere.
  const s1Like = { ...INJECT, perVcpuIntervalNs: 300_000 };
  const hostsFor = (n: number) => Math.max(1, Math.ceil(n / 2_000));
  const durationFor = (n: number, hosts: number) => 200_000 + Math.ceil(n / hosts) * 37_500;
  const s7 = generated(size, profile, 's7', hostsFor(min), durationFor(min, hostsFor(min)), {
    plugins: { hypervisor: plugin(profile, 'hypervisor', { syncMemoryFailure: 'workqueue', vmmEarlyKill: false }), ...soak({ ...s1Like, rows: ['S7'] }) },
  });
  const v2 = generated(size, profile, 'v2', hostsFor(min), durationFor(min, hostsFor(min)), {
    plugins: { vmm: { module: './v2-vmm.js', options: { profile } }, ...soak({ ...s1Like, rows: ['S1'] }) },
  });
  // h2: 64 KiB host pages; kernel and each process fill one host page of their own (16 guest pages).
  // Accesses every 100 ns: a process reads the one poisoned granule of its 1,024 within ~0.2 ms,
  // and the run lasts until every H2 has livelocked.
  // One vCPU per VM: the restarted process re-faults on its own (two vCPUs of a VM re-faulting on
  // the same host page race on the guest block: S5 or H2's "not acked" branch, the decision tests'
  // and the ack-race example's business, not the soak's).
  const h2 = generated(size, profile, 'h2', Math.ceil(min / 50), 3_500_000, {
    workload: { kind: 'random', accessNs: 100, storeFraction: 0.1, fetchFraction: 0.2, kernelFraction: 0.3 },
    hosts: { count: Math.ceil(min / 50), cpus: 16, pageSize: 65536, rebootNs: 30_000 },
    vms: { perHost: 50, vcpus: 1, memoryMiB: 1, kernelPages: 16, processes: 2, processPages: 16, vmmPrivatePages: 1 },
    plugins: soak({ ...INJECT, perVcpuIntervalNs: 200_000, rows: ['H2'], rounds: 1 }),
  });
  return [main, s5, s7, v2, h2, scriptedH1(profile, size.seed, min), scriptedV1(profile, size.seed, min)];
}
