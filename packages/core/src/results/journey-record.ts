/**
 * The canonical form of a journey: one JSON object per journey, the line of `journeys.jsonl` and
 * the input of the host digest. Built from the journey log's typed arrays at the end of a run
 * (not on the journey path). Addresses are lowercase `0x` hex, ESRs `0x%08x`.
 */
import { ACTIONS, EVENTS, LAYERS, OUTCOMES } from '../plugin/vocabulary.js';
import type { JourneyLog } from '../engine/journey-log.js';
import {
  J_EL, J_EVENT, J_OUTCOME, J_VCPU, J_VM, JT_ADDR, JT_AT, JT_OUTCOME_AT, JT_REPORTED,
  S_ACTION, S_ADDR, S_AT, S_CODE, S_COLS, S_ESR, S_LAYER, S_SIGNAL, S_SOURCE, S_TEXT, J_COUNT,
} from '../engine/journey-log.js';

/** One step of a journey in journeys.jsonl: one layer's action. */
export interface StepRecord {
  /** Who acted: hardware, firmware (EL3), hypervisor (KVM and the host kernel, EL2), vmm (host EL0), guest (EL1) or injector. */
  layer: string;
  /** What it did (the journey vocabulary: consume, record-cper, fake-sea-el2, memory-failure, sigbus, inject-sea, take-sea, kill, …). */
  action: string;
  /** Simulated time of the step, in ns. */
  atNs: number;
  /** The ESR value the step produced or read (ESR_EL2, ESR_EL1, VSESR_EL2), `0x%08x`. */
  esr?: string;
  /** The address the step carried (FAR, a physical address, the VMM's host VA), lowercase hex. */
  far?: string;
  /** The signal sent (SIGBUS 7, SIGKILL 9). */
  signal?: number;
  /** The si_code of that signal (BUS_MCEERR_AR 4, BUS_MCEERR_AO 5, BUS_OBJERR 3, SI_KERNEL 128) or an errno (EINVAL 22). */
  code?: number;
  /** The GHES source the step read or wrote. */
  source?: number;
  /** A note in words (why a layer halted, ignored or gave up). */
  text?: string;
}

/** One journey: a hardware error from the injector through EL3 firmware, KVM, the VMM and the guest to its outcome (a line of journeys.jsonl). */
export interface JourneyRecord {
  /** `host:seq`, unique in the run. */
  id: string;
  /** Host index. */
  host: number;
  /** Journey number within the host, in the order they started. */
  seq: number;
  /** Simulated time of the hardware event, in ns. */
  atNs: number;
  /** VM the error hit (-1: none, e.g. host memory). */
  vm: number;
  /** vCPU (within the VM) that consumed the error or took the SError (-1: none). */
  vcpu: number;
  /** Exception level of the context the error met (0 a guest process, 1 the guest kernel), null when none. */
  el: number | null;
  /** The hardware event: poison, serror or ce. */
  event: string;
  /** Host physical address of the error (the poisoned granule, or the address an SError's record names). */
  hostPa: string | null;
  /** The same address as a guest physical address of the journey's VM, when it is guest RAM. */
  guestPa: string | null;
  /** Virtual address of the first consuming access (guest VA, or the VMM's host VA), when there was one. */
  va: string | null;
  /** The steps, in time order. */
  steps: StepRecord[];
  /** From the consumption or report to the outcome, in ns; null when the error was never reported. */
  latencyNs: number | null;
  /** The final outcome (flow.md §7), most severe wins. */
  outcome: string;
  /** Corrected errors counted in bulk (InjectorContext.correctedErrors): how many; absent for one error. */
  count?: number;
}

const hex = (v: number): string => '0x' + v.toString(16);
const hex32 = (v: number): string => '0x' + (v >>> 0).toString(16).padStart(8, '0');

/** Builds the record of journey `id` of host `host`. */
export function journeyRecord(
  log: JourneyLog, host: number, id: number, order: Int32Array, start: Int32Array, toGuestPa: (vm: number, hpa: number) => number,
): JourneyRecord {
  const steps: StepRecord[] = [];
  const addr = log.time(id, JT_ADDR);
  const d = log.steps.data;
  for (let k = start[id]!; k < start[id + 1]!; k++) {
    const r = order[k]! * S_COLS;
    const action = ACTIONS[d[r + S_ACTION]!]!;
    const step: StepRecord = { layer: LAYERS[d[r + S_LAYER]!]!, action, atNs: d[r + S_AT]! };
    if (d[r + S_ESR]! >= 0) step.esr = hex32(d[r + S_ESR]!);
    if (d[r + S_ADDR]! >= 0) step.far = hex(d[r + S_ADDR]!);
    if (d[r + S_SIGNAL]! >= 0) step.signal = d[r + S_SIGNAL]!;
    if (d[r + S_CODE]! >= 0) step.code = d[r + S_CODE]!;
    if (d[r + S_SOURCE]! >= 0) step.source = d[r + S_SOURCE]!;
    if (d[r + S_TEXT]! >= 0) step.text = log.texts[d[r + S_TEXT]!]!;
    steps.push(step);
  }
  const jel = log.int(id, J_EL);
  const consume = steps.find((st) => st.action === 'consume');
  const vm = log.int(id, J_VM);
  const gpa = addr >= 0 && vm >= 0 ? toGuestPa(vm, addr) : -1;
  const reported = log.time(id, JT_REPORTED);
  const outcomeAt = log.time(id, JT_OUTCOME_AT);
  return {
    id: `${host}:${id}`,
    host,
    seq: id,
    atNs: log.time(id, JT_AT),
    vm,
    vcpu: log.int(id, J_VCPU),
    el: jel >= 0 ? jel : null,
    event: EVENTS[log.int(id, J_EVENT)]!,
    hostPa: addr >= 0 ? hex(addr) : null,
    guestPa: gpa >= 0 ? hex(gpa) : null,
    va: consume?.far ?? null,
    steps,
    latencyNs: reported >= 0 && outcomeAt >= 0 ? Math.max(0, outcomeAt - reported) : null,
    outcome: OUTCOMES[log.int(id, J_OUTCOME)]!,
    // Only bulk journeys carry it, so every other journey's line (and digest) is as before.
    ...(log.int(id, J_COUNT) > 1 ? { count: log.int(id, J_COUNT) } : {}),
  };
}
