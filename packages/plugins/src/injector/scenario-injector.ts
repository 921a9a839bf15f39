/**
 * The default injector plugin: runs every entry of the scenario's `injections` list (rate,
 * per-access, burst, targeted). The engine adds it when the list is not empty.
 *
 * @module
 */
import { defineInjectorPlugin, type InjectorContext, type InjectorHooks, type PluginEnv, type PoisonOptions } from '@rasflow/core';
import { BurstSource } from './burst.js';
import type { InjectionSource } from './events.js';
import { PerAccessPlan } from './per-access.js';
import { RateSource } from './rate.js';
import { TargetedSource } from './targeted.js';

/** The injection kinds this plugin implements (the schema's `injections[].kind`). */
export const INJECTION_KINDS = ['rate', 'per-access', 'burst', 'targeted'] as const;

/**
 * One host's injector for a whole `injections` list. Every scheduled entry (rate, burst,
 * targeted) keeps at most one event in the host's queue, tagged with the entry's position in
 * `sources`; per-access entries are combined into the engine-driven probability (per-access.ts).
 * Burst and targeted entries only run on the host they name.
 */
export class ScenarioInjector implements InjectorHooks {
  readonly perAccessProbability?: number;
  private readonly sources: InjectionSource[] = [];
  private readonly perAccess: PerAccessPlan;

  constructor(injections: readonly Readonly<Record<string, unknown>>[], env: PluginEnv) {
    const perAccess: { raw: Readonly<Record<string, unknown>>; entry: number }[] = [];
    injections.forEach((raw, entry) => {
      const kind = raw['kind'];
      const onThisHost = (typeof raw['host'] === 'number' ? raw['host'] : 0) === env.host;
      switch (kind) {
        case 'rate': this.sources.push(new RateSource(raw, entry, env)); break;
        case 'per-access': perAccess.push({ raw, entry }); break;
        // Built on every host (so a bad entry fails the same way everywhere), run on one.
        case 'burst': { const s = new BurstSource(raw, entry, env); if (onThisHost) this.sources.push(s); break; }
        case 'targeted': { const s = new TargetedSource(raw, entry); if (onThisHost) this.sources.push(s); break; }
        default: throw new RangeError(`injections[${entry}].kind: found ${JSON.stringify(kind)}, allowed: ${INJECTION_KINDS.join(', ')}`);
      }
    });
    this.perAccess = new PerAccessPlan(perAccess, env);
    if (this.perAccess.probability > 0) this.perAccessProbability = this.perAccess.probability;
  }

  /**
   * Poison options of the per-access injection the engine is making now (read by
   * engine-host.ts perAccessEvent(), once per injection).
   */
  get perAccessEvent(): Readonly<Required<PoisonOptions>> {
    return this.perAccess.nextEvent();
  }

  start(ctx: InjectorContext): void {
    for (let tag = 0; tag < this.sources.length; tag++) this.sources[tag]!.start(ctx, tag);
  }

  fire(ctx: InjectorContext, tag: number): void {
    const s = this.sources[tag];
    if (s === undefined) throw new RangeError(`fire: no injection source for tag ${tag}`);
    s.fire(ctx, tag);
  }

  saveState(): unknown {
    return { sources: this.sources.map((s) => s.saveState()), perAccessDraws: this.perAccess.drawn };
  }

  loadState(state: unknown): void {
    const st = state as { sources?: number[][]; perAccessDraws?: number };
    (st.sources ?? []).forEach((s, k) => this.sources[k]?.loadState(s));
    this.perAccess.drawn = st.perAccessDraws ?? 0;
  }
}

/**
 * `scenario-injector`: the hardware errors of the scenario's `injections` list — background
 * errors at a rate, poison at the access about to read it, bursts, and single targeted errors.
 * It takes no options; everything comes from the scenario.
 */
export const scenarioInjector = defineInjectorPlugin({
  name: 'scenario-injector',
  description: "Runs the scenario's injections: rate, per-access, burst and targeted errors.",
  create(_options, env: PluginEnv): InjectorHooks {
    return new ScenarioInjector(env.injections, env);
  },
});

export default scenarioInjector;
