/**
 * The default plugin set of each profile (flow.md §3 and §4). A scenario may replace any layer;
 * the specifiers resolve from the scenario's directory first, then from the rasflow workspace.
 */

/**
 * A default plugin set: `seed` (the 2017 arm64 KVM RAS cover letter's design) or `upstream` (what
 * Linux and QEMU ship today).
 */
export type Profile = 'seed' | 'upstream';

/** The module specifier of each RAS layer's default plugin in a profile. */
export interface ProfilePlugins {
  /** EL3 firmware. */
  firmware: string;
  /** KVM and the host kernel (EL2). */
  hypervisor: string;
  /** The VMM (host EL0). */
  vmm: string;
  /** The guest kernel (EL1). */
  guest: string;
}

/** Each profile's default plugins: `@rasflow/plugins/seed/*` and `@rasflow/plugins/upstream/*`. */
export const PROFILE_PLUGINS: Readonly<Record<Profile, ProfilePlugins>> = {
  seed: {
    firmware: '@rasflow/plugins/seed/firmware',
    hypervisor: '@rasflow/plugins/seed/hypervisor',
    vmm: '@rasflow/plugins/seed/vmm',
    guest: '@rasflow/plugins/seed/guest',
  },
  upstream: {
    firmware: '@rasflow/plugins/upstream/firmware',
    hypervisor: '@rasflow/plugins/upstream/hypervisor',
    vmm: '@rasflow/plugins/upstream/vmm',
    guest: '@rasflow/plugins/upstream/guest',
  },
};

/** The workload that runs the scenario's `workload` section. */
export const DEFAULT_WORKLOAD = '@rasflow/plugins/workload/scenario-workload';
/** The injector that runs the scenario's `injections` list (added when the list is not empty). */
export const DEFAULT_INJECTOR = '@rasflow/plugins/injector/scenario-injector';
