/**
 * A plugin hook threw: the run stops and says which plugin, which hook, where and when. A
 * simulated RAS error is never an exception; an exception is always a bug in a plugin (or the
 * engine), so it is reported, not handled.
 */
export interface PluginErrorWhere {
  plugin: string;
  layer: string;
  hook: string;
  host: number;
  vm: number;
  vcpu: number;
  nowNs: number;
}

export class PluginError extends Error {
  override readonly name = 'PluginError';
  constructor(readonly where: PluginErrorWhere, override readonly cause: unknown) {
    const what = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    const vcpu = where.vcpu >= 0 ? `, vCPU ${where.vcpu}` : '';
    const vm = where.vm >= 0 ? `, VM ${where.vm}` : '';
    super(`plugin '${where.plugin}' (${where.layer}) failed in hook ${where.hook} on host ${where.host}${vm}${vcpu} at ${where.nowNs} ns: ${what}`);
  }
}

/** Options of a plugin are invalid, or its module cannot be used; raised before any worker starts. */
export class PluginLoadError extends Error {
  override readonly name = 'PluginLoadError';
}
