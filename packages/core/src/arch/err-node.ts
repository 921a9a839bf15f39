/**
 * A memory-mapped Arm RAS node's behaviour: recording detected errors, the clear protocol, the
 * corrected-error counter and the fault-injection countdown. EL3 firmware reads and clears these
 * records (TF-A `ras_common.c`); the engine records hardware errors into them. The register file
 * itself (layout of formats.md b.1 over a DataView) is `err-node-regs.ts`.
 *
 * What the model does, and the simplifications it makes:
 * - Recording: a new error in an empty record fills STATUS (and ADDR when AV). If the record is
 *   already valid, the more severe error is kept (UC > UEU > UER > UEO > DE > CE) and STATUS.OF is
 *   set: the RAS specification's "highest-priority error is kept" rule, read coarsely.
 * - Corrected errors are counted in ERR<n>MISC0 (standard counter format, see err-record.ts). They
 *   do not set STATUS.OF while the counter copes; a counter wrap sets MISC0.OF and STATUS.OF.
 * - Clearing follows formats.md b.2: writing back exactly the value read clears the record; any
 *   other value (a stale read: the record changed since) is ignored.
 * - Nothing is recorded while CTLR.ED=0.
 * - Fault injection: writing PFGCTL with CDNEN loads the countdown from PFGCDN; tick() counts down
 *   and the error selected by PFGCTL is recorded at 0; with R the countdown restarts.
 */
import {
  cecMax,
  CTLR_CFI,
  CTLR_DUI,
  CTLR_ED,
  CTLR_FI,
  CTLR_UI,
  OFF_CTLR,
  OFF_PFGCDN,
  OFF_PFGCTL,
  OFF_STATUS,
  OFF_ERRGSR,
  PFG_BASE,
  RECORD_STRIDE,
} from './err-record.js';
import {
  initRasNodePage,
  PFG_PRIVATE_ARMED,
  PFG_PRIVATE_LIVE,
  RasNodeRegisters,
  type RasNodeInit,
} from './err-node-regs.js';
import { PFGCTL_CDNEN, PFGCTL_R, PFGCTL_RES0_MASK, pfgctlToStatus } from './err-pfg.js';
import {
  CE_NONSPECIFIC,
  SERR_EXTERNAL_MEMORY_DATA,
  ST_AV,
  ST_CE_SHIFT,
  ST_DE,
  ST_OF,
  ST_UE,
  ST_V,
  statusSeverityRank,
} from './err-status.js';

/** recordError() flag: the error was recorded or counted. A result of 0 means CTLR.ED=0 dropped it. */
export const REC_RECORDED = 1;
/** recordError() flag: the new error replaced a less severe one already in the record. */
export const REC_OVERWROTE = 2;
/** recordError() flag: STATUS.OF is set because of this error. */
export const REC_OVERFLOW = 4;
/** recordError() flag: the MISC0 corrected-error counter wrapped (MISC0.OF set). */
export const REC_CE_COUNTER_OVERFLOW = 8;
/** recordError() flag: CTLR asks for a fault-handling interrupt (FI for UE/DE, CFI for a counter wrap). */
export const REC_FAULT_IRQ = 16;
/** recordError() flag: CTLR asks for an error-recovery interrupt (UI for UE, DUI for DE). */
export const REC_RECOVERY_IRQ = 32;

const CE_MASK = 3 << ST_CE_SHIFT;

/** The RAS node model. */
export class RasNode extends RasNodeRegisters {
  private readonly injectedSerr: number;

  /**
   * Attaches to an initialised page. `injectedSerr` is the SERR that injected errors record (the
   * value is IMPLEMENTATION DEFINED); 0x0C, data from external memory, by default.
   */
  constructor(view: DataView, opts: { injectedSerr?: number } = {}) {
    super(view);
    this.injectedSerr = (opts.injectedSerr ?? SERR_EXTERNAL_MEMORY_DATA) & 0xff;
  }

  /** Initialises a page (see {@link initRasNodePage}) and attaches to it. */
  static create(init: RasNodeInit & { injectedSerr?: number }): RasNode {
    const view = initRasNodePage(init);
    return new RasNode(view, init.injectedSerr === undefined ? {} : { injectedSerr: init.injectedSerr });
  }

  private setStatus(n: number, r: number, status: number): void {
    this.set32(r + OFF_STATUS, status);
    const g = this.u32(OFF_ERRGSR);
    this.set32(OFF_ERRGSR, (status & ST_V) !== 0 ? g | (1 << n) : g & ~(1 << n));
  }

  /**
   * The clear protocol (TF-A: write back what was read): a write equal to the current STATUS
   * clears the record and returns true; any other value is ignored and returns false, so a handler
   * that read before a new error arrived cannot wipe it. It must read STATUS again and check V.
   */
  writeStatus(n: number, value: number): boolean {
    const r = this.rec(n);
    if (value >>> 0 !== this.u32(r + OFF_STATUS)) return false;
    this.setStatus(n, r, 0);
    return true;
  }

  /**
   * Records a detected error given as an ERR<n>STATUS value (V is implied) and, when its AV is set,
   * the ERR<n>ADDR halves. Corrected-only errors go to the MISC0 counter. Returns REC_* flags.
   */
  recordError(n: number, status: number, addrLo = 0, addrHi = 0): number {
    const r = this.rec(n);
    const ctlr = this.u32(r + OFF_CTLR);
    if ((ctlr & CTLR_ED) === 0) return 0;
    const st = (status | ST_V) >>> 0;
    const cur = this.u32(r + OFF_STATUS);
    const rank = statusSeverityRank(st);
    if (rank === 1) return this.countCorrected(n, r, ctlr, st, cur, addrLo, addrHi);
    let flags = REC_RECORDED;
    if ((cur & ST_V) === 0) {
      this.setStatus(n, r, st);
      if ((st & ST_AV) !== 0) this.writeAddr(n, addrLo, addrHi);
    } else if (rank > statusSeverityRank(cur)) {
      // The corrected-error summary (CE) stays: it describes errors the record still counts.
      this.setStatus(n, r, st | ST_OF | (cur & CE_MASK));
      if ((st & ST_AV) !== 0) this.writeAddr(n, addrLo, addrHi);
      flags |= REC_OVERWROTE | REC_OVERFLOW;
    } else {
      this.setStatus(n, r, cur | ST_OF);
      flags |= REC_OVERFLOW;
    }
    if ((st & ST_UE) !== 0) {
      if ((ctlr & CTLR_FI) !== 0) flags |= REC_FAULT_IRQ;
      if ((ctlr & CTLR_UI) !== 0) flags |= REC_RECOVERY_IRQ;
    } else if ((st & ST_DE) !== 0) {
      if ((ctlr & CTLR_FI) !== 0) flags |= REC_FAULT_IRQ;
      if ((ctlr & CTLR_DUI) !== 0) flags |= REC_RECOVERY_IRQ;
    }
    return flags;
  }

  /** Shorthand for recordError() of a corrected error with no address. */
  recordCorrected(n: number, serr = SERR_EXTERNAL_MEMORY_DATA, ceKind = CE_NONSPECIFIC): number {
    return this.recordError(n, ((ceKind & 3) << ST_CE_SHIFT) | (serr & 0xff));
  }

  private countCorrected(n: number, r: number, ctlr: number, st: number, cur: number, lo: number, hi: number): number {
    let flags = REC_RECORDED;
    const max = cecMax(this.ceFormat);
    const mhi = this.readMisc0Hi(n);
    const next = (mhi & max) + 1;
    let status: number;
    if ((cur & ST_V) === 0) {
      status = st;
      if ((st & ST_AV) !== 0) this.writeAddr(n, lo, hi);
    } else {
      // Keep the recorded error; merge the CE kind (two different kinds read as non-specific).
      const had = (cur >>> ST_CE_SHIFT) & 3;
      const add = (st >>> ST_CE_SHIFT) & 3;
      status = (cur & ~CE_MASK) | ((had === 0 || had === add ? add : CE_NONSPECIFIC) << ST_CE_SHIFT);
    }
    if (next > max) {
      this.writeMisc0(n, this.readMisc0Lo(n), (mhi & ~max) | (1 << this.ceFormat.cecBits));
      status |= ST_OF;
      flags |= REC_CE_COUNTER_OVERFLOW | REC_OVERFLOW;
      if ((ctlr & CTLR_CFI) !== 0) flags |= REC_FAULT_IRQ;
    } else {
      this.writeMisc0(n, this.readMisc0Lo(n), (mhi & ~max) | next);
    }
    this.setStatus(n, r, status);
    return flags;
  }

  /** Writes ERR<n>PFGCTL: CDNEN=1 loads the countdown from PFGCDN and arms it; CDNEN=0 stops it. */
  writePfgCtl(n: number, v: number): void {
    const p = PFG_BASE + this.rec(n);
    const ctl = (v & ~PFGCTL_RES0_MASK) >>> 0;
    this.set32(p + OFF_PFGCTL, ctl);
    const armed = (ctl & PFGCTL_CDNEN) !== 0;
    this.set32(p + PFG_PRIVATE_LIVE, armed ? this.u32(p + OFF_PFGCDN) : 0);
    this.set32(p + PFG_PRIVATE_ARMED, armed ? 1 : 0);
  }

  /**
   * Advances every armed countdown by `count` and fires those that reach 0 (a countdown armed at
   * 0 fires on the next tick). Returns a bitmask of the records whose injected error fired. With
   * R a long tick may fire several times; repeats after the second only re-set STATUS.OF, so at
   * most two are applied.
   */
  tick(count: number): number {
    if (!Number.isInteger(count) || count < 0) throw new RangeError(`tick(${count}): count must be a non-negative integer`);
    let fired = 0;
    for (let n = 0; n < this.records; n++) {
      const p = PFG_BASE + n * RECORD_STRIDE;
      if (this.u32(p + PFG_PRIVATE_ARMED) === 0) continue;
      const live = this.u32(p + PFG_PRIVATE_LIVE);
      if (count < live) {
        this.set32(p + PFG_PRIVATE_LIVE, live - count);
        continue;
      }
      const ctl = this.u32(p + OFF_PFGCTL);
      const reload = this.u32(p + OFF_PFGCDN);
      const left = count - live;
      let fires = 1;
      if ((ctl & PFGCTL_R) !== 0 && reload > 0) {
        fires += Math.floor(left / reload);
        this.set32(p + PFG_PRIVATE_LIVE, reload - (left % reload));
      } else {
        this.set32(p + PFG_PRIVATE_LIVE, 0);
        this.set32(p + PFG_PRIVATE_ARMED, 0);
      }
      const status = pfgctlToStatus(ctl, this.injectedSerr);
      if (status === 0) continue;
      for (let i = 0; i < Math.min(fires, 2); i++) this.recordError(n, status, this.readAddrLo(n), this.readAddrHi(n));
      fired |= 1 << n;
    }
    return fired >>> 0;
  }
}
