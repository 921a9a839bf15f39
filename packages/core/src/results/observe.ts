/**
 * Telling observer plugins about finished journeys and the end of a run. Runs after a host has
 * finished, from the canonical records, so observers never slow the journey path.
 */
import type { JourneyView, RunSummaryView, StepView } from '../plugin/extension-contexts.js';
import type { ObserverHooks } from '../plugin/plugin-types.js';
import type { ActionName, EventKind, Outcome, StepLayer } from '../plugin/vocabulary.js';
import type { JourneyRecord, StepRecord } from './journey-record.js';

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

/** Calls every observer's onJourneyEnd for each record (the view is reused between calls). */
export function observeJourneys(observers: readonly ObserverHooks[], records: readonly JourneyRecord[]): void {
  if (!observers.some((o) => o.onJourneyEnd !== undefined)) return;
  const view = new JourneyAdapter();
  for (const r of records) {
    view.r = r;
    for (const o of observers) o.onJourneyEnd?.(view);
  }
}

/** Calls every observer's onRunEnd. */
export function observeRunEnd(observers: readonly ObserverHooks[], summary: RunSummaryView): void {
  for (const o of observers) o.onRunEnd?.(summary);
}
