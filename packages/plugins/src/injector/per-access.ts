/**
 * `per-access` injections: before a load or fetch, with probability p, the granule it is about
 * to read is poisoned — so the error is consumed at once, which makes consumption (rather than
 * latency to discovery) the thing a run measures. The engine draws where these land (geometric
 * gaps per vCPU, engine-host.ts prepareInjections / injectBeforeFirst); this module only says how
 * often and with which poison options.
 *
 * @module
 */
import { draw32, streamKey, STREAM_INJECT_PER_ACCESS, type PluginEnv, type PoisonOptions } from '@rasflow/core';
import { numberField, PreparedEvent } from './events.js';

/** One per-access entry of the scenario. */
interface Entry {
  p: number;
  event: PreparedEvent;
}

/**
 * All per-access entries of a scenario as one engine-driven source. An injector has a single
 * `perAccessProbability`, and the scenario injector is one injector, so n entries are combined:
 * an access is poisoned when any entry fires, probability 1 − (1 − p1)(1 − p2)…(1 − pn).
 *
 * The poison options of a combined injection: when every entry has the same event they are that
 * event's. Otherwise each injection takes entry i's options with probability pi / Σp (which
 * entry fired, given that one did, to first order), chosen by a counter-based draw per injection
 * — the engine reads `perAccessEvent` once per poisoned access (engine-host.ts injectBeforeFirst),
 * in an order that does not depend on the batch size.
 */
export class PerAccessPlan {
  /** Combined probability per access; 0 when the scenario has no per-access entry. */
  readonly probability: number;
  private readonly entries: Entry[] = [];
  private readonly uniform: boolean;
  private readonly total: number;
  private readonly key: number;
  private draws = 0;

  constructor(raws: readonly { raw: Readonly<Record<string, unknown>>; entry: number }[], env: PluginEnv) {
    let logKeep = 0; // log of the probability that no entry fires
    for (const { raw, entry } of raws) {
      const path = `injections[${entry}]`;
      const p = numberField(raw, 'probability', path);
      if (!(p > 0 && p <= 1)) throw new RangeError(`${path}.probability: found ${p}, allowed: above 0, at most 1`);
      const event = new PreparedEvent(raw['event'], `${path}.event`);
      if (event.type !== 'poison') throw new RangeError(`${path}.event.type: found "${event.type}", allowed: "poison"`);
      this.entries.push({ p, event });
      logKeep += Math.log1p(-p);
    }
    // One entry keeps its probability exactly; log1p/expm1 keep small probabilities precise.
    this.probability = this.entries.length === 1 ? this.entries[0]!.p : -Math.expm1(logKeep);
    this.total = this.entries.reduce((s, e) => s + e.p, 0);
    this.uniform = this.entries.every((e) => e.event.samePoison(this.entries[0]!.event));
    // A host-wide stream (vm −1, vCPU −1) of its own: the engine's per-access streams are per vCPU.
    this.key = streamKey(env.seed, env.host, -1, -1, STREAM_INJECT_PER_ACCESS);
  }

  /** The poison options of the next per-access injection. */
  nextEvent(): Readonly<Required<PoisonOptions>> {
    const first = this.entries[0];
    if (first === undefined) return { av: true, set: 'UER', firmwareRecord: true, transient: false };
    if (this.uniform) return first.event.poison;
    let x = (draw32(this.key, this.draws++) / 0x1_0000_0000) * this.total;
    for (const e of this.entries) {
      if (x < e.p) return e.event.poison;
      x -= e.p;
    }
    return this.entries[this.entries.length - 1]!.event.poison;
  }

  /** Injections that have drawn their options so far (for checkpoints). */
  get drawn(): number {
    return this.draws;
  }

  /** Restores the count of injections that have drawn their options (from a checkpoint). */
  set drawn(n: number) {
    this.draws = n;
  }
}
