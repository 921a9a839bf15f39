/**
 * `burst` injections: many errors on one host within a short window — a failing DIMM or rank, a
 * row-hammer episode, a thermal event — which is what exposes one-record-at-a-time limits such as
 * QEMU's single unacknowledged guest GHES record (flow.md §8).
 *
 * @module
 */
import { draw01, streamKey, STREAM_INJECT_TARGET, type InjectorContext, type PluginEnv } from '@rasflow/core';
import { deriveKey } from '../workload/schedule.js';
import { numberField, PreparedEvent, randomGranule, randomVm, type InjectionSource } from './events.js';

/** Salt of the placement stream, derived from the time stream. */
const PLACE_SALT = 0x3c6ef372;

/**
 * `count` errors at independent, uniformly random times in [atNs, atNs + spreadNs), each at a
 * uniformly random granule of host memory (or, for an SError event, on a random VM). Only the
 * host named by the entry runs it.
 *
 * The times are generated already sorted, one at a time: with k errors left after time t, the
 * next is the minimum of k uniforms over [t, end), t + (end − t)(1 − U^(1/k)). So one event is
 * pending at a time and nothing proportional to `count` is stored. Times are scheduled at the
 * integer nanosecond they fall in, so all lie in [atNs, atNs + spreadNs) (all at atNs when
 * spreadNs is 0).
 */
export class BurstSource implements InjectionSource {
  private readonly atNs: number;
  private readonly endNs: number;
  private readonly count: number;
  private readonly event: PreparedEvent;
  private readonly timeKey: number;
  private readonly placeKey: number;
  /** Errors scheduled so far, and the (unrounded) time of the last one. */
  private done = 0;
  private t = 0;

  constructor(raw: Readonly<Record<string, unknown>>, entry: number, env: PluginEnv) {
    const path = `injections[${entry}]`;
    this.atNs = numberField(raw, 'atNs', path);
    this.endNs = this.atNs + numberField(raw, 'spreadNs', path, 0);
    this.count = numberField(raw, 'count', path);
    if (!(Number.isInteger(this.count) && this.count >= 1)) throw new RangeError(`${path}.count: found ${this.count}, allowed: a positive integer`);
    this.event = new PreparedEvent(raw['event'], `${path}.event`);
    this.timeKey = streamKey(env.seed, env.host, -1, entry, STREAM_INJECT_TARGET);
    this.placeKey = deriveKey(this.timeKey, PLACE_SALT);
  }

  start(ctx: InjectorContext, tag: number): void {
    this.done = 0;
    this.t = this.atNs;
    this.scheduleNext(ctx, tag);
  }

  fire(ctx: InjectorContext, tag: number): void {
    const m = this.done - 1;
    this.event.injectAt(ctx, randomGranule(this.placeKey, m, ctx.hostBytes), randomVm(this.placeKey, m, ctx.vms));
    if (this.done < this.count) this.scheduleNext(ctx, tag);
  }

  private scheduleNext(ctx: InjectorContext, tag: number): void {
    const left = this.count - this.done;
    const u = 1 - draw01(this.timeKey, this.done); // (0, 1]
    this.t += (this.endNs - this.t) * (1 - u ** (1 / left));
    this.done++;
    // Rounding keeps the time inside the window: floor(t) < end for t < end, and ≥ atNs.
    ctx.schedule(Math.max(this.atNs, Math.min(Math.floor(this.t), Math.max(this.atNs, this.endNs - 1))), tag);
  }

  saveState(): number[] {
    return [this.done, this.t];
  }

  loadState(s: readonly number[]): void {
    this.done = s[0] ?? 0;
    this.t = s[1] ?? this.atNs;
  }
}
