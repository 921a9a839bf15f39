/**
 * A VMM policy: terminate a VM once it has lost N distinct guest pages to memory errors, and
 * restart it on fresh memory.
 *
 * Every error a VM survives costs it a page for good: the guest offlines it, and the host keeps
 * the host page hwpoisoned. A VM that keeps losing pages probably sits on failing DRAM, and an
 * operator would rather restart it elsewhere, on fresh memory, than let it limp on. Only the VMM
 * hears of every such page: SIGBUS BUS_MCEERR_AR/AO name it (si_addr), and KVM_EXIT_ARM_SEA
 * (KVM_CAP_ARM_SEA_TO_USER) hands the VMM the SEAs the host's APEI did not claim, with their guest
 * PA when known; that exit exists so that the VMM can apply a policy of its own instead of KVM
 * injecting a virtual SError that kills the guest.
 *
 * Below the limit, every hook is delegated to the profile's default VMM (seed or upstream, so
 * `--profile` still switches it). The per-VM page sets survive a checkpoint (saveState/loadState).
 *
 * The restart is `restartVm()`: the VMM exits and its supervisor starts the VM again after
 * `restartAfterNs`, on fresh host pages for the hwpoisoned ones; `onVmBoot` then starts the VM's
 * count again, since the pages it counted are gone.
 */
import { BUS_MCEERR_AO, BUS_MCEERR_AR, defineVmmPlugin, type PluginEnv, type VmmContext, type VmmHooks } from '@rasflow/core';
import { seedVmm, upstreamVmm, type VmmOptions } from '@rasflow/plugins';

export interface PageLimitOptions {
  /** Distinct poisoned guest pages at which the VMM stops the VM. */
  maxPages: number;
  /** Time until the VM is started again after it was stopped; null: it stays down. */
  restartAfterNs: number | null;
  /** Options of the profile's default VMM, which handles every error below the limit. */
  vmm: Partial<VmmOptions>;
}

/**
 * The delegate's option properties (the seed and upstream VMMs take the same ones) without their
 * defaults, which differ by profile: delegate() fills them in once the profile is known.
 */
function delegateProperties(): Record<string, unknown> {
  const props = (seedVmm.optionsSchema?.['properties'] ?? {}) as Record<string, Record<string, unknown>>;
  return Object.fromEntries(Object.entries(props).map(([k, { default: _d, ...rest }]) => [k, rest]));
}

/**
 * The profile's default VMM with `options` over its schema defaults. The engine fills defaults
 * only for the plugin a scenario names, so a plugin that creates another must fill them itself.
 */
function delegate(env: PluginEnv, options: Partial<VmmOptions>): VmmHooks {
  const def = env.profile === 'upstream' ? upstreamVmm : seedVmm;
  const props = (def.optionsSchema?.['properties'] ?? {}) as Record<string, { default?: unknown }>;
  const defaults = Object.fromEntries(Object.entries(props).map(([k, p]) => [k, p.default]));
  return def.create({ ...defaults, ...options } as VmmOptions, env);
}

export default defineVmmPlugin<PageLimitOptions>({
  name: 'example-page-limit-vmm',
  description: 'Stops a VM once it has lost maxPages distinct guest pages to memory errors; below that, the profile\'s VMM.',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['maxPages'],
    properties: {
      maxPages: { type: 'integer', minimum: 1, description: 'Distinct poisoned guest pages at which the VMM stops the VM.' },
      restartAfterNs: { anyOf: [{ type: 'integer', minimum: 0 }, { type: 'null' }], default: null, description: 'Time until the stopped VM is started again on fresh memory; null: it stays down.' },
      vmm: { type: 'object', additionalProperties: false, properties: delegateProperties(), default: {}, description: "Options of the profile's default VMM." },
    },
  },

  create(o, env) {
    const inner = delegate(env, o.vmm);
    // A page is counted once however often it is reported: AO then AR for the same page (the
    // host's memory_failure() and the guest's later touch), or a re-fault at stage 2. The unit is
    // what the host takes out of the VM: a host page, or a guest page when those are larger.
    const unit = Math.max(env.hostPageSize, env.guestPageSize);
    /** Poisoned units per VM (VM index → unit numbers, in the order they were first reported). */
    const pages = new Map<number, Set<number>>();

    /** Counts the page holding guest PA `gpa`; true when the VM has now reached the limit and was stopped. */
    function reachedLimit(v: VmmContext, gpa: number): boolean {
      if (gpa < 0) return false; // not guest RAM, or an exit without a known address: nothing to count
      let seen = pages.get(v.vm);
      if (seen === undefined) pages.set(v.vm, (seen = new Set()));
      seen.add(Math.floor(gpa / unit));
      if (seen.size < o.maxPages) return false;
      // QEMU exits here; a supervisor (libvirt, an orchestrator) starts the VM again on fresh memory.
      const why = `${seen.size} distinct guest pages lost to memory errors (limit ${o.maxPages}): the VMM stops the VM`;
      if (o.restartAfterNs === null) v.terminateVm(why);
      else v.restartVm(`${why} and its supervisor starts it again`, o.restartAfterNs);
      return true;
    }

    return {
      // The guest's HEST is the delegate's: the same GHES sources, so its records still fit.
      ...(inner.guestSources === undefined ? {} : { guestSources: inner.guestSources }),

      onSigbus(v, sig) {
        const mce = sig.code === BUS_MCEERR_AR || sig.code === BUS_MCEERR_AO;
        if (mce && sig.hostVa >= 0 && reachedLimit(v, v.hostVaToGuestPa(sig.hostVa))) return;
        inner.onSigbus(v, sig);
      },

      onSeaExit(v, esr, guestVa, guestPa) {
        if (reachedLimit(v, guestPa)) return;
        inner.onSeaExit?.(v, esr, guestVa, guestPa); // both bundled VMMs have it
      },

      // A VM that booted again (restarted, or after a guest panic or a host reboot) runs on fresh
      // host pages: the ones counted are gone.
      onVmBoot(vm, atNs) {
        pages.delete(vm);
        inner.onVmBoot?.(vm, atNs);
      },

      // Without these, a run resumed from a checkpoint would start every VM's count from zero.
      saveState: () => ({
        pages: [...pages].map(([vm, seen]) => [vm, [...seen]]),
        inner: inner.saveState?.(),
      }),
      loadState(state) {
        const s = state as { pages: [number, number[]][]; inner?: unknown };
        pages.clear();
        for (const [vm, seen] of s.pages) pages.set(vm, new Set(seen));
        if (s.inner !== undefined) inner.loadState?.(s.inner);
      },
    };
  },
});
