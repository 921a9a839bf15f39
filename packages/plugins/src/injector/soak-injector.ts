/**
 * `soak-injector`: sets up the rows of flow.md §6 one after another, for as long as a run lasts,
 * on every host — the seeded soak that checks the whole flow never ends in silent corruption.
 *
 * It is meant for a generated workload (`random`, with a kernel and a fetch fraction, so that
 * poison is consumed at EL0 and EL1, by loads and by fetches) and for hosts and guests that come
 * back (`hosts.rebootNs`, `guest.rebootNs`, `guest.restartNs`). Every choice comes from the
 * injector's counter-based stream (ctx.random32) and its setup counter, so a host's soak depends
 * only on the scenario, the seed and the host index.
 *
 * @module
 */
import { defineInjectorPlugin, GRANULE_BYTES, type InjectorContext, type InjectorHooks, type PluginEnv } from '@rasflow/core';
import { DEFAULT_SOAK_ROWS, placementOf, SOAK_ROWS, SOAK_SETUPS, stopsHost, type SoakRow } from './soak-rows.js';

/** The soak injector's options (scenario `plugins.injectors[].options`), every one with a default. */
export interface SoakInjectorOptions {
  /** Rows to set up; cycled rows go round robin, final rows come at the end (soak-rows.ts). */
  rows: SoakRow[];
  /** Time between two setups on the same (VM, vCPU): the host sets one up every interval / (VMs × vCPUs). */
  perVcpuIntervalNs: number;
  /** Time of the first setup. */
  startNs: number;
  /** Rounds of cycled setups over every (VM, vCPU), then the cycle stops; 0: until the final window. */
  rounds: number;
  /** The end of the run reserved for final rows: E6, then (after afterHostPanicNs) the VM-final ones, then S6. */
  finalWindowNs: number;
  /** Pause after a row that panics the host (E5, E6, E8): at least the scenario's hosts.rebootNs. */
  afterHostPanicNs: number;
  /**
   * Pause before a row that panics the host (and before the final window), so that the journeys
   * in flight reach their outcomes first: handlers charge their vCPU ~0.1 ms, and a vCPU ahead of
   * the host's time takes its pending exceptions only once the host catches up.
   */
  settleNs: number;
  /** Guest processes (0: one per vCPU). vCPU c runs process c + k × vCPUs (workload/schedule.ts). */
  processes: number;
  /** Leading virtual pages of a process, kernel or VMM space that a poison may land in. */
  pages: number;
}

const int = (minimum: number, dflt: number, description: string) => ({ type: 'integer', minimum, default: dflt, description });

/**
 * The options schema: validated, with defaults filled in, before any host is built.
 *
 * Left out of the API reference: its fields are {@link SoakInjectorOptions}'.
 *
 * @internal
 */
export const soakInjectorOptionsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    rows: { type: 'array', items: { enum: [...SOAK_ROWS] }, minItems: 1, uniqueItems: true, default: [...DEFAULT_SOAK_ROWS], description: 'flow.md §6 rows to set up.' },
    perVcpuIntervalNs: int(1, 200_000, 'Time between two setups on the same (VM, vCPU).'),
    startNs: int(0, 1_000, 'Time of the first setup.'),
    rounds: int(0, 0, 'Rounds of cycled setups over every (VM, vCPU); 0: until the final window.'),
    finalWindowNs: int(0, 200_000, 'End of the run reserved for the final rows (E6, then S2, S4, S8 per VM, then S6).'),
    afterHostPanicNs: int(0, 100_000, 'Pause after E5, E6, E8 (≥ hosts.rebootNs).'),
    settleNs: int(0, 0, 'Pause before E5, E6, E8, so the journeys in flight finish first.'),
    processes: int(0, 0, 'Guest processes per VM; 0: one per vCPU.'),
    pages: int(1, 1, 'Leading virtual pages of a space a poison may land in.'),
  },
} as const;

const TAG_CYCLE = 0;
const TAG_HOST_FIRST = 1;
const TAG_VM_FINAL = 2;
const TAG_HOST_LAST = 3;

/**
 * One host's soak. Cycle setup k goes to target t = k mod (VMs × vCPUs) — VM t mod VMs, vCPU
 * ⌊t / VMs⌋, so consecutive setups hit different VMs and a VM a cycled row panicked has a whole
 * round to reboot — and its m-th visit (m = ⌊k / targets⌋) sets up cycled row (m + t) mod rows,
 * so every target sees every row. The final window (soak-rows.ts SoakPlacement) opens with E6 on
 * VM 0; once the host is back every other VM gets one VM-final row, and VM 0 gets S6 halfway
 * through what is left.
 */
export class SoakInjector implements InjectorHooks {
  private readonly cycle: SoakRow[];
  private readonly vmFinal: SoakRow[];
  private readonly hostFirst: boolean;
  private readonly hostLast: boolean;
  private k = 0;
  /** Per VM: unused guest pages named so far (unusedPage). */
  private readonly unused: Int32Array;

  constructor(private readonly o: SoakInjectorOptions, private readonly env: PluginEnv) {
    this.unused = new Int32Array(env.vmsPerHost);
    this.cycle = o.rows.filter((r) => placementOf(r) === 'cycle');
    this.vmFinal = o.rows.filter((r) => placementOf(r) === 'vm-final');
    this.hostFirst = o.rows.includes('E6');
    this.hostLast = o.rows.includes('S6');
  }

  /** Cycled row of setup k (see the class comment). */
  private rowAt(k: number): SoakRow {
    const targets = this.env.vmsPerHost * this.env.vcpusPerVm;
    return this.cycle[(Math.floor(k / targets) + (k % targets)) % this.cycle.length]!;
  }

  private get finalStart(): number {
    return Math.max(0, this.env.durationNs - this.o.finalWindowNs);
  }

  start(ctx: InjectorContext): void {
    this.k = 0;
    this.unused.fill(0);
    if (this.cycle.length > 0 && this.o.startNs < this.finalStart) ctx.schedule(this.o.startNs, TAG_CYCLE);
    else if (this.o.finalWindowNs > 0) ctx.schedule(this.finalStart, TAG_HOST_FIRST);
  }

  fire(ctx: InjectorContext, tag: number): void {
    const vcpus = ctx.vcpusPerVm;
    const host = this.env.host;
    switch (tag) {
      case TAG_CYCLE: {
        const targets = ctx.vms * vcpus;
        const t = this.k % targets;
        const row = this.rowAt(this.k++);
        this.setUp(ctx, row, t % ctx.vms, Math.floor(t / ctx.vms));
        // Scheduled after the setup (a host panic inside it has already dropped the host's queue),
        // one pending event at a time.
        const gap = Math.max(1, Math.floor(this.o.perVcpuIntervalNs / targets));
        const next = ctx.nowNs + (stopsHost(row) ? Math.max(gap, this.o.afterHostPanicNs) : gap);
        const settle = stopsHost(this.rowAt(this.k)) ? this.o.settleNs : 0;
        const more = this.o.rounds === 0 || this.k < this.o.rounds * targets;
        if (more && next + settle < this.finalStart) ctx.schedule(next + settle, TAG_CYCLE);
        else if (this.o.finalWindowNs > 0) ctx.schedule(Math.max(this.finalStart, next + (this.hostFirst ? this.o.settleNs : 0)), TAG_HOST_FIRST);
        return;
      }
      case TAG_HOST_FIRST:
        if (this.hostFirst) this.setUp(ctx, 'E6', 0, host % vcpus);
        ctx.schedule(ctx.nowNs + (this.hostFirst ? this.o.afterHostPanicNs : 0), TAG_VM_FINAL);
        return;
      case TAG_VM_FINAL: {
        // VM 0 is kept for S6 (when there is one): it must still be up then.
        const first = this.hostLast && ctx.vms > 1 ? 1 : 0;
        if (this.vmFinal.length > 0) {
          for (let vm = first; vm < ctx.vms; vm++) this.setUp(ctx, this.vmFinal[(vm + host) % this.vmFinal.length]!, vm, (vm + host) % vcpus);
        }
        if (this.hostLast) ctx.schedule(ctx.nowNs + Math.floor((this.env.durationNs - ctx.nowNs) / 2), TAG_HOST_LAST);
        return;
      }
      case TAG_HOST_LAST:
        this.setUp(ctx, 'S6', 0, host % vcpus);
        return;
      default:
        throw new RangeError(`fire: unknown tag ${tag}`);
    }
  }

  /** Creates row `row`'s event on vCPU `vcpu` of VM `vm` (or in a page of the process it runs). */
  private setUp(ctx: InjectorContext, row: SoakRow, vm: number, vcpu: number): void {
    const s = SOAK_SETUPS[row];
    if (s.kind === 'serror') {
      const av = s.anyAv ? (ctx.random32() & 1) === 0 : s.opts.av !== false;
      const opts = av === (s.opts.av !== false) ? s.opts : { ...s.opts, av };
      ctx.serror(vm, vcpu, s.unusedPage && (ctx.random32() & 1) === 0 ? { ...opts, hpa: this.unusedPage(ctx, vm) } : opts);
      return;
    }
    const r = ctx.random32();
    const offset = ((r >>> 16) % (4096 / GRANULE_BYTES)) * GRANULE_BYTES + (r & 0x38);
    if (s.space === 'vmm') {
      ctx.poisonVmmPage(vm, (r >>> 8) % this.o.pages, offset, s.opts);
      return;
    }
    const processes = this.o.processes > 0 ? this.o.processes : ctx.vcpusPerVm;
    const pid = s.space === 'kernel' ? -1 : (vcpu + ctx.vcpusPerVm * ((r >>> 8) % processes)) % processes;
    // A page the guest offlined is unmapped (a poisoned PTE): take the next one of the space.
    const first = ctx.random32() % this.o.pages;
    for (let i = 0; i < this.o.pages; i++) {
      if (ctx.poisonProcessPage(vm, pid, (first + i) % this.o.pages, offset, s.opts) >= 0) return;
    }
  }

  /**
   * Host PA of a guest page no context uses: the guest allocates from the bottom of its RAM, so
   * the top quarter stays free. Each VM counts down through it, so that no page is named twice
   * (a page the guest offlined stays offlined, even across a reboot).
   */
  private unusedPage(ctx: InjectorContext, vm: number): number {
    const page = this.env.guestPageSize;
    const pages = Math.max(1, Math.floor(ctx.vmRamBytes / page / 4));
    const n = this.unused[vm]!++;
    return ctx.guestPaToHostPa(vm, ctx.vmRamBytes - (1 + (n % pages)) * page);
  }

  saveState(): unknown {
    return { k: this.k, unused: [...this.unused] };
  }

  loadState(state: unknown): void {
    const st = state as { k?: number; unused?: number[] } | undefined;
    this.k = st?.k ?? 0;
    this.unused.fill(0);
    if (st?.unused !== undefined) this.unused.set(st.unused.slice(0, this.unused.length));
  }
}

/** `soak-injector`: every row of flow.md §6 an injection can create, round robin, for the whole run. */
export const soakInjector = defineInjectorPlugin<SoakInjectorOptions>({
  name: 'soak-injector',
  description: 'Sets up the rows of the flow.md §6 decision table one after another on every host (the seeded soak).',
  optionsSchema: soakInjectorOptionsSchema,
  create: (options, env) => new SoakInjector(options, env),
});

export default soakInjector;
