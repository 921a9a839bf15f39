// Stand-ins for the engine's workload and injector contexts, so a plugin's hooks can be driven
// directly: fill many batches and look at every access, or run an injector's schedule to the end
// and look at every injection. Both follow the engine's rules (engine-host.ts): the injector's
// queue pops by time, then insertion order.
import {
  AccessBatch, draw32, streamKey, STREAM_PLUGIN, STREAM_WORKLOAD,
  type InjectorContext, type InjectorHooks, type PluginEnv, type PoisonOptions, type SErrorOptions,
  type WorkloadContext, type WorkloadHooks,
} from '@rasflow/core';

/** A PluginEnv for direct use of a plugin's create(). */
export function env(over: Partial<PluginEnv> = {}): PluginEnv {
  return {
    host: 0, hosts: 1, seed: 1, profile: 'seed', durationNs: 1_000_000, vmsPerHost: 1, vcpusPerVm: 1, cpus: 4,
    hostPageSize: 4096, guestPageSize: 4096, workload: { kind: 'random' }, injections: [], outDir: null, ...over,
  };
}

export interface FakeWorkloadCtx extends WorkloadContext {
  vm: number;
  vcpu: number;
  dead: Set<number>;
}

/** A workload context for VM `vm`, vCPU `vcpu` with the given spaces; processes in `dead` are not alive. */
export function workloadCtx(o: { vm?: number; vcpu?: number; vcpus?: number; processes?: number; processPages?: number; kernelPages?: number; seed?: number } = {}): FakeWorkloadCtx {
  const vm = o.vm ?? 0;
  const vcpu = o.vcpu ?? 0;
  const dead = new Set<number>();
  return {
    host: 0, vm, vcpu, vcpus: o.vcpus ?? 1, nowNs: 0, processes: o.processes ?? 4,
    processBytes: (o.processPages ?? 256) * 4096, kernelBytes: (o.kernelPages ?? 64) * 4096, guestPageShift: 12,
    streamKey: streamKey(o.seed ?? 1, 0, vm, vcpu, STREAM_WORKLOAD), idleUntil: 0, dead,
    processAlive: (pid: number) => !dead.has(pid),
  };
}

/** Every access of `total` filled in batches of at most `batchSize`, as the engine would ask. */
export interface Accesses {
  addr: number[];
  flags: number[];
  pid: number[];
  /** Length of each batch. */
  batches: number[];
}

export function fillAccesses(hooks: WorkloadHooks, ctx: WorkloadContext, batchSize: number, total: number, first = 0): Accesses {
  const batch = new AccessBatch(batchSize);
  const out: Accesses = { addr: [], flags: [], pid: [], batches: [] };
  for (let n = first; n < first + total; ) {
    batch.clear();
    hooks.fill(ctx, batch, n, Math.min(batchSize, first + total - n));
    if (batch.length === 0) break;
    for (let i = 0; i < batch.length; i++) {
      out.addr.push(batch.addr[i]!);
      out.flags.push(batch.flags[i]!);
      out.pid.push(batch.pid);
    }
    out.batches.push(batch.length);
    n += batch.length;
  }
  return out;
}

/** One call an injector made on its context. */
export interface Injected {
  atNs: number;
  what: 'poisonHostPa' | 'poisonGuestPa' | 'poisonProcessPage' | 'poisonVmmPage' | 'serror' | 'correctedError' | 'correctedErrors';
  args: number[];
  opts?: PoisonOptions | SErrorOptions;
}

/** Runs `hooks` from time 0 to `durationNs` with a fake context; returns every injection. */
export function runInjector(hooks: InjectorHooks, o: { durationNs: number; hostBytes?: number; vms?: number; vcpusPerVm?: number }): Injected[] {
  const queue: { at: number; seq: number; tag: number }[] = [];
  const log: Injected[] = [];
  let now = 0;
  let seq = 0;
  let draws = 0;
  const key = streamKey(1, 0, -1, -1, STREAM_PLUGIN);
  const rec = (what: Injected['what'], args: number[], opts?: PoisonOptions | SErrorOptions): number => {
    log.push(opts === undefined ? { atNs: now, what, args } : { atNs: now, what, args, opts });
    return log.length - 1;
  };
  const ctx: InjectorContext = {
    host: 0, durationNs: o.durationNs, vms: o.vms ?? 1, vcpusPerVm: o.vcpusPerVm ?? 1, hostBytes: o.hostBytes ?? 64 * 2 ** 20,
    get nowNs() { return now; },
    schedule(atNs, tag) {
      if (!(atNs >= now)) throw new RangeError(`scheduled at ${atNs} before now ${now}`);
      queue.push({ at: atNs, seq: seq++, tag });
    },
    random32: () => draw32(key, draws++),
    poisonHostPa: (hpa, opts) => rec('poisonHostPa', [hpa], opts),
    poisonGuestPa: (vm, gpa, opts) => rec('poisonGuestPa', [vm, gpa], opts),
    poisonProcessPage: (vm, pid, page, offset, opts) => rec('poisonProcessPage', [vm, pid, page, offset], opts),
    poisonVmmPage: (vm, page, offset, opts) => rec('poisonVmmPage', [vm, page, offset], opts),
    serror: (vm, vcpu, opts) => rec('serror', [vm, vcpu], opts),
    correctedError: (hpa) => rec('correctedError', [hpa]),
    correctedErrors: (hpa, count) => rec('correctedErrors', [hpa, count]),
    vmRamBytes: 4 * 2 ** 20,
    guestPaToHostPa: (vm, gpa) => vm * 8 * 2 ** 20 + gpa,
    processPageToHostPa: (vm, pid, page, offset) => vm * 8 * 2 ** 20 + (16 + (pid + 1) * 16 + page) * 4096 + offset,
    vmmPageToHostPa: (vm, page, offset) => vm * 8 * 2 ** 20 + 4 * 2 ** 20 + page * 4096 + offset,
    hostMemoryToHostPa: (region, page, offset) => (region === 'kernel' ? 48 : 56) * 2 ** 20 + page * 4096 + offset,
    programErrorInjection: () => undefined,
  };
  hooks.start?.(ctx);
  for (;;) {
    queue.sort((a, b) => a.at - b.at || a.seq - b.seq);
    const next = queue.shift();
    if (next === undefined || next.at >= o.durationNs) break;
    now = next.at;
    hooks.fire?.(ctx, next.tag);
  }
  return log;
}
