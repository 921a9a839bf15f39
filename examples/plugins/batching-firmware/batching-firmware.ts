/**
 * EL3 firmware that batches the records of asynchronous errors: several CPER memory-error
 * records (Generic Error Data Entries) in one host error status block, and one GHES interrupt for
 * all of them.
 *
 * Firmware-first RAS reports every error to the OS with a notification of its own: the host's
 * GHES driver takes an interrupt (or an SError, an SDEI event), reads the block, acks it and
 * handles the record. Only a synchronous external abort has to be reported at once: the access
 * that consumed poison cannot go on until the OS has acted. Asynchronous errors can wait: a
 * corrected error's fault-handling interrupt (ERR<n>MISC0 counter overflow), or a UEO SError (a
 * latent uncorrected error the patrol scrubber found, not consumed by anyone). So this firmware
 * gathers their records for `windowNs` in the GPIO source's block: the first record claims the
 * block (writeMemoryRecord) and arms an EL3 timer (setTimer), the following ones are added as
 * more entries (appendMemoryRecord), and when the timer expires, or the batch reaches
 * `maxRecords` or fills the block, one GHES interrupt (notifyHost) tells the host. Linux's
 * ghes_do_proc() walks every entry: memory_failure() for each recoverable one, and each entry's
 * handling belongs to the journey of the error it names. Records that find the block holding a
 * batch the host has been told of, and not yet acknowledged, wait in firmware memory and are
 * tried again shortly after.
 *
 * A batched UEO SError is not reflected into EL2 where the reflection is its notification (the
 * seed profile's SEI routing: KVM would find no record in the SEI source and inject a virtual
 * SError); with upstream's `sdei-and-reflect` routing it is reflected as before (KVM only
 * classifies it). Everything else (SEAs, other SErrors, the HEST, the CE threshold) is the
 * profile's firmware, with its options under `firmware`.
 */
import { defineFirmwarePlugin, type FirmwareContext, type FirmwareHooks, type PluginEnv } from '@rasflow/core';
import { seedFirmware, upstreamFirmware, type FirmwareOptions } from '@rasflow/plugins';

/** CPER severities (formats.md d.8) and the memory section's validation bits QEMU and the default firmware set. */
const SEV_RECOVERABLE = 0;
const SEV_CORRECTED = 2;
const VALID_PA_TYPE = 0x4002; // physical address, memory error type
const VALID_TYPE = 0x4000; // memory error type only (the record had no address)
/** SError ISS: IDS (bit 24), AET (12:10), DFSC (5:0) 0x11 for a categorized (RAS) SError; AET 2 is UEO. */
const ESR_SERROR = 0xbe00_0000;
const AET_UEO = 2;

/** An error status block: a 20-byte GESB, then 152 bytes per memory-error entry (GEDE 72, section 80; formats.md d.1–d.3). */
const GESB_BYTES = 20;
const ENTRY_BYTES = 152;
/** QEMU's and the engine's default error status block length. */
const DEFAULT_BLOCK_LENGTH = 1024;

/** Timer tags: a batch's window (its number), or RETRY | slot for a record that waits. */
const RETRY = 1 << 30;
const TAG_MASK = RETRY - 1;

/** Where the batch in the GPIO source's block stands. */
const FREE = 0; // no batch: the next record opens one
const OPEN = 1; // records being gathered, the OS not told yet
const NOTIFIED = 2; // the OS was told and has not acknowledged the block yet

export interface BatchingOptions {
  /** How long a batch gathers records after its first one, in ns, before the GHES interrupt. */
  windowNs: number;
  /** Records at which a batch is published before its window ends; 0: as many as the block holds. */
  maxRecords: number;
  /** Options of the profile's firmware, which handles everything not batched. */
  firmware: Partial<FirmwareOptions>;
}

/** The profile firmware's option properties without their defaults (they differ by profile). */
function firmwareProperties(): Record<string, unknown> {
  const props = (seedFirmware.optionsSchema?.['properties'] ?? {}) as Record<string, Record<string, unknown>>;
  return Object.fromEntries(Object.entries(props).map(([k, { default: _d, ...rest }]) => [k, rest]));
}

/**
 * The profile's firmware options: `options` over its schema defaults. The engine fills defaults
 * only for the plugin a scenario names, so a plugin that creates another fills them itself.
 */
function profileOptions(env: PluginEnv, options: Partial<FirmwareOptions>): FirmwareOptions {
  const def = env.profile === 'upstream' ? upstreamFirmware : seedFirmware;
  const props = (def.optionsSchema?.['properties'] ?? {}) as Record<string, { default?: unknown }>;
  return { ...Object.fromEntries(Object.entries(props).map(([k, p]) => [k, p.default])), ...options } as FirmwareOptions;
}

export default defineFirmwarePlugin<BatchingOptions>({
  name: 'example-batching-firmware',
  description: "Gathers the CPER records of corrected-error interrupts and UEO SErrors for windowNs in one GHES block and notifies the host once; otherwise the profile's firmware.",
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      windowNs: { type: 'integer', minimum: 1, maximum: 1_000_000_000, default: 200_000, description: 'How long a batch gathers records before the GHES interrupt, in ns.' },
      maxRecords: { type: 'integer', minimum: 0, maximum: 1000, default: 0, description: 'Records at which a batch is published early; 0: when the block is full.' },
      firmware: { type: 'object', additionalProperties: false, properties: firmwareProperties(), default: {}, description: "Options of the profile's firmware." },
    },
  },

  create(o, env) {
    const fo = profileOptions(env, o.firmware);
    const inner = (env.profile === 'upstream' ? upstreamFirmware : seedFirmware).create(fo, env);
    // A batch is published as soon as the block is full, or has maxRecords entries.
    const capacity = Math.floor(((inner.hostSources?.blockLength ?? DEFAULT_BLOCK_LENGTH) - GESB_BYTES) / ENTRY_BYTES);
    const maxRecords = o.maxRecords > 0 ? Math.min(o.maxRecords, capacity) : capacity;
    const retryNs = Math.max(1_000, Math.floor(o.windowNs / 10));
    // Reflecting a batched SError is right only where the reflection is not its notification.
    const reflect = fo.serror === 'sdei-and-reflect';

    let phase = FREE;
    /** Number of the current batch (its window timer's tag), records in it, when it opened / was published. */
    let batch = 0;
    let records = 0;
    let openedAt = 0;
    let notifiedAt = 0;
    /** Records waiting for the block (slot → severity, address, validation bits), and the next slot. */
    const waiting = new Map<number, [number, number, number]>();
    let nextSlot = 0;

    /** One GHES interrupt for the batch in the block. */
    function publish(fw: FirmwareContext, src: number): void {
      fw.note(`batching-firmware: batch ${batch}, ${records} record${records === 1 ? '' : 's'} in one GHES block: one interrupt`);
      fw.notifyHost(src);
      phase = NOTIFIED;
      notifiedAt = fw.nowNs;
    }

    /**
     * Brings the state up to date with the block: acknowledged by the OS, or left behind by what a
     * host panic dropped (the window's timer, the interrupt in flight: a reboot keeps the block).
     */
    function service(fw: FirmwareContext, src: number): void {
      if (phase !== FREE && fw.ackFree(src)) phase = FREE;
      else if (phase === FREE && !fw.ackFree(src)) {
        phase = NOTIFIED; // claimed by no batch of ours: treat it as one the OS was told of
        notifiedAt = fw.nowNs;
      }
      if (phase === OPEN && fw.nowNs >= openedAt + o.windowNs) publish(fw, src);
      else if (phase === NOTIFIED && fw.nowNs >= notifiedAt + o.windowNs) {
        fw.note('batching-firmware: the OS has not acknowledged the block: the GHES interrupt is raised again');
        publish(fw, src);
      }
    }

    /** Adds a record to the batch, in the journey of the error it names. */
    function add(fw: FirmwareContext, severity: number, pa: number, validation: number): void {
      const src = fw.hostSource('gpio');
      if (src < 0) return; // no source to report to, as the profile's firmware
      service(fw, src);
      if (phase === FREE && fw.ackFree(src)) {
        if (!fw.writeMemoryRecord(src, severity, pa, validation)) return; // a block too small for one record
        phase = OPEN;
        records = 1;
        openedAt = fw.nowNs;
        batch = (batch + 1) & TAG_MASK;
        if (records >= maxRecords) return publish(fw, src);
        fw.setTimer(fw.nowNs + o.windowNs, batch);
        return;
      }
      if (phase === OPEN && fw.appendMemoryRecord(src, severity, pa, validation)) {
        if (++records >= maxRecords) publish(fw, src);
        return;
      }
      // The block is full, or holds a batch the OS was told of: publish what is there, and wait.
      if (phase === OPEN) publish(fw, src);
      const slot = nextSlot;
      nextSlot = (nextSlot + 1) & TAG_MASK;
      waiting.set(slot, [severity, pa, validation]);
      fw.note(`batching-firmware: the GHES block holds a batch not yet acknowledged; the record waits ${retryNs} ns`);
      fw.setTimer(fw.nowNs + retryNs, RETRY | slot);
    }

    const hooks: FirmwareHooks = {
      ...(inner.hostSources === undefined ? {} : { hostSources: inner.hostSources }),
      ...(inner.ceThreshold === undefined ? {} : { ceThreshold: inner.ceThreshold }),

      // A synchronous external abort is reported at once: the profile's firmware.
      onSyncExternalAbort: (fw) => inner.onSyncExternalAbort(fw),

      onSError(fw) {
        const esr = (ESR_SERROR | fw.exception.serrorIss) >>> 0;
        const r = fw.record;
        const ueo = ((esr >>> 24) & 1) === 0 && (esr & 0x3f) === 0x11 && ((esr >>> 10) & 7) === AET_UEO;
        if (!ueo || !r.valid || !r.uncorrected || !r.addressValid || fw.hostSource('gpio') < 0) return inner.onSError(fw);
        // A restartable error nobody consumed: its record joins the batch.
        fw.chargeNs(fo.latencyNs);
        add(fw, SEV_RECOVERABLE, r.address, VALID_PA_TYPE);
        if (fo.clearSErrorRecord) fw.clearRecord();
        if (reflect && fw.exception.hcrAmo) fw.enterEl2SError(esr);
        else fw.note('batching-firmware: a UEO SError goes to the batch; not reflected into EL2');
      },

      onCorrectedOverflow(fw) {
        fw.chargeNs(fo.latencyNs);
        const r = fw.record;
        add(fw, SEV_CORRECTED, r.addressValid ? r.address : 0, r.addressValid ? VALID_PA_TYPE : VALID_TYPE);
        fw.clearRecord();
      },

      onTimer(fw, tag) {
        const src = fw.hostSource('gpio');
        if (src < 0) return;
        if ((tag & RETRY) !== 0) {
          const rec = waiting.get(tag & TAG_MASK);
          if (rec === undefined) return;
          waiting.delete(tag & TAG_MASK);
          return add(fw, rec[0], rec[1], rec[2]);
        }
        service(fw, src);
        if (phase === OPEN && tag === batch) publish(fw, src); // the window ended
      },

      // The batch's state outlives hooks, so a checkpoint keeps it (the timers are in the engine's queue).
      saveState: () => ({
        phase, batch, records, openedAt, notifiedAt, nextSlot, waiting: [...waiting], inner: inner.saveState?.(),
      }),
      loadState(state) {
        const s = state as {
          phase: number; batch: number; records: number; openedAt: number; notifiedAt: number; nextSlot: number;
          waiting: [number, [number, number, number]][]; inner?: unknown;
        };
        ({ phase, batch, records, openedAt, notifiedAt, nextSlot } = s);
        waiting.clear();
        for (const [slot, rec] of s.waiting) waiting.set(slot, rec);
        if (s.inner !== undefined) inner.loadState?.(s.inner);
      },
    };
    return hooks;
  },
});
