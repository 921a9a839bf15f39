// Hand-built results.json objects and journeys for the report tests: small, exact and independent
// of the default plugins (core does not depend on @rasflow/plugins).
import { COUNT_KEYS, OUTCOME_COUNT_KEY, type CountKey } from '../../src/engine/counts.js';
import type { Outcome } from '../../src/plugin/vocabulary.js';
import type { JourneyRecord, StepRecord } from '../../src/results/journey-record.js';
import type { Results } from '../../src/report/html-report.js';

export interface ResultsFixture {
  scenario?: string;
  profile?: 'seed' | 'upstream';
  seed?: number;
  outcomes?: Partial<Record<Outcome, number>>;
  counts?: Partial<Record<CountKey, number>>;
}

/** A complete two-VM, one-host run with the given outcome counts (all on VM 0). */
export function results(f: ResultsFixture = {}): Results {
  const counts = Object.fromEntries(COUNT_KEYS.map((k) => [k, 0])) as Record<CountKey, number>;
  for (const [o, n] of Object.entries(f.outcomes ?? {})) counts[OUTCOME_COUNT_KEY[o as Outcome]] = n;
  Object.assign(counts, f.counts ?? {});
  const outcomes: Record<string, number> = Object.fromEntries(Object.entries(f.outcomes ?? {}));
  return {
    rasflow: '0.0.0-test', scenario: f.scenario ?? 'fixture', seed: f.seed ?? 7, profile: f.profile ?? 'seed',
    deterministic: true, complete: true, simulatedNs: 1_000_000, counts, digest: 'ab'.repeat(32),
    hosts: [{ host: 0, digest: 'cd'.repeat(32), journeys: 0, up: true }],
    vms: [
      { host: 0, vm: 0, state: 'panicked', timesLost: 1, accesses: 1000, timeLostNs: 5000, outcomes },
      { host: 0, vm: 1, state: 'up', timesLost: 0, accesses: 2000, timeLostNs: 0, outcomes: {} },
    ],
  };
}

/** A journey from `[layer, action, atNs]` steps; the first step's time is the injection time. */
export function journey(seq: number, outcome: Outcome, steps: ReadonlyArray<readonly [string, string, number]>, event = 'poison'): JourneyRecord {
  const st: StepRecord[] = steps.map(([layer, action, atNs]) => ({ layer, action, atNs }));
  return {
    id: `0:${seq}`, host: 0, seq, atNs: st[0]?.atNs ?? 0, vm: 0, vcpu: 0, el: 0, event, hostPa: `0x${(seq * 0x1000).toString(16)}`,
    guestPa: null, va: null, steps: st, latencyNs: null, outcome,
  };
}

/** An S1-shaped journey: waiting `wait`, then firmware, KVM, VMM and guest taking the given ns. */
export function s1(seq: number, at: number, wait: number, fw: number, hv: number, vmm: number, guest: number, outcome: Outcome = 'guest-app-killed'): JourneyRecord {
  const c = at + wait;
  return journey(seq, outcome, [
    ['injector', 'inject-poison', at], ['hardware', 'consume', c], ['firmware', 'record-cper', c + fw], ['firmware', 'fake-sea-el2', c + fw],
    ['hypervisor', 'apei-claim', c + fw + hv], ['vmm', 'inject-sea', c + fw + hv + vmm], ['guest', 'take-sea', c + fw + hv + vmm], ['guest', 'kill', c + fw + hv + vmm + guest],
  ]);
}
