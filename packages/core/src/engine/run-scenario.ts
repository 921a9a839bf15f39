/**
 * Running a scenario in one thread: assemble the plugin set, build and run every host, and
 * collect counts, per-VM figures, journeys and digests. (Worker threads place the same hosts on
 * several threads; this is the reference they must agree with.)
 */
import { checkRequires, importPlugin, importValidatedPlugin, validatePluginOptions, type ImportedPlugin } from '../plugin/load-plugins.js';
import type { Scenario } from '../scenario/scenario-types.js';
import type { Layer, PluginEnv } from '../plugin/plugin-types.js';
import { COUNT_KEYS } from './counts.js';
import { Engine } from './engine-host.js';
import { P_INJECTOR } from './flow.js';
import { HostSim, type HostShared } from './host.js';
import { BufferPool } from '../memory/buffer-pool.js';
import type { LoadedPlugin, PluginRefs, PluginSet } from './plugin-set.js';
import { PluginLoadError } from '../plugin/plugin-error.js';
import { DEFAULT_INJECTOR, DEFAULT_WORKLOAD, PROFILE_PLUGINS } from './profiles.js';
import { collectHost, type HostResult } from '../results/collect-host.js';

/** Options of {@link runHosts}. */
export interface RunOptions {
  /** Directory relative plugin paths resolve against (the scenario file's). */
  baseDir: string;
  /** Called at each slice end of each host with the host's simulated time; return false to stop. */
  onSlice?: (host: number, endNs: number) => boolean;
  /** Keep the canonical journey records in the result (for journeys.jsonl). */
  keepJourneys?: boolean;
  /** Hosts to run (default all): a shard. */
  hosts?: readonly number[];
  /** The run's output directory, for plugins ({@link PluginEnv.outDir}); default none. */
  outDir?: string;
}

/** What {@link runHosts} returns: each host's result and the run's counters. */
export interface RunOutput {
  /** Every host reached `durationNs` (false: `onSlice` stopped the run). */
  complete: boolean;
  /** Each host's result (counts, per-VM figures, digest, journeys), in host order. */
  hosts: HostResult[];
  /** The run's counters, summed over hosts, indexed by {@link COUNT_KEYS}. */
  counts: Float64Array;
  /** Wall-clock seconds the run took. */
  wallSeconds: number;
}

/** Loads the plugins of a scenario: the profile's defaults, replaced layer by layer. */
export async function loadPluginSet(s: Scenario, baseDir: string): Promise<PluginSet> {
  return validatePluginSet(await importPluginModules(s, baseDir));
}

/** The scenario's plugin modules, imported and checked, their options not yet validated. */
export interface ImportedPluginSet {
  /** The EL3 firmware plugin (the profile's, or the scenario's `plugins.firmware`). */
  firmware: ImportedPlugin<'firmware'>;
  /** The hypervisor plugin: KVM and the host kernel's APEI and memory_failure(). */
  hypervisor: ImportedPlugin<'hypervisor'>;
  /** The VMM plugin (QEMU's role). */
  vmm: ImportedPlugin<'vmm'>;
  /** The guest kernel plugin. */
  guest: ImportedPlugin<'guest'>;
  /** The workload plugin (the scenario's `workload` section by default). */
  workload: ImportedPlugin<'workload'>;
  /** The injectors: the scenario's `injections` first, then `plugins.injectors`. */
  injectors: ImportedPlugin<'injector'>[];
  /** The observers of `plugins.observers`. */
  observers: ImportedPlugin<'observer'>[];
}

/**
 * Imports the scenario's plugin modules (the profile's defaults, replaced layer by layer): a
 * module that cannot be loaded fails here (loadPluginSet's first half).
 */
export async function importPluginModules(s: Scenario, baseDir: string): Promise<ImportedPluginSet> {
  const prof = PROFILE_PLUGINS[s.profile];
  const p = s.plugins;
  const ref = (layer: 'firmware' | 'hypervisor' | 'vmm' | 'guest') => ({
    module: p[layer]?.module ?? prof[layer],
    options: p[layer]?.options ?? {},
  });
  const [firmware, hypervisor, vmm, guest] = await Promise.all([
    importPlugin(ref('firmware').module, 'firmware', ref('firmware').options, baseDir, 'plugins.firmware'),
    importPlugin(ref('hypervisor').module, 'hypervisor', ref('hypervisor').options, baseDir, 'plugins.hypervisor'),
    importPlugin(ref('vmm').module, 'vmm', ref('vmm').options, baseDir, 'plugins.vmm'),
    importPlugin(ref('guest').module, 'guest', ref('guest').options, baseDir, 'plugins.guest'),
  ]);
  const wl = p.workload ?? { module: DEFAULT_WORKLOAD, options: {} };
  const workload = await importPlugin(wl.module, 'workload', wl.options, baseDir, 'plugins.workload');
  const injectors: ImportedPlugin<'injector'>[] = [];
  if (s.injections.length > 0) injectors.push(await importPlugin(DEFAULT_INJECTOR, 'injector', {}, baseDir, 'injections'));
  for (const [k, r] of p.injectors.entries()) injectors.push(await importPlugin(r.module, 'injector', r.options, baseDir, `plugins.injectors[${k}]`));
  const observers: ImportedPlugin<'observer'>[] = [];
  for (const [k, r] of p.observers.entries()) observers.push(await importPlugin(r.module, 'observer', r.options, baseDir, `plugins.observers[${k}]`));
  return { firmware, hypervisor, vmm, guest, workload, injectors, observers };
}

/** Validates every imported plugin's options and the set's `requires` (loadPluginSet's second half). */
export function validatePluginSet(m: ImportedPluginSet): PluginSet {
  // Every plugin's options are checked before any is refused: one message lists them all.
  const problems: string[] = [];
  const check = <L extends Layer>(p: ImportedPlugin<L>): LoadedPlugin<L> => {
    try {
      return validatePluginOptions(p);
    } catch (err) {
      if (!(err instanceof PluginLoadError)) throw err;
      problems.push(err.message);
      return null as unknown as LoadedPlugin<L>; // never used: the set is refused below
    }
  };
  const set: PluginSet = {
    firmware: check(m.firmware), hypervisor: check(m.hypervisor), vmm: check(m.vmm), guest: check(m.guest), workload: check(m.workload),
    injectors: m.injectors.map(check), observers: m.observers.map(check),
  };
  if (problems.length > 0) throw new PluginLoadError(problems.join('\n'));
  checkRequires(set);
  return set;
}

/** A set the main thread loaded (pluginRefs), imported again in a worker without validating the options again. */
export async function importPluginSet(refs: PluginRefs): Promise<PluginSet> {
  const [firmware, hypervisor, vmm, guest, workload] = await Promise.all([
    importValidatedPlugin(refs.firmware, 'firmware', 'plugins.firmware'),
    importValidatedPlugin(refs.hypervisor, 'hypervisor', 'plugins.hypervisor'),
    importValidatedPlugin(refs.vmm, 'vmm', 'plugins.vmm'),
    importValidatedPlugin(refs.guest, 'guest', 'plugins.guest'),
    importValidatedPlugin(refs.workload, 'workload', 'plugins.workload'),
  ]);
  const injectors = await Promise.all(refs.injectors.map((r, k) => importValidatedPlugin(r, 'injector', `plugins.injectors[${k}]`)));
  const observers = await Promise.all(refs.observers.map((r, k) => importValidatedPlugin(r, 'observer', `plugins.observers[${k}]`)));
  return { firmware, hypervisor, vmm, guest, workload, injectors, observers };
}

/**
 * One host being run: the simulation state, the engine, and the host's result once it stops.
 * `rasflow run`'s workers step it slice by slice so they can answer queries between slices;
 * {@link runHosts} steps it to the end.
 */
export class HostRun {
  /** The host's simulation state. */
  readonly sim: HostSim;
  /** The engine that runs it. */
  readonly engine: Engine;

  /**
   * Host `index` of the scenario. With `share` (--parallel) this is worker `share.worker`'s part of
   * a host that `share.workers` workers run together: over the buffers of `share.attach` (the part
   * that built the host passes none), running every share.workers-th vCPU.
   *
   * @param scenario The validated scenario.
   * @param index The host's index in the scenario.
   * @param outDir The run's output directory ({@link PluginEnv.outDir}).
   * @param watch The worker's watchdog words, which the plugins' create() calls already set.
   */
  constructor(readonly scenario: Scenario, plugins: PluginSet, readonly index: number, share?: { worker: number; workers: number; attach?: HostShared }, pool?: BufferPool, outDir: string | null = null, watch: Int32Array | null = null) {
    this.sim = new HostSim(scenario, index, plugins, share?.attach, pool?.take, outDir, watch);
    this.engine = new Engine(this.sim, share === undefined ? undefined : { worker: share.worker, workers: share.workers });
  }

  /** True once the host reached durationNs. */
  get finished(): boolean {
    return this.engine.reachedNs >= this.scenario.durationNs;
  }

  /** Simulated time reached: the end of the last complete slice. */
  get reachedNs(): number {
    return this.engine.reachedNs;
  }

  /** Runs (or resumes) the current slice: true when it ended (see Engine.runSlice). */
  step(shouldYield?: () => boolean): boolean {
    return this.engine.runSlice(this.scenario.durationNs, shouldYield);
  }

  /** The host's result (its journeys observed, counted and digested); call once. */
  result(keepJourneys: boolean): HostResult {
    // Observers run in the engine's flow: watched, and named when they throw.
    return collectHost(this.sim, this.finished, keepJourneys, { flow: this.engine.flow, first: P_INJECTOR + this.sim.plugins.injectors.length });
  }
}

/** Runs the scenario's hosts one after the other in this thread. */
export function runHosts(s: Scenario, plugins: PluginSet, opts: RunOptions): RunOutput {
  const t0 = process.hrtime.bigint();
  const indices = opts.hosts ?? Array.from({ length: s.hosts.count }, (_v, i) => i);
  const hosts: HostResult[] = [];
  const counts = new Float64Array(COUNT_KEYS.length);
  let complete = true;
  const pool = new BufferPool();
  for (const index of indices) {
    const run = new HostRun(s, plugins, index, undefined, pool, opts.outDir ?? null);
    const onSlice = opts.onSlice;
    const done = run.engine.run(s.durationNs, onSlice === undefined ? undefined : (t) => onSlice(index, t));
    const r = run.result(opts.keepJourneys === true);
    pool.give(run.sim.shared);
    hosts.push(r);
    for (let k = 0; k < counts.length; k++) counts[k]! += r.counts[k]!;
    if (!done) {
      complete = false;
      break;
    }
  }
  return { complete, hosts, counts, wallSeconds: Number(process.hrtime.bigint() - t0) / 1e9 };
}
