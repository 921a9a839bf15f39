/**
 * `rate` injections: errors arriving at random at a constant mean rate per simulated second on
 * every host — DRAM's background error rate (FIT rates scaled up so a short run sees errors).
 *
 * @module
 */
import { drawExponential, streamKey, STREAM_INJECT_RATE, type InjectorContext, type PluginEnv } from '@rasflow/core';
import { deriveKey } from '../workload/schedule.js';
import { numberField, PreparedEvent, randomGranule, randomVm, type InjectionSource } from './events.js';

/** Salt of the placement stream, derived from the arrival-time stream. */
const PLACE_SALT = 0x1b873593;

/**
 * A Poisson process of `perSecond` arrivals per simulated second on this host: exponential gaps
 * (mean 10^9 / perSecond ns), one pending arrival at a time in the host's event queue. Arrival m
 * hits a uniformly random granule of host memory (events.ts randomGranule: guest RAM and VMM-private
 * pages alike) or, for an SError event, vCPU `event.vcpu` of a uniformly random VM.
 *
 * Times and places come from this entry's own counter streams (seed, host, entry), not from
 * ctx.random32(): arrival m of one entry is then the same whatever other entries a scenario has.
 * Arrival times are kept as doubles and scheduled at the integer nanosecond they fall in.
 */
export class RateSource implements InjectionSource {
  private readonly perNs: number;
  private readonly event: PreparedEvent;
  private readonly timeKey: number;
  private readonly placeKey: number;
  /** Arrivals drawn so far, and the time of the pending one. */
  private arrivals = 0;
  private nextAt = 0;

  constructor(raw: Readonly<Record<string, unknown>>, entry: number, env: PluginEnv) {
    const path = `injections[${entry}]`;
    const perSecond = numberField(raw, 'perSecond', path);
    if (!(perSecond > 0)) throw new RangeError(`${path}.perSecond: found ${perSecond}, allowed: above 0`);
    this.perNs = perSecond / 1e9;
    this.event = new PreparedEvent(raw['event'], `${path}.event`);
    // vm -1 and the entry index in the vCPU slot: a host-wide stream of its own for each entry.
    this.timeKey = streamKey(env.seed, env.host, -1, entry, STREAM_INJECT_RATE);
    this.placeKey = deriveKey(this.timeKey, PLACE_SALT);
  }

  start(ctx: InjectorContext, tag: number): void {
    this.arrivals = 0;
    this.nextAt = 0;
    this.scheduleNext(ctx, tag);
  }

  fire(ctx: InjectorContext, tag: number): void {
    const m = this.arrivals - 1; // the arrival that is due now
    this.event.injectAt(ctx, randomGranule(this.placeKey, m, ctx.hostBytes), randomVm(this.placeKey, m, ctx.vms));
    this.scheduleNext(ctx, tag);
  }

  /** Draws the next gap; schedules the arrival unless it falls after the end of the run. */
  private scheduleNext(ctx: InjectorContext, tag: number): void {
    this.nextAt += drawExponential(this.timeKey, this.arrivals, this.perNs);
    this.arrivals++;
    if (this.nextAt < ctx.durationNs) ctx.schedule(Math.floor(this.nextAt), tag);
  }

  saveState(): number[] {
    return [this.arrivals, this.nextAt];
  }

  loadState(s: readonly number[]): void {
    this.arrivals = s[0] ?? 0;
    this.nextAt = s[1] ?? 0;
  }
}
