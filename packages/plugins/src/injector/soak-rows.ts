/**
 * The rows of flow.md §6 as the soak injector sets them up: which hardware event each row needs,
 * where it lands (a page of the process a vCPU runs, a guest kernel page, VMM-private memory, or
 * an SError to a vCPU), and which rows may only come at the end of a host's run.
 *
 * An injector controls the event, not what the workload does with it: a poisoned process page
 * becomes S1 or S3 depending on whether the workload's first read of the granule is a load or a
 * fetch, and S5, S7 and H2 are S1's injection under scenario settings (a guest that never acks,
 * memory_failure() from a workqueue, 64 KiB host pages). Journeys are therefore classified after
 * the run by their steps, not by the row the injector meant.
 *
 * @module
 */
import type { PoisonOptions, SErrorOptions } from '@rasflow/core';

/** The row ids the soak injector can set up (V1 needs PSTATE.A set and V2 a VMM call: neither is an injection). */
export const SOAK_ROWS = [
  'S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7', 'S8',
  'E1', 'E2', 'E3', 'E4', 'E5', 'E6', 'E7', 'E8',
  'H1', 'H2',
] as const;
/**
 * A row of flow.md §6's decision table: S (a consumed poison: synchronous external abort), E (an
 * SError) or H (host memory: the VMM's own pages, host pages larger than the guest's), numbered.
 */
export type SoakRow = (typeof SOAK_ROWS)[number];

/**
 * Rows cycled by default: every distinct injection. S3 comes from S1's injection, and S5, S7, H2
 * need scenario settings; H1's poison is only consumed by a scripted VMM-thread read.
 */
export const DEFAULT_SOAK_ROWS: readonly SoakRow[] = ['S1', 'S2', 'S4', 'S6', 'S8', 'E1', 'E2', 'E3', 'E4', 'E5', 'E6', 'E7', 'E8'];

/** Where a row's event goes. */
export type SoakSetup =
  | {
    /** The row starts with a poisoned granule that a read consumes (a synchronous external abort). */
    kind: 'poison';
    /** Where the granule is: a page of the process the vCPU runs (EL0), a guest kernel page (EL1), or VMM-private memory (host EL0). */
    space: 'process' | 'kernel' | 'vmm';
    /** The poison's error record: AV, SET, whether firmware writes a GHES record, transient. */
    opts: Readonly<PoisonOptions>;
  }
  | {
    /** The row starts with a physical SError signalled to the vCPU. */
    kind: 'serror';
    /** The SError's syndrome and record: AET, IDS, DFSC, AV. */
    opts: Readonly<SErrorOptions>;
    /** AV does not change the row: alternate it. */
    anyAv: boolean;
    /**
     * Half of the time the record names an unused guest page rather than one the vCPU's context
     * uses, so that besides the late kill the table's first outcome (seed: the page is offlined;
     * upstream: ignored) is reached too.
     */
    unusedPage: boolean;
  };

/**
 * When a row may run in a host's life:
 * - `cycle`: any time, round robin;
 * - `vm-final`: once per VM, at the end. S2 panics the guest whenever the kernel happens to read
 *   the granule, so a VM may be down when its next setup comes (and an SError signalled to a VM
 *   that is down still leaves its error record behind); S4 and S8 poison is never hwpoisoned by
 *   the host, so the rebooted guest maps the page again and consumes it again (a crash loop), and
 *   upstream S4 terminates the VM, which never comes back;
 * - `host-final`: once per host, last. A halt (E6, S6) leaves the UC error in the PE's error
 *   record across the host reboot, so every later error on that PE would halt again; and S6 halts
 *   while a vCPU runs, and a host panic drops the host's queued events, the injector's own among
 *   them. E6 (synchronous) comes first, S6 after the host is back.
 */
export type SoakPlacement = 'cycle' | 'vm-final' | 'host-final';

const POISON = { av: true, set: 'UER', firmwareRecord: true, transient: false } as const;
const processPoison = (opts: Partial<PoisonOptions> = {}): SoakSetup => ({ kind: 'poison', space: 'process', opts: { ...POISON, ...opts } });
const serror = (opts: SErrorOptions, anyAv = false, unusedPage = false): SoakSetup => ({ kind: 'serror', opts, anyAv, unusedPage });

/** The injection of each row. */
export const SOAK_SETUPS: Readonly<Record<SoakRow, SoakSetup>> = {
  S1: processPoison(),
  S2: { kind: 'poison', space: 'kernel', opts: POISON },
  S3: processPoison(),
  S4: processPoison({ av: false }),
  S5: processPoison(),
  // Transient: the poison goes with the host reboot, so the host does not halt again on it.
  S6: processPoison({ set: 'UC', transient: true }),
  S7: processPoison(),
  S8: processPoison({ firmwareRecord: false }),
  E1: serror({ aet: 'CE' }, true),
  E2: serror({ aet: 'UEO' }, false, true),
  E3: serror({ aet: 'UEO', av: false }),
  E4: serror({ aet: 'UER' }, false, true),
  E5: serror({ aet: 'UEU' }, true),
  E6: serror({ aet: 'UC' }, true),
  E7: serror({ aet: 'UER', ids: true }, true),
  E8: serror({ aet: 'UER', dfsc: 0 }, true),
  H1: { kind: 'poison', space: 'vmm', opts: POISON },
  H2: processPoison(),
};

/** Placement of each row (see SoakPlacement). */
export function placementOf(row: SoakRow): SoakPlacement {
  if (row === 'E6' || row === 'S6') return 'host-final';
  if (row === 'S2' || row === 'S4' || row === 'S8') return 'vm-final';
  return 'cycle';
}

/** Rows whose SError panics the host synchronously (E5, E6, E8): the injector waits for the reboot. */
export function stopsHost(row: SoakRow): boolean {
  return row === 'E5' || row === 'E6' || row === 'E8';
}
