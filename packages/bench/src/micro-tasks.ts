/**
 * The micro suite's workloads, each a function doing a fixed batch of real work with the core's
 * own code and returning how many units it did. Every result is folded into the task's checksum
 * so the JIT can drop none of it. Inputs are built once, outside the timed calls; the loops
 * themselves touch numbers and typed arrays only, except where the measured core function is
 * the allocating kind (decodeEsr, the full GHES codec), which the task names say.
 */
import {
  EC_SERROR, HostPoisonMap, L_GUEST, abortFnv, abortSet, abortWnr, decodeEsr, defineGuestPlugin, dfsc,
  encodeDataAbort, encodeInstructionAbort, encodeSError, esrEc, esrIl, esrIss, isAbortEc, isSea,
  newGhesMemoryReading, readGhesMemoryBlock, serrorAction, serrorIds, serrorSeverity, writeGhesMemoryBlock,
  type DataAbortFields, type Engine, type GuestHooks, type InstructionAbortFields, type SErrorFields,
} from '@rasflow/core';

export interface MicroTaskSpec {
  name: string;
  /** What one unit of work is (an ESR, a record, a lookup, a call, a journey). */
  unit: string;
  /** Does one batch of work; returns the units done. */
  fn: () => number;
  /** Run before each timed call, outside its timing. */
  beforeEach?: () => void;
  /** Folded results of every call so far. */
  checksum: () => number;
}

/** The syndromes of the flow (formats.md a.8): SEAs from QEMU and EL3, and the SErrors of §6. */
export const ESR_VALUES: readonly number[] = [
  0x9200_0410, 0x9600_0410, 0x9200_0010, 0x8200_0010, 0xbe00_0811, 0xbe00_0c11, 0xbf00_0000, 0xbe00_1811,
];

/** `n` draws from ESR_VALUES in a fixed pseudo-random order (so branches are not trivially predicted). */
function esrStream(n: number): Uint32Array {
  const out = new Uint32Array(n);
  let x = 0x2545f491;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = ESR_VALUES[(x >>> 8) & 7]!;
  }
  return out;
}

/** KVM's and Linux's classification of each syndrome through the hot-path accessors. */
export function esrDecodeTask(n = 1000): MicroTaskSpec {
  const stream = esrStream(n);
  let sum = 0;
  return {
    name: 'esr decode (accessors)', unit: 'ESR', checksum: () => sum,
    fn: () => {
      let s = sum;
      for (let i = 0; i < n; i++) {
        const e = stream[i]!;
        const ec = esrEc(e);
        if (isAbortEc(ec)) s = (s + (isSea(e) ? 1 : 0) + abortSet(e) * 2 + abortFnv(e) * 8 + abortWnr(e) * 16 + dfsc(e)) | 0;
        else if (ec === EC_SERROR) s = (s + serrorSeverity(e) + serrorAction(e) * 8 + serrorIds(e) * 64) | 0;
        s = (s + esrIl(e) + esrIss(e)) | 0;
      }
      sum = s;
      return n;
    },
  };
}

/**
 * Re-encodes each syndrome from its fields with the checked encoders. The field objects are made
 * once from decodeEsr and reused (the encoders read them, so the loop allocates nothing); setup
 * checks that every one re-encodes to its value.
 */
export function esrEncodeTask(n = 1000): MicroTaskSpec {
  const kinds = new Uint8Array(ESR_VALUES.length);
  const data: DataAbortFields[] = [];
  const insn: InstructionAbortFields[] = [];
  const serror: SErrorFields[] = [];
  ESR_VALUES.forEach((v, k) => {
    const d = decodeEsr(v);
    if (d.kind === 'data-abort') {
      kinds[k] = 0;
      data[k] = { cur: d.cur, il: d.il, isv: d.isv, sas: d.sas, sse: d.sse, srt: d.srt, sf: d.sf, ar: d.ar, vncr: d.vncr, set: d.set, fnv: d.fnv, ea: d.ea, cm: d.cm, s1ptw: d.s1ptw, wnr: d.wnr, dfsc: d.dfsc };
    } else if (d.kind === 'instruction-abort') {
      kinds[k] = 1;
      insn[k] = { cur: d.cur, il: d.il, set: d.set, fnv: d.fnv, ea: d.ea, s1ptw: d.s1ptw, ifsc: d.ifsc };
    } else if (d.kind === 'serror') {
      kinds[k] = 2;
      serror[k] = d.ids === 1 ? { il: d.il, ids: 1, impDef: d.impDef } : { il: d.il, ids: 0, iesb: d.iesb, aet: d.aet, ea: d.ea, dfsc: d.dfsc };
    } else throw new Error(`ESR 0x${v.toString(16)} is none of the flow's kinds`);
  });
  const index = new Uint8Array(n);
  esrStream(n).forEach((v, i) => (index[i] = ESR_VALUES.indexOf(v)));
  const encode = (k: number): number => (kinds[k] === 0 ? encodeDataAbort(data[k]!) : kinds[k] === 1 ? encodeInstructionAbort(insn[k]!) : encodeSError(serror[k]!));
  ESR_VALUES.forEach((v, k) => {
    if (encode(k) !== v) throw new Error(`ESR 0x${v.toString(16)} re-encodes to 0x${encode(k).toString(16)}`);
  });
  let sum = 0;
  return {
    name: 'esr encode (checked encoders)', unit: 'ESR', checksum: () => sum,
    fn: () => {
      let s = sum;
      for (let i = 0; i < n; i++) s = (s ^ encode(index[i]!)) + i | 0;
      sum = s;
      return n;
    },
  };
}

/** The CLI's structured decoder (one object per syndrome, names included): the tool path. */
export function esrDecodeStructuredTask(n = 1000): MicroTaskSpec {
  const stream = esrStream(n);
  let sum = 0;
  return {
    name: 'esr decodeEsr (allocates)', unit: 'ESR', checksum: () => sum,
    fn: () => {
      let s = sum;
      for (let i = 0; i < n; i++) {
        const d = decodeEsr(stream[i]!);
        s = (s + d.iss + d.ecName.length + (d.kind === 'serror' ? d.aet : 0)) | 0;
      }
      sum = s;
      return n;
    },
  };
}

/**
 * The journey path's record writer and reader (ghes-memory-writer.ts): write a 172-byte GHES
 * memory record and read it back, into a DataView made once over a SharedArrayBuffer, eight
 * block slots apart as a host's per-PE sources are.
 */
export function ghesRecordTask(n = 1000): MicroTaskSpec {
  const view = new DataView(new SharedArrayBuffer(8 * 256));
  const reading = newGhesMemoryReading();
  let sum = 0;
  let x = 0x6b8b4567;
  return {
    name: 'ghes memory record write + read', unit: 'record', checksum: () => sum,
    fn: () => {
      let s = sum;
      for (let i = 0; i < n; i++) {
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        const off = (i & 7) * 256;
        writeGhesMemoryBlock(view, off, 0x80_0000_0000 + (x >>> 12) * 4096);
        const r = readGhesMemoryBlock(view, off, reading);
        s = (s + r + reading.physicalAddressLo + reading.physicalAddressHi + reading.blockStatus + reading.validationBits) | 0;
      }
      sum = s;
      return n;
    },
  };
}

/**
 * The host's poison test as the vCPU loop makes it (run-batch.ts): one summary bit per page, and
 * isGranulePoisoned only when it is set. `onPoisonedPages` draws pages among those holding poison
 * (the slow path every time); otherwise pages are uniform over 1 GiB, 1 in 256 of them poisoned.
 */
export function poisonTestTask(onPoisonedPages: boolean, n = 10_000): MicroTaskSpec {
  const pagesLog2 = 18;
  const map = HostPoisonMap.create(1 << pagesLog2, 12, 4096);
  const poisoned = new Int32Array(1024);
  let x = 0x3c6ef372;
  for (let k = 0; k < poisoned.length; ) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const page = x & ((1 << pagesLog2) - 1);
    if (map.pageHasSlot(page)) continue;
    map.poisonGranule(page, (x >>> 20) & 63);
    poisoned[k++] = page;
  }
  const summary = map.views.summary;
  let sum = 0;
  return {
    name: onPoisonedPages ? 'poison test, pages with poison' : 'poison test, random pages', unit: 'lookup', checksum: () => sum,
    fn: () => {
      let hits = 0;
      for (let i = 0; i < n; i++) {
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        const page = onPoisonedPages ? poisoned[x & 1023]! : x & ((1 << pagesLog2) - 1);
        const g = (x >>> 20) & 63;
        if (((summary[page >>> 5]! >>> (page & 31)) & 1) !== 0 && map.isGranulePoisoned(page, g)) hits++;
      }
      sum = (sum + hits) | 0;
      return n;
    },
  };
}

/**
 * Dispatching a synchronous plugin hook as the engine does. The engine's own dispatchers
 * (engine/hook-calls.ts: callGuest and its siblings) are not exported, and the only public way to
 * reach them is a whole journey. So this measures their pattern on the real parts: the Flow of a
 * real Engine (`enter` before, `leave` in `finally`, `hookError` wrapping a throw) around a hook
 * looked up by name on a hooks object made by the real defineGuestPlugin factory's `create`,
 * given the engine's own guest context. The hook only counts its calls.
 */
export function hookDispatchTask(engine: Engine, n = 10_000): MicroTaskSpec {
  let calls = 0;
  const plugin = defineGuestPlugin({
    name: 'bench-dispatch',
    create: (): GuestHooks => ({
      onSea: () => void calls++,
      onSError: () => void calls++,
    }),
  });
  const hooks = plugin.create({}, engine.host.env);
  const flow = engine.flow;
  const ctx = engine.guestCtx;
  const P_GUEST = 3; // engine/flow.ts: the guest plugin's index (not exported)
  const call = (hook: 'onSea' | 'onSError'): void => {
    const saved = flow.enter(P_GUEST, L_GUEST, hook);
    try {
      hooks[hook](ctx);
    } catch (err) {
      throw flow.hookError(err);
    } finally {
      flow.leave(saved);
    }
  };
  return {
    name: 'plugin hook dispatch', unit: 'call', checksum: () => calls | 0,
    fn: () => {
      for (let i = 0; i < n; i++) call((i & 7) === 0 ? 'onSError' : 'onSea');
      return n;
    },
  };
}
