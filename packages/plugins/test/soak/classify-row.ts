/**
 * Tells which row of flow.md §6 a finished journey is, from its canonical record alone (event,
 * EL, steps and their ESRs) — a soak cannot tag journeys, and the row a journey becomes is partly
 * the workload's choice (a load or a fetch, EL0 or EL1).
 *
 * Rules, first match wins.
 *
 * Poison journeys:
 * - **V2**: the VMM made the set-syndrome call with ESR 0x02000000 (a `vmm:einval` step with that
 *   ESR); the journey is otherwise the row below (`base`).
 * - not consumed (no `consume`, `stage2-fault` or `pte-poison` step): *unconsumed*, no row.
 * - **H1**: firmware routed the error to the host (`firmware:route-host`: the VMM's own read).
 * - **S6**: firmware halted (`firmware:halt`).
 * - **S8**: consumed, and firmware never acted (kernel-first host, no record).
 * - **H2**: a stage-2 fault, and the guest's memory_failure() found its page already offlined or
 *   the context livelocked (`guest:already-poisoned` / `hardware:livelock`). Checked before S5:
 *   with two vCPUs re-faulting on the same host page, one may find the block not acked yet, the
 *   row's "not acked" branch.
 * - **S5**: the VMM found the guest block busy (`vmm:ack-busy`).
 * - **S7**: a stage-2 fault (`hardware:stage2-fault`) otherwise.
 * - **S4**: the host's APEI claimed a record without an address (`hypervisor:apei-claim`, no FAR).
 * - **S2**: consumed at EL1 (load or fetch: the path and the outcome do not depend on the kind).
 * - **S3** / **S1**: consumed at EL0 by a fetch (ESR_EL2 0x82000010) / by a load (0x92000010).
 *   Rows S4–S8 and H2 count fetches too: only S1 and S3 differ by the access kind.
 *
 * SError journeys (the injected syndrome is the `injector:inject-serror` step's ESR; whether the
 * record has an address is whether that step carries one — a page the guest had offlined has no
 * host PA, so such an "E2" is an E3):
 * - not signalled (`injector:note`, no `hardware:serror-signal`): *undelivered* (the VM or host was
 *   down), no row.
 * - **V1**: the guest took the virtual SError at least V1_PENDING_NS after it was made pending —
 *   only a guest with PSTATE.A set holds one that long (handler latencies and the skew between
 *   vCPU clocks are ~0.1 ms).
 * - **E7** ESR 0xBF000000; **E8** 0xBE000000; else by AET: CE **E1**, UEO **E2** (with an address)
 *   or **E3** (without), UER **E4** (with an address; without: *other*), UEU **E5**, UC **E6**. The
 *   guest's EL does not matter for SErrors in either profile.
 *
 * A journey is *interrupted* when it was consumed or signalled but still has no outcome (`latent`),
 * or a virtual SError was made pending for it and never taken (the run ended or the VM went down):
 * another journey's guest panic, VM termination or host panic came first, or the run ended while
 * its handlers ran. Interrupted journeys keep their row but are left out of the outcome check
 * (expected-outcomes.ts) and of the rows' minimum counts.
 */
import type { JourneyRecord, StepRecord } from '@rasflow/core';

export const ROW_IDS = [
  'S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7', 'S8',
  'E1', 'E2', 'E3', 'E4', 'E5', 'E6', 'E7', 'E8',
  'V1', 'V2', 'H1', 'H2',
] as const;
export type RowId = (typeof ROW_IDS)[number];

/** Journeys that are no row: never consumed, never signalled, or a combination outside the table. */
export type NonRow = 'unconsumed' | 'undelivered' | 'other';

export interface Classified {
  row: RowId | null;
  /** Why `row` is null. */
  nonRow?: NonRow;
  /** V2: the row the journey is apart from the set-syndrome call. */
  base?: RowId | null;
  interrupted: boolean;
}

/** Minimum time a V1 virtual SError stays pending (the soak's scripted V1 keeps PSTATE.A set for 2 ms). */
export const V1_PENDING_NS = 1_000_000;

const has = (steps: readonly StepRecord[], layer: string, action: string): boolean =>
  steps.some((s) => s.layer === layer && s.action === action);

const hexOf = (v: string | undefined): number => (v === undefined ? -1 : Number.parseInt(v, 16));

/** Classifies one journey (rules in the file comment). */
export function classifyJourney(j: JourneyRecord): Classified {
  const s = j.steps;
  const reported = has(s, 'hardware', 'consume') || has(s, 'hardware', 'serror-signal') || has(s, 'hardware', 'stage2-fault');
  // Cut short: reported, but the run ended (or its VM went down) before the outcome the table
  // names — still latent, or a virtual SError made pending and never taken.
  const pendingNeverTaken = (has(s, 'hypervisor', 'vserror') || has(s, 'vmm', 'set-serror-esr')) && !has(s, 'guest', 'take-vserror');
  const interrupted = reported && (j.outcome === 'latent' || pendingNeverTaken);
  if (j.event === 'poison') {
    const v2 = s.some((x) => x.layer === 'vmm' && x.action === 'einval' && x.esr === '0x02000000');
    const base = poisonRow(j);
    if (v2) return { row: 'V2', base: base.row, interrupted };
    // H2 re-faults until the context livelocks or a write finds the block busy; a loop that just
    // stops (no livelock, no termination of its own) was cut short by its VM going down under it
    // (another vCPU's journey terminated the VM: flow.md §7 keeps the outcome so far).
    const cutShort = base.row === 'H2' && !has(s, 'hardware', 'livelock') && !has(s, 'vmm', 'vm-terminated');
    return { ...base, interrupted: interrupted || cutShort };
  }
  if (j.event === 'serror') return { ...serrorRow(j), interrupted };
  return { row: null, nonRow: 'other', interrupted };
}

function poisonRow(j: JourneyRecord): Pick<Classified, 'row' | 'nonRow'> {
  const s = j.steps;
  const consumed = has(s, 'hardware', 'consume');
  if (!consumed && !has(s, 'hardware', 'stage2-fault') && !has(s, 'hardware', 'pte-poison')) return { row: null, nonRow: 'unconsumed' };
  if (has(s, 'firmware', 'route-host')) return { row: 'H1' };
  if (has(s, 'firmware', 'halt')) return { row: 'S6' };
  if (consumed && !s.some((x) => x.layer === 'firmware')) return { row: 'S8' };
  const stage2 = has(s, 'hardware', 'stage2-fault');
  if (stage2 && (has(s, 'guest', 'already-poisoned') || has(s, 'hardware', 'livelock'))) return { row: 'H2' };
  if (has(s, 'vmm', 'ack-busy')) return { row: 'S5' };
  if (stage2) return { row: 'S7' };
  const claim = s.find((x) => x.layer === 'hypervisor' && x.action === 'apei-claim');
  if (claim !== undefined && claim.far === undefined) return { row: 'S4' };
  if (j.el === 1) return { row: 'S2' };
  const fake = s.find((x) => x.action === 'fake-sea-el2');
  if (fake?.esr === '0x82000010') return { row: 'S3' };
  if (fake?.esr === '0x92000010') return { row: 'S1' };
  return { row: null, nonRow: 'other' };
}

function serrorRow(j: JourneyRecord): Pick<Classified, 'row' | 'nonRow'> {
  const s = j.steps;
  if (!has(s, 'hardware', 'serror-signal')) return { row: null, nonRow: 'undelivered' };
  if (heldBack(s)) return { row: 'V1' };
  const inject = s.find((x) => x.action === 'inject-serror');
  const esr = hexOf(inject?.esr);
  const av = inject?.far !== undefined;
  if (esr === 0xbf00_0000) return { row: 'E7' };
  if (esr === 0xbe00_0000) return { row: 'E8' };
  switch ((esr >>> 10) & 7) {
    case 6: return { row: 'E1' };
    case 2: return { row: av ? 'E2' : 'E3' };
    case 3: return av ? { row: 'E4' } : { row: null, nonRow: 'other' };
    case 1: return { row: 'E5' };
    case 0: return { row: 'E6' };
    default: return { row: null, nonRow: 'other' };
  }
}

/** True when the guest took a virtual SError ≥ V1_PENDING_NS after it was made pending. */
function heldBack(s: readonly StepRecord[]): boolean {
  let pendingAt = -1;
  for (const x of s) {
    if ((x.layer === 'hypervisor' && x.action === 'vserror') || (x.layer === 'vmm' && x.action === 'set-serror-esr')) pendingAt = x.atNs;
    else if (x.action === 'take-vserror' && pendingAt >= 0 && x.atNs - pendingAt >= V1_PENDING_NS) return true;
  }
  return false;
}
