/**
 * `time: "sampled"` (docs/scale.md): vCPUs do not step between events. At field error rates a
 * host sees an uncorrectable error every hundred host-years, and stepping every access of its
 * vCPUs to find it costs a wall-clock second per simulated microsecond. Instead, when a granule
 * is poisoned, the time until a context first reads it is drawn from the workload's access
 * distribution: each vCPU of the owning VM reads that granule with probability q_v per access
 * (the workload's `readShare()` for the page, times 64 bytes / page size), so first reads arrive
 * as a Poisson process of rate Σ q_v / accessNs, the waiting time is exponential and the reader
 * is vCPU v with probability q_v / Σ q. That one access is then run as a timed access on its
 * vCPU, through the access loop, the journey and the plugins exactly as in access mode; vCPUs
 * with nothing to read jump to the end of each segment.
 *
 * After the access (consumed or not) the granule is drawn again from the mapping as it is then,
 * if it is still poisoned and still mapped: a page the handling left in place is read again, as
 * in access mode; one it unmapped, offlined or replaced is not.
 *
 * Kept: which context reads the error first and when (in distribution), its kind and EL, every
 * decision of every layer, races between journeys in simulated time. Lost: what accesses do
 * between errors (the `accesses` count is only the simulated reads), stores that overwrite a
 * poisoned granule before it is read (stores never consume here), locality in time (a sequential
 * scan reads a page at regular intervals; here the gap is exponential with the same mean), poison
 * in a free guest page that a later allocation hands out, and late kills of pages the guest
 * already unmapped.
 */
import { GRANULE_SHIFT, VCPU_F64, VF_CLOCK_NS } from '../memory/layout.js';
import { GPAGE_KERNEL, GPAGE_USER } from '../memory/guest-memory.js';
import { FLAG_EL1, OP_FETCH, OP_LOAD } from '../vcpu/access-batch.js';
import { draw01, streamKey } from '../rand/counter-rng.js';
import { PluginError } from '../plugin/plugin-error.js';
import type { Engine } from './engine-host.js';
import { P_WORKLOAD } from './flow.js';

/** The random stream of sampled reads (per host; see rand/counter-rng.ts for the others). */
export const STREAM_SAMPLED = 5;

/** Pending first reads of poisoned granules, as plain data (checkpoints). */
export interface SampledState {
  draws: number;
  /** One row per pending read: at, vi, addr, flags, pid, host page, granule. */
  rows: number[];
  /** Per vCPU: the host page and granule of the read it ran last, -1 when none is to be redrawn. */
  inflight: number[];
}

const ROW = 7;

export class SampledTime {
  private readonly key: number;
  private draws = 0;
  /** Pending reads, ROW numbers each (rare: one per poisoned granule at most). */
  private rows: number[] = [];
  /** Per vCPU: host page × 2^20 + granule of the read it was given last, -1 none. */
  private readonly inflight: Float64Array;
  /** The time the last empty fill() said the vCPU next has something to do. */
  wake = Number.POSITIVE_INFINITY;
  private readonly fetchShare: number;
  private readonly rates: Float64Array;

  constructor(private readonly e: Engine) {
    const h = e.host;
    this.key = streamKey(h.scenario.seed, h.index, -1, -1, STREAM_SAMPLED);
    this.inflight = new Float64Array(h.vcpuCount).fill(-1);
    this.rates = new Float64Array(h.vcpusPerVm);
    const w = h.workload;
    const f = e.flow;
    if (w.readShare === undefined) {
      throw new PluginError({ plugin: f.pluginName(P_WORKLOAD), layer: 'workload', hook: 'readShare', host: h.index, vm: -1, vcpu: -1, nowNs: 0 },
        new TypeError('time: "sampled" draws when a poisoned granule is read from the workload\'s readShare(), which this workload does not give'));
    }
    const perAccess = h.injectors.findIndex((i) => (i.perAccessProbability ?? 0) > 0);
    if (perAccess >= 0) {
      const p = h.plugins.injectors[perAccess]!.definition.name;
      throw new PluginError({ plugin: p, layer: 'injector', hook: 'perAccessProbability', host: h.index, vm: -1, vcpu: -1, nowNs: 0 },
        new RangeError('per-access injection needs every access simulated: use time "accesses", or an injector with a rate in time'));
    }
    this.fetchShare = Math.min(1, Math.max(0, w.fetchShare ?? 0));
  }

  /**
   * VM `vm`'s reads changed at `now` (a process died or came back, the guest booted): every
   * poisoned granule of its RAM is drawn again at the new rates. Waiting times are memoryless,
   * so dropping the old draws and drawing afresh from now is exact for rates that change in steps.
   */
  redrawVm(vm: number, now: number): void {
    const h = this.e.host;
    const first = vm * h.vcpusPerVm;
    for (let r = 0; r < this.rows.length; ) {
      const vi = this.rows[r + 1]!;
      if (vi >= first && vi < first + h.vcpusPerVm) this.rows.splice(r, ROW);
      else r += ROW;
    }
    for (let c = 0; c < h.vcpusPerVm; c++) this.inflight[first + c] = -1;
    const p = h.plan.vms[vm]!;
    const end = p.firstHostPage + p.ramHostPages;
    h.poison.forEachPoisoned((page, _flags, g) => {
      if (page >= p.firstHostPage && page < end) this.poisoned(page, g, now);
    });
  }

  /** Granule `g` of host page `page` holds poison from `now` on: draw its first read (unless one is drawn). */
  poisoned(page: number, g: number, now: number): void {
    const h = this.e.host;
    for (let r = 0; r < this.rows.length; r += ROW) if (this.rows[r + 5] === page && this.rows[r + 6] === g) return;
    const vm = h.plan.vms.findIndex((p) => page >= p.firstHostPage && page < p.firstHostPage + p.ramHostPages);
    if (vm < 0) return; // host kernel, free or VMM memory: no guest context reads it
    const p = h.plan.vms[vm]!;
    const gm = h.guests[vm]!;
    const shift = gm.layout.guestPageShift;
    const gpa = (page - p.firstHostPage) * h.plan.hostPageSize + g * 2 ** GRANULE_SHIFT;
    const gpfn = Math.floor(gpa / 2 ** shift);
    const state = gm.state[gpfn];
    let space: number;
    let table: Int32Array;
    if (state === GPAGE_KERNEL) {
      space = -1;
      table = gm.kernelPt;
    } else if (state === GPAGE_USER) {
      space = gm.owner[gpfn]!;
      table = gm.processPt[space]!;
    } else return; // free or offlined: nobody reads it until a later allocation (not followed)
    const vpage = table.indexOf(gpfn);
    if (vpage < 0) return; // no longer mapped where its owner would read it
    // Probability per access of each vCPU of the VM to read this granule.
    const w = this.e.wlCtx;
    const first = vm * h.vcpusPerVm;
    let total = 0;
    for (let c = 0; c < h.vcpusPerVm; c++) {
      w.vi = first + c;
      w.nowNs = now;
      w.streamKey = h.workloadKeys[first + c]!;
      const q = this.readShare(first + c, space, vpage) * 2 ** GRANULE_SHIFT / 2 ** shift;
      this.rates[c] = q;
      total += q;
    }
    if (!(total > 0)) return;
    const at = now + Math.max(1, Math.ceil(-Math.log(1 - draw01(this.key, this.draws++)) * h.scenario.workload.accessNs / total));
    const pick = draw01(this.key, this.draws++) * total;
    let c = 0;
    for (let acc = this.rates[0]!; acc <= pick && c < h.vcpusPerVm - 1; acc += this.rates[++c]!);
    const fetch = draw01(this.key, this.draws++) < this.fetchShare;
    if (at >= h.scenario.durationNs) return; // not read before the run ends: latent
    const flags = (fetch ? OP_FETCH : OP_LOAD) | (space < 0 ? FLAG_EL1 : 0);
    const pid = space >= 0 ? space : this.anyAlive(vm);
    this.rows.push(at, first + c, vpage * 2 ** shift + (gpa % 2 ** shift), flags, pid, page, g);
  }

  private readShare(vi: number, space: number, vpage: number): number {
    const f = this.e.flow;
    const saved = f.enter(P_WORKLOAD, 0, 'readShare');
    let q: number;
    try {
      q = this.e.host.workload.readShare!(this.e.wlCtx, space, vpage);
    } catch (err) {
      f.vi = vi;
      f.vm = this.e.host.vmOf(vi);
      throw f.hookError(err);
    } finally {
      f.leave(saved);
    }
    if (!(q >= 0 && q <= 1)) {
      f.vi = vi;
      f.vm = this.e.host.vmOf(vi);
      f.plugin = P_WORKLOAD;
      f.hook = 'readShare';
      throw f.hookError(new RangeError(`readShare(${space}, ${vpage}) returned ${q}: a probability per access is in [0, 1]`));
    }
    return q;
  }

  /** The pid a kernel read runs under: the first process alive (0 when none is). */
  private anyAlive(vm: number): number {
    const h = this.e.host;
    for (let pid = 0; pid < h.processes; pid++) if (h.processAlive(vm, pid)) return pid;
    return 0;
  }

  /**
   * The batch of vCPU `vi`: its earliest pending read, as one timed access, when it comes before
   * `limit`; otherwise empty, with `wake` its time (Infinity: none). The read it ran before is
   * drawn again first, from the mapping as the handling left it.
   */
  fill(vi: number, limit: number): void {
    const h = this.e.host;
    const b = h.batch;
    b.clear();
    const last = this.inflight[vi]!;
    if (last >= 0) {
      this.inflight[vi] = -1;
      const page = Math.floor(last / 2 ** 20);
      const g = last % 2 ** 20;
      if (h.poison.pageHasSlot(page) && h.poison.isGranulePoisoned(page, g)) this.poisoned(page, g, h.vcpus.f64[vi * VCPU_F64 + VF_CLOCK_NS]!);
    }
    let best = -1;
    for (let r = 0; r < this.rows.length; r += ROW) {
      if (this.rows[r + 1] === vi && (best < 0 || this.rows[r]! < this.rows[best]!)) best = r;
    }
    this.wake = best < 0 ? Number.POSITIVE_INFINITY : this.rows[best]!;
    if (best < 0 || this.wake >= limit) return;
    const row = this.rows.splice(best, ROW);
    b.addr[0] = row[2]!;
    b.flags[0] = row[3]!;
    b.at[0] = row[0]!;
    b.pid = row[4]!;
    b.timed = true;
    b.length = 1;
    this.inflight[vi] = row[5]! * 2 ** 20 + row[6]!;
  }

  saveState(): SampledState {
    return { draws: this.draws, rows: [...this.rows], inflight: Array.from(this.inflight) };
  }

  loadState(s: SampledState): void {
    this.draws = s.draws;
    this.rows = [...s.rows];
    this.inflight.set(s.inflight);
  }
}
