/**
 * The outcome flow.md §6 gives each row in each profile, as the soak checks it for every
 * classified journey (classify-row.ts) that was not interrupted by another journey.
 *
 * Where the table names a later consequence, the journey's steps say whether it happened: E2 and
 * E4 in seed (and V1, an E2 held back) end `guest-page-offlined`, or `guest-app-killed` when a
 * process touched the offlined page later (a `hardware:pte-poison` step, the late kill); E2 in
 * upstream ends `ignored`, or `guest-app-killed` when the guest touched the page and took the S7
 * path (a `hardware:stage2-fault` step). The table's later consequence assumes a process touches
 * the page; when the SError named a page of the guest kernel (the vCPU's process had none mapped)
 * and the kernel touches it, the late touch is at EL1 and the guest panics. V2 ends as its base row
 * does, and nothing pends: the guest takes no virtual SError in that journey.
 */
import type { JourneyRecord } from '@rasflow/core';
import type { Classified, RowId } from './classify-row.js';

export type Profile = 'seed' | 'upstream';

type Fixed = Exclude<RowId, 'V2'>;

/** The table's outcome per row: [seed, upstream]. */
const TABLE: Readonly<Record<Fixed, readonly [string, string]>> = {
  S1: ['guest-app-killed', 'guest-app-killed'],
  S2: ['guest-panic', 'guest-panic'],
  S3: ['guest-app-killed', 'guest-app-killed'],
  S4: ['guest-panic', 'vm-terminated'],
  S5: ['vm-terminated', 'vm-terminated'],
  S6: ['host-panic', 'host-panic'],
  S7: ['guest-app-killed', 'guest-app-killed'],
  S8: ['guest-panic', 'guest-panic'],
  E1: ['corrected', 'corrected'],
  E2: ['guest-page-offlined', 'ignored'],
  E3: ['guest-panic', 'ignored'],
  E4: ['guest-page-offlined', 'guest-panic'],
  E5: ['host-panic', 'host-panic'],
  E6: ['host-panic', 'host-panic'],
  E7: ['guest-panic', 'guest-panic'],
  E8: ['host-panic', 'host-panic'],
  V1: ['guest-page-offlined', 'guest-panic'],
  H1: ['vm-terminated', 'vm-terminated'],
  H2: ['livelock', 'livelock'],
};

/** The table's outcome of `row` in `profile` (V2: null, it depends on the base row). */
export function tableOutcome(row: RowId, profile: Profile): string | null {
  if (row === 'V2') return null;
  return TABLE[row][profile === 'seed' ? 0 : 1];
}

const stepped = (j: JourneyRecord, layer: string, action: string): boolean =>
  j.steps.some((s) => s.layer === layer && s.action === action);

/** The outcome journey `j`, classified `c`, must have in `profile`; null when no row applies. */
export function expectedOutcome(j: JourneyRecord, c: Classified, profile: Profile): string | null {
  const row = c.row === 'V2' ? c.base ?? null : c.row;
  if (row === null || row === 'V2') return null;
  const base = tableOutcome(row, profile)!;
  // An SError held while its vCPU was in another journey's handlers may name a page that journey
  // already hwpoisoned: memory_failure() returns -EHWPOISON and an AO report stops there (seed;
  // upstream ignores UEO anyway). The table assumes a fresh page; this is its already-poisoned case.
  if ((row === 'E2' || row === 'E4') && profile === 'seed' && stepped(j, 'hypervisor', 'already-poisoned') && !stepped(j, 'hypervisor', 'sigbus')) return 'ignored';
  // H2's other branch: a re-fault found the guest block not acked yet (another vCPU's write).
  if (row === 'H2' && stepped(j, 'vmm', 'ack-busy') && !stepped(j, 'hardware', 'livelock')) return 'vm-terminated';
  const laterTouch = base === 'guest-page-offlined' ? stepped(j, 'hardware', 'pte-poison')
    : base === 'ignored' && row === 'E2' ? stepped(j, 'hardware', 'stage2-fault') : false;
  if (!laterTouch) return base;
  // The kernel touched it (EL1): a late touch of a kernel page panics the guest.
  const touch = j.steps.findIndex((s) => s.layer === 'hardware' && (s.action === 'pte-poison' || s.action === 'stage2-fault'));
  const kernel = j.steps.slice(touch).some((s) => s.layer === 'guest' && s.action === 'panic');
  return kernel ? 'guest-panic' : 'guest-app-killed';
}

/** A mismatch of one journey against the table, for the test's message. */
export interface Mismatch {
  id: string;
  row: RowId;
  expected: string;
  outcome: string;
  steps: string;
}

/** Null when `j` matches the table (or is not checked); the mismatch otherwise. */
export function checkJourney(j: JourneyRecord, c: Classified, profile: Profile): Mismatch | null {
  if (c.row === null || c.interrupted) return null;
  const expected = expectedOutcome(j, c, profile);
  if (expected === null) return null;
  const pendsNothing = c.row !== 'V2' || !stepped(j, 'guest', 'take-vserror');
  if (j.outcome === expected && pendsNothing) return null;
  return {
    id: j.id, row: c.row, expected: pendsNothing ? expected : `${expected} and no virtual SError`, outcome: j.outcome,
    steps: j.steps.map((s) => `${s.layer}:${s.action}${s.esr === undefined ? '' : `(${s.esr})`}`).join(' '),
  };
}
