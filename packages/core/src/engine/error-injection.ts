/**
 * What happens when a fault-injection countdown (ERR<n>PFGCTL / PFGCDN) reaches 0: the error
 * PFGCTL selected is now in ERR<n>STATUS, and the hardware signals it like any detected error —
 * an uncorrected one as a physical SError to the PE's vCPU, a corrected one to the counter (and
 * the fault-handling interrupt when the counter overflows).
 */
import { PFGCTL_R } from '../arch/err-pfg.js';
import { ST_AV, ST_UE, ST_UET_SHIFT } from '../arch/err-status.js';
import { REC_CE_COUNTER_OVERFLOW } from '../arch/err-node.js';
import { ACTION, EV_CE, EV_SERROR, L_HARDWARE } from '../plugin/vocabulary.js';
import { C_INJECTED } from './counts.js';
import type { Engine } from './engine-host.js';
import { EK_PFG_FIRE } from './event-queue.js';
import { correctedError, physicalSError } from './hardware-events.js';
import { JF_AV, JF_FW_RECORD } from './journey-log.js';

export function pfgFired(e: Engine, n: number, vi: number, t: number): void {
  const h = e.host;
  const node = h.rasNode;
  const status = node.readStatus(n) >>> 0;
  const vm = h.vmOf(vi);
  const vcpu = vi % h.vcpusPerVm;
  const av = (status & ST_AV) !== 0;
  const hpa = av ? (node.readAddrHi(n) & 0x00ff_ffff) * 0x1_0000_0000 + node.readAddrLo(n) : -1;
  const page = hpa >= 0 ? Math.floor(hpa / h.plan.hostPageSize) : -1;
  const ctl = node.readPfgCtl(n);
  const reload = node.readPfgCdn(n);
  if ((ctl & PFGCTL_R) !== 0 && reload > 0) h.queue.push(t + reload, EK_PFG_FIRE, vm, vcpu, n, vi);
  h.counts[C_INJECTED]!++;
  e.flow.hostNow = t;
  if ((status & ST_UE) !== 0) {
    const aet = (status >>> ST_UET_SHIFT) & 3; // UET and AET share 0–3
    const iss = (aet << 10) | 0x11;
    const j = h.journeys.open(EV_SERROR, vm, vcpu, t, page, 0, hpa, (av ? JF_AV : 0) | JF_FW_RECORD, aet | (0x11 << 16));
    h.journeys.step(j, L_HARDWARE, ACTION['inject-serror'], t, (0xbe00_0000 | iss) >>> 0, hpa, -1, -1, -1, h.journeys.text(`ERR${n}PFGCTL 0x${ctl.toString(16)} fired`));
    if (!h.hostUp || h.vmState[vm] !== 0) return;
    physicalSError(e, vi, j, iss);
    return;
  }
  const j = h.journeys.open(EV_CE, vm, vcpu, t, page, 0, hpa, 0, 0);
  h.journeys.step(j, L_HARDWARE, ACTION['inject-ce'], t, -1, hpa, -1, -1, -1, h.journeys.text(`ERR${n}PFGCTL 0x${ctl.toString(16)} fired`));
  correctedError(e, vi, j, node.ceOverflowed(n) ? REC_CE_COUNTER_OVERFLOW : 0, n);
}
