/**
 * The `scripted` workload: explicit accesses at explicit times, each on a chosen vCPU, in a chosen
 * process, the guest kernel or the vCPU's VMM thread — and PSTATE.A changes (mask-serror /
 * unmask-serror). It is how the decision table of flow.md §6 is exercised: one access, one error,
 * one journey to check.
 *
 * @module
 */
import {
  addressToNumber, CTL_MASK_SERROR, CTL_UNMASK_SERROR, FLAG_EL1, FLAG_VMM, OP_CONTROL, OP_FETCH, OP_LOAD, OP_STORE,
  type AccessBatch, type PluginEnv, type ScriptedAccessSpec, type WorkloadContext, type WorkloadHooks,
} from '@rasflow/core';

/** `pid` of entries that belong to no guest process: kernel and VMM accesses, PSTATE.A changes. */
const NO_PROCESS = -1;

const OPS: Readonly<Record<ScriptedAccessSpec['kind'], number>> = {
  load: OP_LOAD, store: OP_STORE, fetch: OP_FETCH, 'mask-serror': OP_CONTROL, 'unmask-serror': OP_CONTROL,
};

/**
 * Replays the scenario's accesses of this host. Each vCPU has its own list, sorted by time
 * (stable: accesses at the same time keep the scenario's order); access number n of a vCPU — the
 * engine's access counter — is entry n of its list, so a re-executed access is the same entry.
 * Batches are timed (the vCPU idles until each entry's time) and hold one process's accesses:
 * a batch is cut where the process changes. Kernel accesses, VMM-thread accesses (FLAG_VMM, the
 * address a byte offset in the VMM-private pages) and PSTATE.A changes belong to no guest process
 * and ride in the batch of the process around them; since the engine drops a whole batch whose
 * process is dead, they are never put in a dead process's batch.
 */
export class ScriptedWorkload implements WorkloadHooks {
  /** Per vCPU of the host (vm × vcpusPerVm + vcpu): its entries are [start[v], start[v + 1]). */
  private readonly start: Int32Array;
  private readonly at: Float64Array;
  private readonly addr: Uint32Array;
  private readonly flags: Uint8Array;
  /** Guest process of each entry; NO_PROCESS for kernel and VMM accesses and PSTATE.A changes. */
  private readonly pid: Int32Array;
  /** Process of the first process entry at or after each entry of the same vCPU, or NO_PROCESS. */
  private readonly nextPid: Int32Array;
  private readonly vcpusPerVm: number;

  constructor(accesses: readonly ScriptedAccessSpec[], env: PluginEnv) {
    const vcpus = env.vmsPerHost * env.vcpusPerVm;
    this.vcpusPerVm = env.vcpusPerVm;
    const mine: { a: ScriptedAccessSpec; i: number; v: number }[] = [];
    accesses.forEach((a, i) => {
      if ((a.host ?? 0) !== env.host) return;
      const vm = a.vm ?? 0;
      const vcpu = a.vcpu ?? 0;
      if (!(vm >= 0 && vm < env.vmsPerHost && vcpu >= 0 && vcpu < env.vcpusPerVm)) {
        throw new RangeError(`workload.accesses[${i}]: VM ${vm} vCPU ${vcpu} does not exist (${env.vmsPerHost} VMs × ${env.vcpusPerVm} vCPUs)`);
      }
      mine.push({ a, i, v: vm * env.vcpusPerVm + vcpu });
    });
    // Sort by vCPU, then time; ties keep the scenario's order (Array.prototype.sort is stable).
    mine.sort((x, y) => x.v - y.v || (x.a.atNs ?? 0) - (y.a.atNs ?? 0));
    const n = mine.length;
    this.start = new Int32Array(vcpus + 1);
    this.at = new Float64Array(n);
    this.addr = new Uint32Array(n);
    this.flags = new Uint8Array(n);
    this.pid = new Int32Array(n);
    this.nextPid = new Int32Array(n);
    mine.forEach(({ a, i, v }, k) => {
      this.start[v + 1]!++;
      const kind = a.kind ?? 'load';
      const control = kind === 'mask-serror' || kind === 'unmask-serror';
      const address = control ? (kind === 'mask-serror' ? CTL_MASK_SERROR : CTL_UNMASK_SERROR) : addressToNumber(a.address);
      if (!(Number.isInteger(address) && address >= 0 && address < 0x1_0000_0000)) {
        throw new RangeError(`workload.accesses[${i}].address: found ${JSON.stringify(a.address)}, allowed: below 2^32`);
      }
      const proc = a.process ?? 0;
      // A PSTATE.A change is the guest kernel's (EL1), whatever process the entry names.
      const el1 = proc === 'kernel' || control;
      this.at[k] = a.atNs ?? 0;
      this.addr[k] = address;
      this.flags[k] = OPS[kind] | (el1 ? FLAG_EL1 : proc === 'vmm' ? FLAG_VMM : 0);
      this.pid[k] = typeof proc === 'number' && !control ? proc : NO_PROCESS;
    });
    for (let v = 0; v < vcpus; v++) this.start[v + 1]! += this.start[v]!;
    let next = NO_PROCESS;
    for (let k = n - 1; k >= 0; k--) {
      // A vCPU's list ends where the next one starts: the look-ahead must not cross it.
      if (k + 1 < n && mine[k + 1]!.v !== mine[k]!.v) next = NO_PROCESS;
      if (this.pid[k]! !== NO_PROCESS) next = this.pid[k]!;
      this.nextPid[k] = next;
    }
  }

  fill(ctx: WorkloadContext, batch: AccessBatch, first: number, count: number): void {
    const v = ctx.vm * this.vcpusPerVm + ctx.vcpu;
    const begin = this.start[v]! + first;
    const end = Math.min(this.start[v + 1]!, begin + Math.min(count, batch.capacity));
    if (begin >= end) {
      batch.length = 0; // nothing left for this vCPU: it idles to the end of the run
      ctx.idleUntil = Number.POSITIVE_INFINITY;
      return;
    }
    const pids = this.pid;
    let bp = pids[begin]!;
    if (bp === NO_PROCESS) bp = this.pidForKernel(ctx, this.nextPid[begin]!);
    const alive = ctx.processAlive(bp);
    let k = begin;
    for (; k < end; k++) {
      const p = pids[k]!;
      if (p !== bp && (p !== NO_PROCESS || !alive)) break;
      batch.at[k - begin] = this.at[k]!;
      batch.addr[k - begin] = this.addr[k]!;
      batch.flags[k - begin] = this.flags[k]!;
    }
    if (k === begin) {
      // A kernel, VMM or PSTATE.A entry while no process at all is alive: it goes alone in a
      // batch charged to a dead process, which the engine skips (its time passes), rather than
      // stall the vCPU on it forever.
      batch.at[0] = this.at[k]!;
      batch.addr[0] = this.addr[k]!;
      batch.flags[0] = this.flags[k]!;
      k++;
    }
    batch.length = k - begin;
    batch.timed = true;
    batch.pid = bp;
  }

  /**
   * The process a batch that starts with entries of no process (kernel, VMM, PSTATE.A) is charged
   * to: the next process entry's when that process is alive (the batch can then run on into it),
   * else the lowest alive process, else process 0.
   */
  private pidForKernel(ctx: WorkloadContext, next: number): number {
    if (next !== NO_PROCESS && ctx.processAlive(next)) return next;
    for (let p = 0; p < ctx.processes; p++) if (ctx.processAlive(p)) return p;
    return 0;
  }
}
