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
    const at = pluginFrame(cause);
    super(`plugin '${where.plugin}' (${where.layer}) failed in hook ${where.hook} on host ${where.host}${vm}${vcpu} at ${where.nowNs} ns: ${what}${at === null ? '' : ` (at ${at})`}`);
  }
}

/**
 * The first frame of `cause`'s stack outside rasflow's engine and Node's internals: the line of
 * the plugin that threw, or that made the context call the engine refused. Null when there is
 * none (not an Error, no stack, or only engine frames).
 */
export function pluginFrame(cause: unknown): string | null {
  if (!(cause instanceof Error) || typeof cause.stack !== 'string') return null;
  for (const line of cause.stack.split('\n')) {
    const m = /^\s+at (?:.*\()?(.+?:\d+:\d+)\)?$/.exec(line);
    if (m === null) continue;
    const loc = m[1]!;
    if (loc.startsWith('node:') || ENGINE_FILES.test(loc)) continue;
    return loc;
  }
  return null;
}

/** Files of rasflow's own engine (built or source), whose frames say nothing about the plugin. */
const ENGINE_FILES = /[/\\]packages[/\\]core[/\\](?:dist[/\\])?src[/\\]|[/\\]@rasflow[/\\]core[/\\]/;

/** Options of a plugin are invalid, or its module cannot be used; raised before any worker starts. */
export class PluginLoadError extends Error {
  /** Always `PluginLoadError`. */
  override readonly name = 'PluginLoadError';
}
