/**
 * What is kept of a host after its run: final journey outcomes counted, per-VM figures, canonical
 * journey records and the host digest. Observers see each finished journey here.
 */
import { countsObject, OUTCOME_COUNT_INDEX } from '../engine/counts.js';
import type { HostSim } from '../engine/host.js';
import { J_COUNT, J_OUTCOME, J_VM } from '../engine/journey-log.js';
import { OUTCOMES } from '../plugin/vocabulary.js';
import { VCPU_F64, VF_LOST_NS } from '../memory/layout.js';
import { hostDigest } from './digest.js';
import { hpaToGpa } from '../memory/host-plan.js';
import { observeJourneys, observeRunEnd, type ObserverSite } from './observe.js';
import { journeyRecord, type JourneyRecord } from './journey-record.js';

/** One VM at the end of a run: results.json's `vms[]` entry. */
export interface VmResult {
  /** Host index. */
  host: number;
  /** VM index on the host. */
  vm: number;
  /** Its state at the end: up, the guest panicked (and did not reboot), the VMM terminated it, or its host is down. */
  state: 'up' | 'panicked' | 'terminated' | 'host-down';
  /** Times the VM was lost (guest panics, terminations). */
  timesLost: number;
  /** Guest memory accesses its vCPUs retired. */
  accesses: number;
  /** Simulated time its vCPUs spent in error handling (firmware, KVM, VMM and guest handlers), in ns. */
  timeLostNs: number;
  /** Journeys of this VM by final outcome (flow.md §7: corrected, guest-app-killed, guest-panic, …). */
  outcomes: Record<string, number>;
}

/** What is kept of a host after its run: counts, per-VM figures, journeys and digest. */
export interface HostResult {
  /** Host index. */
  host: number;
  /** The host reached durationNs. */
  complete: boolean;
  /** The host is up at the end (false after a host panic or a firmware halt it did not reboot from). */
  up: boolean;
  /** The host's counters with journeys counted by final outcome, indexed by COUNT_KEYS. */
  counts: Float64Array;
  /** Each VM's result. */
  vms: VmResult[];
  /** Journeys the host recorded. */
  journeys: number;
  /** The host digest ({@link hostDigest}). */
  digest: string;
  /** The canonical journey records (journeys.jsonl lines), when asked for; else null. */
  records: JourneyRecord[] | null;
}

const VM_STATES = ['up', 'panicked', 'terminated', 'host-down'] as const;

/**
 * The result of host `h` after its run: journeys counted by final outcome, per-VM figures, the
 * canonical journey records (kept when `keepRecords`) and the host digest. Observers see each
 * finished journey and the end of the run here (in the host's flow, `site`, when given).
 *
 * @internal
 */
export function collectHost(h: HostSim, complete: boolean, keepRecords: boolean, site?: ObserverSite): HostResult {
  const log = h.journeys;
  const counts = new Float64Array(h.counts);
  const perVm = Array.from({ length: h.vmState.length }, () => new Float64Array(OUTCOMES.length));
  for (let j = 0; j < log.count; j++) {
    // A journey of corrected errors counted in bulk stands for J_COUNT errors of one fate.
    const o = log.int(j, J_OUTCOME);
    const n = log.int(j, J_COUNT);
    counts[OUTCOME_COUNT_INDEX[o]!]! += n;
    const vm = log.int(j, J_VM);
    if (vm >= 0) perVm[vm]![o]! += n;
  }
  const { order, start } = log.stepsByJourney();
  const toGuestPa = (vm: number, hpa: number): number => {
    const p = h.plan.vms[vm];
    return p === undefined ? -1 : hpaToGpa(p, h.plan.hostPageShift, hpa);
  };
  const lines: string[] = [];
  const records: JourneyRecord[] = [];
  for (let j = 0; j < log.count; j++) {
    const rec = journeyRecord(log, h.index, j, order, start, toGuestPa);
    lines.push(JSON.stringify(rec));
    records.push(rec);
  }
  observeJourneys(h.observers, records, site);
  const vms: VmResult[] = [];
  for (let vm = 0; vm < h.vmState.length; vm++) {
    let lost = 0;
    for (let c = 0; c < h.vcpusPerVm; c++) lost += h.vcpus.f64[h.vcpuIndex(vm, c) * VCPU_F64 + VF_LOST_NS]!;
    const outcomes: Record<string, number> = {};
    OUTCOMES.forEach((o, k) => (outcomes[o] = perVm[vm]![k]!));
    vms.push({
      host: h.index, vm, state: VM_STATES[h.vmState[vm]!] ?? 'up', timesLost: h.vmLostCount[vm]!,
      accesses: h.vmAccesses[vm]!, timeLostNs: lost, outcomes,
    });
  }
  const countsLine = JSON.stringify(countsObject(counts));
  observeRunEnd(h.observers, { complete, simulatedNs: h.scenario.durationNs, counts: countsObject(counts) }, site);
  return {
    host: h.index, complete, up: h.hostUp, counts, vms, journeys: log.count,
    digest: hostDigest(lines, countsLine), records: keepRecords ? records : null,
  };
}

