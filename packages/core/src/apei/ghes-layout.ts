/**
 * The firmware's source plan: which GHES sources exist and where their registers and status blocks
 * sit in the error blob (formats.md c.6).
 *
 * EL3 firmware decides this once at boot, publishes it through the HEST and then, for every error,
 * finds the source for the notification kind and the PE that took it. The VMM does the same for
 * the guest (QEMU's `etc/hardware_errors` blob). The blob layout follows QEMU's: N 8-byte slots
 * (slot i holds the address of status block i), then N 8-byte read-ack registers initialised to 1,
 * then N status blocks of `blockLength` bytes. The engine keeps host and guest GHES memory in this
 * shape, so the plan is plain data: ids, kinds, PEs and offsets, not bytes.
 *
 * Kinds (flow.md §3.1): `sea` and `sei` are per-PE by default (one source per PE per kind, so two
 * PEs never contend for one block), `sdei` likewise (upstream profile), and `gpio` is a single
 * platform source for corrected errors, signalled by an interrupt. With `shared`, every kind has
 * one source. Sources are numbered 0..N-1 in the fixed kind order sea, sei, sdei, gpio and, within
 * a kind, by PE: the table depends only on which kinds are published, not on the order requested.
 */
import { GHESV2_TYPE, NO_RELATED_SOURCE, type GhesV2Entry } from './hest.js';
import { systemMemoryQword } from './gas.js';
import { NotifyType, notification } from './notification.js';
import { initialiseReadAck } from './ghes-ack.js';
import { writeU64Number } from '../util/u64.js';

/** A kind of GHES source, named by how the OS is notified. */
export type GhesSourceKind = 'sea' | 'sei' | 'sdei' | 'gpio';

/** All kinds, in source-numbering order. */
export const GHES_SOURCE_KINDS: readonly GhesSourceKind[] = ['sea', 'sei', 'sdei', 'gpio'];

/** What the seed profile's firmware publishes: per-PE SEA and SEI sources. */
export const SEED_FIRMWARE_SOURCES: readonly GhesSourceKind[] = ['sea', 'sei'];

/** Status-block size when none is given: QEMU's 1 KiB (its design note says 4 KiB; c.6 (V)). */
export const DEFAULT_GHES_BLOCK_LENGTH = 1024;

/** Max Raw Data Length published for every source, as QEMU does. */
export const GHES_MAX_RAW_DATA_LENGTH = 1024;

/**
 * SDEI event number of the first SDEI source; per-PE sources use consecutive numbers. Linux
 * refuses event 0 (reserved for software-signalled events) and registers each GHES's event
 * separately, so every source needs its own non-zero number. 804 is the number Arm's reference
 * RD/SGI platforms give their RAS event in TF-A.
 */
export const SDEI_EVENT_BASE = 804;

/** The HEST notification type each kind is published with. */
export const NOTIFY_TYPE_OF_KIND: Readonly<Record<GhesSourceKind, number>> = {
  sea: NotifyType.Sea,
  sei: NotifyType.Sei,
  sdei: NotifyType.Sdei,
  gpio: NotifyType.Gpio,
};

/** One planned source. Offsets are bytes from the start of the blob (physical address `base`). */
export interface GhesSourceSlot {
  /** HEST Source Id, 0..N-1. */
  readonly sourceId: number;
  /** How the source notifies the OS: SEA, SEI, SDEI or GPIO. */
  readonly kind: GhesSourceKind;
  /** The PE this source serves, or null for a source shared by all PEs. */
  readonly pe: number | null;
  /** HEST notification type. */
  readonly notifyType: number;
  /** Notification Vector: the SDEI event number for `sdei`, else 0. */
  readonly vector: number;
  /** The slot holding the status-block address (HEST Error Status Address). */
  readonly slotOffset: number;
  /** The read-ack register (HEST Read Ack Register). */
  readonly ackOffset: number;
  /** The status block. */
  readonly blockOffset: number;
  /** Bytes of the status block (HEST Error Status Block Length). */
  readonly blockLength: number;
}

/** The whole plan: the blob's place and size and its sources in Source Id order. */
export interface GhesSourcePlan {
  /** Physical address of the blob; all plan addresses stay below 2^53 so they are exact numbers. */
  readonly base: number;
  /** Bytes of each error status block. */
  readonly blockLength: number;
  /** 16·N + blockLength·N. */
  readonly blobLength: number;
  /** PEs (host) or vCPUs (guest) the sources serve. */
  readonly pes: number;
  /** One source per kind for all PEs instead of one per PE. */
  readonly shared: boolean;
  /** The sources, by Source Id. */
  readonly sources: readonly GhesSourceSlot[];
  /** Source Id of each published kind's first source, for constant-time lookup. */
  readonly firstIdOfKind: Readonly<Partial<Record<GhesSourceKind, number>>>;
}

/** What the firmware wants published. */
export interface GhesPlanRequest {
  /** Kinds of sources to publish (each per PE unless shared; GPIO is always one source). */
  kinds: readonly GhesSourceKind[];
  /** PEs (host) or vCPUs (guest) to serve. */
  pes: number;
  /** One source per kind instead of one per PE. Default false. */
  shared?: boolean;
  /** Physical address of the blob; a multiple of 8 (the ack registers are 8-byte atomics). */
  base: number;
  /**
   * Default {@link DEFAULT_GHES_BLOCK_LENGTH}. A multiple of 8 (so every block and the next
   * structure stay 8-byte aligned) and at least 24: room for the 20-byte Generic Error Status Block.
   */
  blockLength?: number;
}

function perPe(kind: GhesSourceKind, shared: boolean): boolean {
  return !shared && kind !== 'gpio';
}

/**
 * Computes the plan. Throws a RangeError for an unknown or repeated kind, an empty list, a PE
 * count or block length out of range, a misaligned base, more than 65535 sources (Source Id is
 * 16 bits and 0xFFFF means "none"), or a blob reaching past 2^53.
 */
export function planGhesSources(req: GhesPlanRequest): GhesSourcePlan {
  const shared = req.shared ?? false;
  const blockLength = req.blockLength ?? DEFAULT_GHES_BLOCK_LENGTH;
  const { pes, base } = req;
  if (req.kinds.length === 0) throw new RangeError('no GHES source kinds requested');
  const wanted = new Set<GhesSourceKind>();
  for (const k of req.kinds) {
    if (!GHES_SOURCE_KINDS.includes(k)) throw new RangeError(`unknown GHES source kind '${String(k)}'`);
    if (wanted.has(k)) throw new RangeError(`GHES source kind '${k}' requested twice`);
    wanted.add(k);
  }
  if (!Number.isInteger(pes) || pes < 1) throw new RangeError(`PE count ${pes} must be a positive integer`);
  if (!Number.isInteger(blockLength) || blockLength < 24 || blockLength % 8 !== 0 || blockLength > 0xffff_ffff) {
    throw new RangeError(`block length ${blockLength} must be a multiple of 8, at least 24`);
  }
  if (!Number.isSafeInteger(base) || base < 0 || base % 8 !== 0) {
    throw new RangeError(`blob base ${base} must be a non-negative multiple of 8`);
  }
  const kinds = GHES_SOURCE_KINDS.filter((k) => wanted.has(k));
  const n = kinds.reduce((acc, k) => acc + (perPe(k, shared) ? pes : 1), 0);
  if (n > 0xffff) throw new RangeError(`${n} sources do not fit 16-bit Source Ids (max 65535)`);
  const blobLength = 16 * n + blockLength * n;
  if (base + blobLength > Number.MAX_SAFE_INTEGER) {
    throw new RangeError('the GHES blob must end below 2^53');
  }
  const sources: GhesSourceSlot[] = [];
  const firstIdOfKind: Partial<Record<GhesSourceKind, number>> = {};
  for (const kind of kinds) {
    firstIdOfKind[kind] = sources.length;
    const count = perPe(kind, shared) ? pes : 1;
    for (let j = 0; j < count; j++) {
      const id = sources.length;
      sources.push({
        sourceId: id,
        kind,
        pe: perPe(kind, shared) ? j : null,
        notifyType: NOTIFY_TYPE_OF_KIND[kind],
        vector: kind === 'sdei' ? SDEI_EVENT_BASE + j : 0,
        slotOffset: 8 * id,
        ackOffset: 8 * (n + id),
        blockOffset: 16 * n + blockLength * id,
        blockLength,
      });
    }
  }
  return { base, blockLength, blobLength, pes, shared, sources, firstIdOfKind };
}

/**
 * The source firmware (or the VMM) writes to for an error of `kind` taken on `pe`: the PE's own
 * source, or the shared one. Undefined when that kind is not published or the PE is out of range.
 */
export function ghesSourceFor(plan: GhesSourcePlan, kind: GhesSourceKind, pe: number): GhesSourceSlot | undefined {
  const first = plan.firstIdOfKind[kind];
  if (first === undefined || !Number.isInteger(pe) || pe < 0 || pe >= plan.pes) return undefined;
  return plan.sources[perPe(kind, plan.shared) ? first + pe : first];
}

/**
 * The HEST entries that publish the plan: GHESv2, related 0xFFFF, enabled, one record of one
 * section, QEMU's read-ack masks, both GAS as 64-bit SystemMemory QWords pointing into the blob.
 */
export function hestEntriesForPlan(plan: GhesSourcePlan): GhesV2Entry[] {
  return plan.sources.map((s) => ({
    type: GHESV2_TYPE,
    sourceId: s.sourceId,
    relatedSourceId: NO_RELATED_SOURCE,
    flags: 0,
    enabled: 1,
    recordsToPreallocate: 1,
    maxSectionsPerRecord: 1,
    maxRawDataLength: GHES_MAX_RAW_DATA_LENGTH,
    errorStatusAddress: systemMemoryQword(BigInt(plan.base + s.slotOffset)),
    notification: notification(s.notifyType, s.vector),
    errorStatusBlockLength: s.blockLength,
    readAckRegister: systemMemoryQword(BigInt(plan.base + s.ackOffset)),
    readAckPreserve: 0xffff_ffff_ffff_fffen,
    readAckWrite: 1n,
  }));
}

/** How slots are filled by {@link initialiseGhesBlob}. */
export interface GhesBlobInitOptions {
  /**
   * `physical` (default): slot i holds base + blockOffset, the address the OS follows (c.6).
   * `offset`: slot i holds blockOffset, for memory models that index the blob from 0.
   */
  slotAddresses?: 'physical' | 'offset';
}

/**
 * Sets up the blob as firmware does before publishing the HEST: slots point at their blocks, acks
 * are 1 (free), blocks are zero. `view` covers the blob from its first byte; it may sit on a
 * SharedArrayBuffer and may be longer than the blob (the rest is left alone).
 */
export function initialiseGhesBlob(view: DataView, plan: GhesSourcePlan, opts: GhesBlobInitOptions = {}): void {
  if (view.byteLength < plan.blobLength) {
    throw new RangeError(`GHES blob needs ${plan.blobLength} bytes, the view has ${view.byteLength}`);
  }
  const origin = (opts.slotAddresses ?? 'physical') === 'physical' ? plan.base : 0;
  new Uint8Array(view.buffer, view.byteOffset, plan.blobLength).fill(0);
  for (const s of plan.sources) {
    writeU64Number(view, s.slotOffset, origin + s.blockOffset);
    initialiseReadAck(view, s.ackOffset);
  }
}

/**
 * Returns one source to its boot state (ack 1, block zeroed), leaving its slot alone: what a
 * guest reset does to the VMM's GHES memory (flow.md: blocks reset, ack=1, status 0).
 */
export function resetGhesSource(view: DataView, source: GhesSourceSlot): void {
  new Uint8Array(view.buffer, view.byteOffset + source.blockOffset, source.blockLength).fill(0);
  initialiseReadAck(view, source.ackOffset);
}
