/**
 * A plugin hook threw: the run stops and says which plugin, which hook, where and when. A
 * simulated RAS error is never an exception; an exception is always a bug in a plugin (or the
 * engine), so it is reported, not handled.
 */

/**
 * Where a plugin hook threw: which plugin and hook, on which host, VM and vCPU, at which simulated
 * time.
 */
export interface PluginErrorWhere {
  /** The plugin's name. */
  plugin: string;
  /** Its layer (firmware, hypervisor, vmm, guest, workload, injector, observer). */
  layer: string;
  /** The hook that threw (e.g. onSyncExternalAbort, onSigbus, fill, create). */
  hook: string;
  /** Host index. */
  host: number;
  /** VM index, -1 when the hook ran for no VM. */
  vm: number;
  /** vCPU index within the VM, -1 when none. */
  vcpu: number;
  /** Simulated time of the hook. */
  nowNs: number;
}

/**
 * A plugin hook threw: the run stops and reports which plugin, which hook, where and when. A
 * simulated RAS error is never an exception; an exception is a bug in a plugin (or the engine), so
 * it is reported, not handled.
 */
export class PluginError extends Error {
  /** Always `PluginError`. */
  override readonly name = 'PluginError';
  /**
   * @param where Where the hook threw.
   * @param cause What it threw.
   */
  constructor(readonly where: PluginErrorWhere, override readonly cause: unknown) {
    const what = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    const vcpu = where.vcpu >= 0 ? `, vCPU ${where.vcpu}` : '';
    const vm = where.vm >= 0 ? `, VM ${where.vm}` : '';
    super(`plugin '${where.plugin}' (${where.layer}) failed in hook ${where.hook} on host ${where.host}${vm}${vcpu} at ${where.nowNs} ns: ${what}`);
  }
}

/** Options of a plugin are invalid, or its module cannot be used; raised before any worker starts. */
export class PluginLoadError extends Error {
  /** Always `PluginLoadError`. */
  override readonly name = 'PluginLoadError';
}
