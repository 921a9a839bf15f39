/**
 * A host's journeys and their steps, in growable typed arrays (no object per journey or step).
 *
 * A journey is one injected hardware event and everything it causes (flow.md §7). Steps of
 * different journeys interleave in time (a late kill comes long after the first journey ends), so
 * each step row carries its journey id; results group them at the end.
 */
import { GrowableF64, GrowableI32 } from '../util/growable.js';
import { O_LATENT } from '../plugin/vocabulary.js';

/** Int32 columns of a journey row. */
export const J_EVENT = 0; // EV_*
export const J_VM = 1;
export const J_VCPU = 2;
export const J_OUTCOME = 3; // O_* (severity rank: only ever raised)
export const J_HOST_PAGE = 4; // host page of the event, -1 when none
export const J_GRANULE = 5;
export const J_CONSUMED = 6; // times a context consumed it (or took its exception)
export const J_FLAGS = 7; // event options (JF_*)
export const J_AET = 8; // SError: AET bits / IDS in bit 8 / DFSC in bits 16..; poison: SET bits
export const J_VM_DOWN = 9; // 1 when the journey took its VM down
export const J_EL = 10; // EL of the context that consumed it or took its exception first, -1 none
export const J_COUNT = 11; // errors the journey stands for: 1, or n corrected errors counted in bulk
export const J_I32 = 12;

/** Float64 columns of a journey row. */
export const JT_AT = 0; // injection time
export const JT_REPORTED = 1; // first consumption / report, -1 when never
export const JT_OUTCOME_AT = 2; // when the outcome reached its final rank
export const JT_ADDR = 3; // host physical address of the event, -1 when none
export const J_F64 = 4;

export const JF_AV = 1; // the error record has the address
export const JF_FW_RECORD = 2; // firmware finds a record (not kernel-first)
export const JF_TRANSIENT = 4;

/** Columns of a step row (Float64 so addresses keep 53 bits). */
export const S_JOURNEY = 0;
export const S_LAYER = 1;
export const S_ACTION = 2;
export const S_AT = 3;
export const S_ESR = 4;
export const S_ADDR = 5;
export const S_SIGNAL = 6;
export const S_CODE = 7;
export const S_SOURCE = 8;
export const S_TEXT = 9; // index into texts, -1 none
export const S_COLS = 10;

/** A {@link JourneyLog} as plain data. */
export interface JourneyLogState { ints: Int32Array; times: Float64Array; steps: Float64Array; texts: string[] }

export class JourneyLog {
  readonly ints = new GrowableI32(J_I32 * 64);
  readonly times = new GrowableF64(J_F64 * 64);
  readonly steps = new GrowableF64(S_COLS * 256);
  /** Free-form texts of `note` steps and reasons (rare). */
  readonly texts: string[] = [];

  get count(): number {
    return this.ints.length / J_I32;
  }

  get stepCount(): number {
    return this.steps.length / S_COLS;
  }

  /** Opens a journey; returns its id (per host, in creation order). */
  open(event: number, vm: number, vcpu: number, atNs: number, hostPage: number, granule: number, hpa: number, flags: number, aet: number): number {
    const id = this.count;
    const i = this.ints;
    i.push(event); i.push(vm); i.push(vcpu); i.push(O_LATENT); i.push(hostPage); i.push(granule);
    i.push(0); i.push(flags); i.push(aet); i.push(0); i.push(-1); i.push(1);
    const t = this.times;
    t.push(atNs); t.push(-1); t.push(-1); t.push(hpa);
    return id;
  }

  int(id: number, col: number): number {
    return this.ints.data[id * J_I32 + col]!;
  }

  setInt(id: number, col: number, v: number): void {
    this.ints.data[id * J_I32 + col] = v;
  }

  time(id: number, col: number): number {
    return this.times.data[id * J_F64 + col]!;
  }

  setTime(id: number, col: number, v: number): void {
    this.times.data[id * J_F64 + col] = v;
  }

  /** Raises the journey's outcome to `rank` if that is more severe; remembers when. */
  raise(id: number, rank: number, atNs: number): void {
    const k = id * J_I32 + J_OUTCOME;
    if (rank > this.ints.data[k]!) {
      this.ints.data[k] = rank;
      this.times.data[id * J_F64 + JT_OUTCOME_AT] = atNs;
    }
  }

  /** Marks the first report/consumption time. */
  reported(id: number, atNs: number): void {
    const k = id * J_F64 + JT_REPORTED;
    if (this.times.data[k]! < 0) this.times.data[k] = atNs;
  }

  step(journey: number, layer: number, action: number, atNs: number, esr: number, addr: number, signal: number, code: number, source: number, text = -1): void {
    const s = this.steps;
    s.push(journey); s.push(layer); s.push(action); s.push(atNs); s.push(esr); s.push(addr);
    s.push(signal); s.push(code); s.push(source); s.push(text);
  }

  /** Stores a text and returns its index (for note steps). */
  text(t: string): number {
    this.texts.push(t);
    return this.texts.length - 1;
  }

  /** The log as copies of its used rows (checkpoints, engine/host-snapshot.ts). */
  saveState(): JourneyLogState {
    return {
      ints: this.ints.data.slice(0, this.ints.length), times: this.times.data.slice(0, this.times.length),
      steps: this.steps.data.slice(0, this.steps.length), texts: [...this.texts],
    };
  }

  /** Puts back what {@link saveState} returned, with room to grow. */
  loadState(s: JourneyLogState): void {
    const fill = <A extends Int32Array | Float64Array>(g: { data: A; length: number }, rows: A, make: (n: number) => A): void => {
      g.data = make(Math.max(64, rows.length * 2));
      g.data.set(rows);
      g.length = rows.length;
    };
    fill(this.ints, s.ints, (n) => new Int32Array(n));
    fill(this.times, s.times, (n) => new Float64Array(n));
    fill(this.steps, s.steps, (n) => new Float64Array(n));
    this.texts.length = 0;
    for (const t of s.texts) this.texts.push(t); // not a spread: a long list would exceed the argument limit
  }

  /**
   * Step rows grouped by journey, each group in recording order: an index array into the step
   * table (built once at the end of a run).
   */
  stepsByJourney(): { order: Int32Array; start: Int32Array } {
    const n = this.stepCount;
    const start = new Int32Array(this.count + 1);
    const d = this.steps.data;
    for (let r = 0; r < n; r++) start[d[r * S_COLS + S_JOURNEY]! + 1]!++;
    for (let j = 0; j < this.count; j++) start[j + 1]! += start[j]!;
    const fill = start.slice(0, this.count);
    const order = new Int32Array(n);
    for (let r = 0; r < n; r++) order[fill[d[r * S_COLS + S_JOURNEY]!]!++] = r;
    return { order, start };
  }
}
