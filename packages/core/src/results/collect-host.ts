/**
 * What is kept of a host after its run: final journey outcomes counted, per-VM figures, canonical
 * journey records and the host digest. Observers see each finished journey here.
 */
import { countsObject, OUTCOME_COUNT_INDEX } from '../engine/counts.js';
import type { HostSim } from '../engine/host.js';
import { J_OUTCOME, J_VM } from '../engine/journey-log.js';
import { OUTCOMES } from '../plugin/vocabulary.js';
import { VCPU_F64, VF_LOST_NS } from '../memory/layout.js';
import { hostDigest } from './digest.js';
import { hpaToGpa } from '../memory/host-plan.js';
import { observeJourneys, observeRunEnd } from './observe.js';
import { journeyRecord, type JourneyRecord } from './journey-record.js';

export interface VmResult {
  host: number;
  vm: number;
  state: 'up' | 'panicked' | 'terminated' | 'host-down';
  timesLost: number;
  accesses: number;
  timeLostNs: number;
  outcomes: Record<string, number>;
}

export interface HostResult {
  host: number;
  complete: boolean;
  up: boolean;
  counts: Float64Array;
  vms: VmResult[];
  journeys: number;
  digest: string;
  records: JourneyRecord[] | null;
}

const VM_STATES = ['up', 'panicked', 'terminated', 'host-down'] as const;

export function collectHost(h: HostSim, complete: boolean, keepRecords: boolean): HostResult {
  const log = h.journeys;
  const counts = new Float64Array(h.counts);
  const perVm = Array.from({ length: h.vmState.length }, () => new Float64Array(OUTCOMES.length));
  for (let j = 0; j < log.count; j++) {
    const o = log.int(j, J_OUTCOME);
    counts[OUTCOME_COUNT_INDEX[o]!]!++;
    const vm = log.int(j, J_VM);
    if (vm >= 0) perVm[vm]![o]!++;
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
  observeJourneys(h.observers, records);
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
  observeRunEnd(h.observers, { complete, simulatedNs: h.scenario.durationNs, counts: countsObject(counts) });
  return {
    host: h.index, complete, up: h.hostUp, counts, vms, journeys: log.count,
    digest: hostDigest(lines, countsLine), records: keepRecords ? records : null,
  };
}

