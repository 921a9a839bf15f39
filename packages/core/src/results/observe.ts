/**
 * Telling observer plugins about finished journeys and the end of a run. Runs after a host has
 * finished, from the canonical records, so observers never slow the journey path.
 */
import type { JourneyView, RunSummaryView, StepView } from '../plugin/extension-contexts.js';
import type { ObserverHooks } from '../plugin/plugin-types.js';
import type { ActionName, EventKind, Outcome, StepLayer } from '../plugin/vocabulary.js';
import type { JourneyRecord, StepRecord } from './journey-record.js';
import type { Flow } from '../engine/flow.js';
import { L_HARDWARE } from '../plugin/vocabulary.js';

class StepAdapter implements StepView {
  s!: StepRecord;
  get layer(): StepLayer { return this.s.layer as StepLayer; }
  get action(): ActionName { return this.s.action as ActionName; }
  get atNs(): number { return this.s.atNs; }
  get esr(): number { return this.s.esr === undefined ? -1 : parseInt(this.s.esr, 16); }
  get address(): number { return this.s.far === undefined ? -1 : parseInt(this.s.far, 16); }
  get signal(): number { return this.s.signal ?? -1; }
  get code(): number { return this.s.code ?? -1; }
  get source(): number { return this.s.source ?? -1; }
}

class JourneyAdapter implements JourneyView {
  r!: JourneyRecord;
  private readonly stepView = new StepAdapter();
  get id(): number { return this.r.seq; }
  get host(): number { return this.r.host; }
  get vm(): number { return this.r.vm; }
  get vcpu(): number { return this.r.vcpu; }
  get event(): EventKind { return this.r.event as EventKind; }
  get atNs(): number { return this.r.atNs; }
  get outcome(): Outcome { return this.r.outcome as Outcome; }
  get latencyNs(): number { return this.r.latencyNs ?? -1; }
  get stepCount(): number { return this.r.steps.length; }
  step(i: number): StepView {
    const s = this.r.steps[i];
    if (s === undefined) throw new RangeError(`step ${i} does not exist (the journey has ${this.r.steps.length})`);
    this.stepView.s = s;
    return this.stepView;
  }
}

/**
 * Where observer hooks run: the host's flow, so that the watchdog sees a hook that never returns
 * and a throw names the plugin and hook like any other hook's. `first` is the plugin index of
 * observer 0 (after the injectors, engine/plugin-set.ts pluginOrder).
 */
export interface ObserverSite {
  flow: Flow;
  first: number;
}

function call(site: ObserverSite | undefined, k: number, hook: 'onJourneyEnd' | 'onRunEnd', vm: number, run: () => void): void {
  if (site === undefined) return run();
  const f = site.flow;
  const saved = f.enter(site.first + k, L_HARDWARE, hook);
  f.vm = vm;
  f.vi = -1;
  try {
    run();
  } catch (err) {
    throw f.hookError(err);
  } finally {
    f.leave(saved);
  }
}

/** Calls every observer's onJourneyEnd for each record (the view is reused between calls). */
export function observeJourneys(observers: readonly ObserverHooks[], records: readonly JourneyRecord[], site?: ObserverSite): void {
  if (!observers.some((o) => o.onJourneyEnd !== undefined)) return;
  const view = new JourneyAdapter();
  for (const r of records) {
    view.r = r;
    for (let k = 0; k < observers.length; k++) {
      const o = observers[k]!;
      if (o.onJourneyEnd !== undefined) call(site, k, 'onJourneyEnd', r.vm, () => o.onJourneyEnd!(view));
    }
  }
}

/** Calls every observer's onRunEnd. */
export function observeRunEnd(observers: readonly ObserverHooks[], summary: RunSummaryView, site?: ObserverSite): void {
  for (let k = 0; k < observers.length; k++) {
    const o = observers[k]!;
    if (o.onRunEnd !== undefined) call(site, k, 'onRunEnd', -1, () => o.onRunEnd!(summary));
  }
}
