/**
 * EL3 firmware of the firmware-first flow (flow.md §3.1, §4), shared by the seed and upstream
 * profiles: reads the error record, halts on uncontainable errors, writes CPER into the host GHES
 * source with the GHESv2 read-ack handshake, and fakes the exception into EL2 (or dispatches SDEI).
 *
 * @module
 */
import type { FirmwareContext, FirmwareHooks, GhesSourceKind } from '@rasflow/core';
import {
  AET_CE, AET_UC, AET_UEU, ESR_DABT_LOW_SEA, ESR_IABT_LOW_SEA, ESR_SERROR, SEV_CORRECTED, SEV_FATAL, SEV_RECOVERABLE,
  UET_UC, UET_UEU, VALID_PA_TYPE, VALID_TYPE, serrorAet, serrorDfsc, serrorIds, setForUet,
} from './syndromes.js';
import { FIRMWARE_NS, latencyField } from './latency.js';

/**
 * What EL3 firmware does when a GHES source's read-ack register reads 0 (the OS has not acked the
 * previous record): `wait-then-halt` waits `ackTimeoutNs` then halts the platform, `drop` drops the
 * new record, `queue` writes it when the source is free (the notification goes out without it).
 */
export type AckPolicy = 'wait-then-halt' | 'drop' | 'queue';
/**
 * Where EL3 firmware sends a physical SError: `sei` to the host's SEI GHES source with ESR_EL2
 * faked (the seed design), `sdei-and-reflect` an SDEI event to the host then the SError reflected
 * into EL2 (upstream), `sdei-only`, or `reflect-only` (the SError reflected into EL2 with its
 * ESR and no record written).
 */
export type SErrorRouting = 'sei' | 'sdei-and-reflect' | 'sdei-only' | 'reflect-only';

/**
 * The options of the EL3 firmware plugin (`plugins.firmware.options`); the defaults differ by
 * profile only in `serror`.
 */
export interface FirmwareOptions {
  /** What firmware does when the source's read-ack register reads 0. */
  ackPolicy: AckPolicy;
  /** How long `wait-then-halt` waits for the OS to ack before halting. */
  ackTimeoutNs: number;
  /**
   * How often `wait-then-halt` reads the read-ack register again while it waits: the PE stays in
   * EL3 meanwhile and the OS on the other PEs runs on (FirmwareContext.retryAfter).
   */
  ackPollNs: number;
  /** One SEA/SEI/SDEI source per PE (false) or one shared by all PEs (true). */
  sharedSources: boolean;
  /** Where SErrors go: the SEI source (seed), or SDEI plus a reflected SError (upstream). */
  serror: SErrorRouting;
  /**
   * Firmware clears ERR<n>STATUS after handling an SError. False reproduces the firmware bug of
   * flow.md §8: the record stays valid, the SError stays asserted, and the PE takes it again and
   * again without progress (an EL3 livelock).
   */
  clearSErrorRecord: boolean;
  /** Preset of each record's CE counter: the fault-handling interrupt every N CEs (0: counter width). */
  ceThreshold: number;
  /** Time firmware spends per error. */
  latencyNs: number;
}

/** The options schema, with the defaults of a profile. */
export function firmwareOptionsSchema(d: { serror: SErrorRouting }): Record<string, unknown> {
  return {
    type: 'object',
    additionalProperties: false,
    properties: {
      ackPolicy: { enum: ['wait-then-halt', 'drop', 'queue'], default: 'wait-then-halt', description: 'What to do when the OS has not acked the previous record.' },
      ackTimeoutNs: latencyField(1_000_000, 'How long wait-then-halt waits for the ack.'),
      ackPollNs: { type: 'integer', minimum: 1, maximum: 1e12, default: 1_000, description: 'How often wait-then-halt reads the read-ack register again while it waits in EL3.' },
      sharedSources: { type: 'boolean', default: false, description: 'One GHES source per kind for all PEs instead of one per PE.' },
      serror: { enum: ['sei', 'sdei-and-reflect', 'sdei-only', 'reflect-only'], default: d.serror, description: 'SError routing: sei (a record in the SEI source, the SError reflected into EL2), sdei-and-reflect, sdei-only, reflect-only (reflected, no record).' },
      clearSErrorRecord: { type: 'boolean', default: true, description: 'Clear ERR<n>STATUS after an SError; false: the record keeps the SError asserted (EL3 livelock).' },
      ceThreshold: { type: 'integer', minimum: 0, maximum: 32768, default: 0, description: 'Interrupt every N corrected errors per record (ERR<n>MISC0.CEC preset); 0: when the 15-bit counter wraps.' },
      latencyNs: latencyField(FIRMWARE_NS, 'Firmware time per error.'),
    },
  };
}

/** CPER severity firmware writes for an uncorrected record type (flow.md §3.1.2). */
function severityOfUet(uet: number): number {
  return uet === UET_UEU ? SEV_FATAL : SEV_RECOVERABLE;
}

/**
 * The hooks of the shared EL3 firmware with options `o`: on an SEA or SError taken to EL3
 * (SCR_EL3.EA=1) it reads the PE's error record, halts on an uncontainable error, writes a CPER
 * memory record into the host GHES source (GHESv2 read-ack handshake, `ackPolicy`), and fakes the
 * exception into EL2 (ESR_EL2, FAR_EL2) or dispatches an SDEI event.
 */
export function createFirmware(o: FirmwareOptions): FirmwareHooks {
  const sdei = o.serror === 'sdei-and-reflect' || o.serror === 'sdei-only';
  const reflect = o.serror !== 'sdei-only';
  const kinds: GhesSourceKind[] = ['sea', sdei ? 'sdei' : 'sei', 'gpio'];
  /** Records waiting for a busy source (ackPolicy 'queue'): source, severity, PA, validation. */
  const queued: number[] = [];

  /**
   * Writes a record with the configured policy. False when the exception goes no further now: the
   * platform halted, or EL3 waits for the read-ack register and the hook runs again.
   */
  function write(fw: FirmwareContext, source: number, severity: number, pa: number, validation: number): boolean {
    flushQueue(fw);
    if (source < 0) return true;
    if (fw.ackFree(source)) {
      if (fw.waitedNs > 0) fw.note(`read-ack register free after ${fw.waitedNs} ns in EL3`);
      fw.writeMemoryRecord(source, severity, pa, validation);
      return true;
    }
    if (o.ackPolicy === 'wait-then-halt') {
      // The OS acks as soon as it takes the notification, on whichever PE runs its handler; this
      // PE spins in EL3 until then, re-reading the register. Still 0 after the timeout means it
      // never will, and firmware cannot report the error: it halts.
      if (fw.waitedNs === 0) fw.writeMemoryRecord(source, severity, pa, validation); // the refused write (ack-busy), once
      if (fw.waitedNs < o.ackTimeoutNs) {
        fw.retryAfter(Math.min(o.ackPollNs, o.ackTimeoutNs - fw.waitedNs));
        return false;
      }
      fw.halt(`GHES source ${source} was not acknowledged within ${o.ackTimeoutNs} ns`);
      return false;
    }
    fw.writeMemoryRecord(source, severity, pa, validation); // ack-busy: nothing written
    if (o.ackPolicy === 'queue' && queued.length < 64) queued.push(source, severity, pa, validation);
    return true;
  }

  function flushQueue(fw: FirmwareContext): void {
    for (let i = 0; i < queued.length; ) {
      const src = queued[i]!;
      if (fw.ackFree(src)) {
        fw.writeMemoryRecord(src, queued[i + 1]!, queued[i + 2]!, queued[i + 3]!);
        queued.splice(i, 4);
      } else i += 4;
    }
  }

  return {
    hostSources: { kinds, shared: o.sharedSources },
    ceThreshold: o.ceThreshold,

    onSyncExternalAbort(fw) {
      if (fw.waitedNs === 0) fw.chargeNs(o.latencyNs); // not again after waiting in EL3
      const r = fw.record;
      if (r.valid && r.uncorrected && r.uet === UET_UC) return fw.halt('uncontainable error (UC) in the error record');
      if (r.valid) {
        const sev = r.uncorrected ? severityOfUet(r.uet) : SEV_CORRECTED;
        const pa = r.addressValid ? r.address : 0;
        if (!write(fw, fw.hostSource('sea'), sev, pa, r.addressValid ? VALID_PA_TYPE : VALID_TYPE)) return;
      }
      fw.clearRecord();
      const x = fw.exception;
      const esr = ((x.access === 'fetch' ? ESR_IABT_LOW_SEA : ESR_DABT_LOW_SEA) | (setForUet(r.uet) << 11)) >>> 0;
      if (x.inGuest && x.hcrTea) fw.enterEl2Sync(esr, x.faultVa);
      else fw.enterHost(esr, x.faultVa); // the VMM's own access: the host's SEA handler
    },

    onSError(fw) {
      if (fw.waitedNs === 0) fw.chargeNs(o.latencyNs); // not again after waiting in EL3
      const iss = fw.exception.serrorIss;
      const esr = (ESR_SERROR | iss) >>> 0;
      const r = fw.record;
      const ids = serrorIds(esr);
      const aet = serrorAet(esr);
      const categorized = !ids && serrorDfsc(esr) === 0x11;
      if ((categorized && aet === AET_UC) || (r.valid && r.uncorrected && r.uet === UET_UC)) {
        return fw.halt('uncontainable SError (AET=UC)');
      }
      // reflect-only: the reflected ESR is all the host gets. A record in the SEI source would
      // never be read (upstream Linux refuses HEST notification type 9), and its unacked block
      // would make the next SError on this PE wait and halt.
      if (r.valid && categorized && o.serror !== 'reflect-only') {
        const sev = aet === AET_CE ? SEV_CORRECTED : aet === AET_UEU ? SEV_FATAL : SEV_RECOVERABLE;
        const src = fw.hostSource(sdei ? 'sdei' : 'sei');
        const pa = r.addressValid ? r.address : 0;
        if (!write(fw, src, sev, pa, r.addressValid ? VALID_PA_TYPE : VALID_TYPE)) return;
        if (sdei) fw.dispatchSdei(src);
      }
      if (o.clearSErrorRecord) fw.clearRecord();
      if (reflect && fw.exception.hcrAmo) fw.enterEl2SError(esr);
    },

    onCorrectedOverflow(fw) {
      fw.chargeNs(o.latencyNs);
      const src = fw.hostSource('gpio');
      const r = fw.record;
      if (write(fw, src, SEV_CORRECTED, r.addressValid ? r.address : 0, r.addressValid ? VALID_PA_TYPE : VALID_TYPE)) {
        fw.clearRecord();
        if (src >= 0) fw.notifyHost(src);
      }
    },

    saveState: () => ({ queued: [...queued] }),
    loadState(state) {
      queued.length = 0;
      const q = (state as { queued?: number[] } | undefined)?.queued;
      if (Array.isArray(q)) queued.push(...q);
    },
  };
}

