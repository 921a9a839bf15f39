/**
 * Per-access injection (flow.md §2, the injector's `perAccessProbability`): before a load or fetch,
 * with probability p, poison the granule it is about to read. Instead of a draw per access, the
 * next poisoned access of each vCPU is drawn as a geometric gap from a counter-based stream, and
 * the vCPU's batch is cut so that access starts a batch: the poisoning then happens before it and
 * after everything before it, whatever the batch size.
 */
import { FLAG_EL1, FLAG_VMM, OP_CONTROL, OP_MASK, OP_STORE } from '../vcpu/access-batch.js';
import { VCPU_F64, VF_CLOCK_NS } from '../memory/layout.js';
import { drawGeometric, streamKey, STREAM_INJECT_PER_ACCESS } from '../rand/counter-rng.js';
import type { Engine } from './engine-host.js';
import { P_INJECTOR } from './flow.js';

export class PerAccessInjection {
  /** Injectors with a per-access probability. */
  private readonly perAccess: number[] = [];
  /** Per vCPU × such injector: counter of the next access to poison, draws so far, stream key. */
  private readonly nextPoison: Float64Array;
  private readonly poisonDraws: Float64Array;
  private readonly poisonKeys: Float64Array;

  constructor(private readonly e: Engine) {
    const host = e.host;
    host.injectors.forEach((inj, k) => {
      const p = inj.perAccessProbability;
      if (p !== undefined && p > 0) this.perAccess.push(k);
    });
    const n = host.vcpuCount * this.perAccess.length;
    this.nextPoison = new Float64Array(n);
    this.poisonDraws = new Float64Array(n);
    this.poisonKeys = new Float64Array(n);
    for (let vi = 0; vi < host.vcpuCount; vi++) {
      this.perAccess.forEach((k, m) => {
        const s = vi * this.perAccess.length + m;
        this.poisonKeys[s] = streamKey(host.scenario.seed, host.index, host.vmOf(vi), vi % host.vcpusPerVm, STREAM_INJECT_PER_ACCESS + 64 * k);
        this.nextPoison[s] = drawGeometric(this.poisonKeys[s]!, this.poisonDraws[s]!++, host.injectors[k]!.perAccessProbability!);
      });
    }
  }

  /** Each vCPU's next poisoned access and draws so far (checkpoints); the stream keys follow from the seed. */
  saveState(): { nextPoison: Float64Array; poisonDraws: Float64Array } {
    return { nextPoison: this.nextPoison.slice(), poisonDraws: this.poisonDraws.slice() };
  }

  loadState(s: { nextPoison: Float64Array; poisonDraws: Float64Array }): void {
    this.nextPoison.set(s.nextPoison);
    this.poisonDraws.set(s.poisonDraws);
  }

  /** Limits the batch so that a per-access injection lands on its first access. */
  batchLimit(vi: number, counter: number): number {
    let count = this.e.host.batch.capacity;
    const m = this.perAccess.length;
    for (let k = 0; k < m; k++) {
      const s = vi * m + k;
      while (this.nextPoison[s]! < counter) this.advancePoison(vi, k); // skipped past (a killed process)
      const next = this.nextPoison[s]! === counter ? this.peekAfter(s, k) : this.nextPoison[s]!;
      count = Math.min(count, Math.max(1, next - counter));
    }
    return count;
  }

  private peekAfter(s: number, k: number): number {
    const p = this.e.host.injectors[this.perAccess[k]!]!.perAccessProbability!;
    return this.nextPoison[s]! + 1 + drawGeometric(this.poisonKeys[s]!, this.poisonDraws[s]!, p);
  }

  private advancePoison(vi: number, k: number): void {
    const s = vi * this.perAccess.length + k;
    const p = this.e.host.injectors[this.perAccess[k]!]!.perAccessProbability!;
    this.nextPoison[s] = this.nextPoison[s]! + 1 + drawGeometric(this.poisonKeys[s]!, this.poisonDraws[s]!++, p);
  }

  /** Poisons the granule the batch's first access reads when a per-access injection is due. */
  injectBeforeFirst(vi: number, counter: number): void {
    const m = this.perAccess.length;
    const h = this.e.host;
    for (let k = 0; k < m; k++) {
      const s = vi * m + k;
      if (this.nextPoison[s] !== counter) continue;
      this.advancePoison(vi, k);
      const op = h.batch.flags[0]! & OP_MASK;
      // Only a read consumes poison, and only guest accesses are the workload's to poison.
      if (op === OP_STORE || op === OP_CONTROL || (h.batch.flags[0]! & FLAG_VMM) !== 0) continue;
      const hpa = this.hostPaOfFirst(vi);
      if (hpa < 0) continue;
      const ctx = this.e.injCtx[this.perAccess[k]!]!;
      this.e.lock?.acquire();
      const f = this.e.flow;
      try {
        f.hostNow = h.vcpus.f64[vi * VCPU_F64 + VF_CLOCK_NS]!;
        ctx.poisonHostPa(hpa, h.injectors[this.perAccess[k]!]!.perAccessEvent);
      } catch (err) {
        // A bad perAccessEvent (say an unknown `set`) is the injector's bug: name it, as a hook's would be.
        f.plugin = P_INJECTOR + this.perAccess[k]!;
        f.hook = 'perAccessEvent';
        f.vi = vi;
        f.vm = h.vmOf(vi);
        throw f.hookError(err);
      } finally {
        this.e.lock?.release();
      }
    }
  }

  /** Host PA of the first access of the batch, -1 when it does not translate. */
  private hostPaOfFirst(vi: number): number {
    const h = this.e.host;
    const g = h.guests[h.vmOf(vi)]!;
    const el1 = (h.batch.flags[0]! & FLAG_EL1) !== 0;
    const pt = el1 ? g.kernelPt : g.processPt[h.batch.pid]!;
    const a = h.batch.addr[0]!;
    const gpfn = pt[a >>> g.layout.guestPageShift];
    if (gpfn === undefined || gpfn < 0) return -1;
    const gpa = gpfn * 2 ** g.layout.guestPageShift + (a & ((1 << g.layout.guestPageShift) - 1));
    return h.plan.vms[h.vmOf(vi)]!.firstHostPage * h.plan.hostPageSize + gpa;
  }
}
