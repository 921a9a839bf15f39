/**
 * Journeys as a Chrome Trace Event file: the JSON that Perfetto UI and chrome://tracing open.
 *
 * One process per host (pid = host + 1). Its thread tracks, top to bottom: one per layer that
 * handled something (hardware, EL3 firmware, EL2 KVM + host kernel, VMM, guest kernel, injector),
 * then one per vCPU that met an error (the guest's view: one slice per journey, named by outcome).
 * Each run of consecutive steps by one layer becomes one 'X' slice with the steps in its args, and
 * flow events ('s' → 't' → 'f', one id per journey) draw the arrow from layer to layer. Counters
 * per host: errors injected and journeys by outcome, per simulated millisecond.
 *
 * Times: `ts`/`dur` are µs (the format's unit) computed from integer simulated ns, so ns / 1000 is
 * exact to the ns in any reader that rounds back (Perfetto does). Same input → same JSON.
 */
import type { JourneyRecord, StepRecord } from '../results/journey-record.js';
import { EVENTS, OUTCOMES } from '../plugin/vocabulary.js';

// Re-exported so that one line in index.ts exports the whole trace API.
export { validateTrace } from './trace-validate.js';

/**
 * Trace Event phase: X complete slice, B/E begin/end, M metadata, C counter, s/t/f flow start,
 * step and end (the arrows between layers), i instant.
 */
export type TracePhase = 'X' | 'B' | 'E' | 'M' | 'C' | 's' | 't' | 'f' | 'i';

/** One event. `ts`/`dur` in µs (`ts` absent only on metadata 'M'); `id` and `bp` on flow events. */
export interface TraceEvent {
  /** Slice name: the layer's action(s), a vCPU's journey outcome, a counter or metadata name. */
  name: string;
  /** Category: the layer on a layer slice, `guest-view` on a vCPU slice. */
  cat?: string;
  /** Phase. */
  ph: TracePhase;
  /** Start, in µs of simulated time. */
  ts?: number;
  /** Duration of an 'X' slice, in µs. */
  dur?: number;
  /** Process: host index + 1. */
  pid: number;
  /** Thread: a layer track, a vCPU track or the host's counter track (unique across the file). */
  tid?: number;
  /** Flow id (one per journey) on 's', 't' and 'f' events. */
  id?: number;
  /** Binding point 'e' on flow events: bind to the enclosing slice. */
  bp?: 'e';
  /** Details: the steps of a slice (ESR, address, signal), counter values, metadata. */
  args?: Record<string, unknown>;
}
/** Options of {@link buildTrace}. */
export interface TraceOptions {
  /** At most this many journeys in the file (default 5,000, about 20 MB of JSON); see {@link sampleJourneys}. */
  maxJourneys?: number;
  /** Scenario name, recorded in otherData. */
  scenarioName?: string;
  /** vCPUs per VM: turns a journey's (VM, vCPU) into its host vCPU track. */
  vcpusPerVm: number;
}
/** A Chrome Trace Event file (JSON object format), as Perfetto UI and chrome://tracing open it. */
export interface TraceFile {
  /** Metadata events first (process and thread names and order), then slices, flows and counters. */
  traceEvents: TraceEvent[];
  /** Readers show times in ns. */
  displayTimeUnit: 'ns';
  /** The generator, the scenario, journeys in all and in the trace, how they were sampled, the narrowest slice. */
  otherData: Record<string, unknown>;
}

/** Journeys a trace holds by default ({@link TraceOptions.maxJourneys}): about 20 MB of JSON. */
export const DEFAULT_MAX_JOURNEYS = 5_000;
/**
 * Narrowest slice, in ns. Many handovers take 0 simulated ns (the VMM injects the SEA and the
 * guest takes it at the same instant); a zero-width slice would be invisible and could not hold
 * its flow arrow. 1 µs is visible at the zoom of one journey (tens to hundreds of µs).
 */
export const MIN_SLICE_NS = 1_000;

/** Layer tracks in flow order (thread_sort_index); layers not listed follow, by name. */
const LAYER_ORDER = ['hardware', 'firmware', 'hypervisor', 'vmm', 'guest', 'injector'];
const LAYER_TITLE: Record<string, string> = { firmware: 'EL3 firmware', hypervisor: 'EL2 KVM + host kernel', vmm: 'VMM', guest: 'guest kernel' };
/**
 * Layers whose steps are instants (an access consumes poison, the injector plants it). Handler
 * layers are different: the engine stamps a handler's step when its latency has elapsed
 * (firmware's record-cper comes 8 µs after the consume), so a handler's slice runs from the
 * handover (the previous run's last step) to its own last step; the time it spent is its own.
 */
const INSTANT_LAYERS = new Set(['hardware', 'injector']);
const ON_VCPU = new Set(['consume', 'serror-signal', 'stage2-fault', 'pte-poison', 'retire-poisoned']);
/**
 * The action that names a slice: the highest weight in the run, the later one on a tie (the run's
 * result). Bookkeeping (reading/acking GHES, CPER writes) weighs 0, an outcome 2, the rest 1, so
 * the hypervisor's run reads "sigbus", the guest's "kill", the firmware's "fake-sea-el2".
 */
const ACTION_WEIGHT: Record<string, number> = {
  'record-cper': 0, 'apei-claim': 0, 'apei-ack': 0, 'apei-none': 0, 'ghes-read': 0, 'ghes-ack': 0,
  'ghes-none': 0, translate: 0, note: 0, resume: 0, 'count-corrected': 0, 'vserror-pending': 0,
  'already-poisoned': 0, 'ack-busy': 0,
  kill: 2, panic: 2, 'host-panic': 2, 'vm-terminated': 2, halt: 2, livelock: 2, 'retire-poisoned': 2,
};

interface Slice { track: string; name: string; start: number; end: number; args: Record<string, unknown>; tid: number; members?: Slice[] }

const us = (ns: number): number => ns / 1000;
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Items by key, keys in first-seen order, items in input order. */
function groupBy<K, V>(items: readonly V[], key: (v: V) => K): Map<K, V[]> {
  const m = new Map<K, V[]>();
  for (const v of items) {
    const k = key(v);
    (m.get(k) ?? m.set(k, []).get(k)!).push(v);
  }
  return m;
}

/** A step in a slice's args: ESR hex, FAR/address, signal and si_code, GHES source, text. */
function stepArgs(s: StepRecord): Record<string, unknown> {
  const { action, atNs, esr, far, signal, code, source, text } = s;
  return Object.fromEntries(Object.entries({ action, atNs, esr, far, signal, si_code: code, ghesSource: source, text }).filter(([, v]) => v !== undefined));
}

function mainAction(run: readonly StepRecord[]): string {
  let best = run[0]!;
  for (const s of run) if ((ACTION_WEIGHT[s.action] ?? 1) >= (ACTION_WEIGHT[best.action] ?? 1)) best = s;
  return best.action;
}

/**
 * The layer slices of one journey, in chain order. Steps are sorted by time first (stable): the
 * journey log keeps recording order, and a handler may record a step stamped later than a step
 * another vCPU records next (memory_failure() finishing after a second vCPU's stage-2 fault).
 * When one journey has two such concurrent chains it is drawn as one chain in time order.
 */
function layerSlices(j: JourneyRecord): Slice[] {
  const steps = [...j.steps].sort((a, b) => a.atNs - b.atNs); // Array sort is stable: ties keep recording order
  const out: Slice[] = [];
  let handover: number | undefined;
  for (let k = 0; k < steps.length;) {
    const layer = steps[k]!.layer;
    let e = k;
    while (e < steps.length && steps[e]!.layer === layer) e++;
    const run = steps.slice(k, e);
    const last = run[run.length - 1]!.atNs;
    const start = INSTANT_LAYERS.has(layer) || handover === undefined ? run[0]!.atNs : handover;
    const args = { journey: j.id, layer, steps: run.map(stepArgs) };
    out.push({ track: layer, name: mainAction(run), start, end: Math.max(last, start + MIN_SLICE_NS), args, tid: 0 });
    handover = last;
    k = e;
  }
  return out;
}

/**
 * The guest's view: from the journey's first step on its vCPU (a consumption or an SError signal)
 * to the end of its last slice. A journey that never reached a vCPU (a CE, an SError dropped
 * because its VM was down) has none.
 */
function vcpuSlice(j: JourneyRecord, layers: readonly Slice[]): Slice | undefined {
  const hw = layers.find((s) => s.track === 'hardware' && (s.args['steps'] as Array<{ action: string }>).some((x) => ON_VCPU.has(x.action)));
  if (j.vm < 0 || j.vcpu < 0 || hw === undefined) return undefined;
  const args = { journey: j.id, event: j.event, el: j.el, outcome: j.outcome, latencyNs: j.latencyNs, hostPa: j.hostPa, guestPa: j.guestPa, va: j.va };
  return { track: `vcpu:${j.vm}:${j.vcpu}`, name: `${j.outcome} (${j.event})`, start: hw.start, end: layers.reduce((m, s) => Math.max(m, s.end), hw.end), args, tid: 0 };
}

/**
 * Lanes. Two journeys handled by one layer at overlapping times (different PEs in parallel, or a
 * long memory_failure() while another vCPU faults) would give partly overlapping 'X' slices on one
 * thread, which the format cannot show (slices on a thread must nest). So each track gets lanes
 * ("EL2 KVM + host kernel #2"): slices in start order go to the first lane free at their start.
 * Returns the lane of each slice (same order as `slices`).
 */
function assignLanes(slices: readonly Slice[]): number[] {
  const order = slices.map((_, i) => i).sort((a, b) => slices[a]!.start - slices[b]!.start || a - b);
  const laneEnd: number[] = [];
  const lane = new Array<number>(slices.length);
  for (const i of order) {
    const s = slices[i]!;
    let l = laneEnd.findIndex((end) => end <= s.start);
    if (l < 0) l = laneEnd.push(0) - 1;
    laneEnd[l] = s.end;
    lane[i] = l;
  }
  return lane;
}

/**
 * Coincident instants: many journeys can meet the hardware at one ns (CEs counted together,
 * SErrors dropped when their VM went down). One lane each would bury the picture, so on the
 * instant tracks slices with the same start, end and action are drawn as one ("ce-count ×30",
 * every journey's steps in its args), and each journey's arrow binds to it.
 */
function mergeCoincident(slices: readonly Slice[]): Slice[] {
  return [...groupBy(slices, (s) => `${s.start}/${s.end}/${s.name}`).values()].map((g) => {
    if (g.length === 1) return g[0]!;
    const steps = g.flatMap((s) => (s.args['steps'] as object[]).map((x) => ({ journey: s.args['journey'], ...x })));
    return { ...g[0]!, name: `${g[0]!.name} ×${g.length}`, args: { journeys: g.map((s) => s.args['journey']), layer: g[0]!.track, steps }, members: g };
  });
}

/** Sort key of a track: layers in LAYER_ORDER (unknown ones after, by name), then vCPUs in VM order. */
function trackRank(track: string, vcpusPerVm: number): number {
  const [, vm, c] = track.split(':').map(Number) as [number, number, number];
  const i = LAYER_ORDER.indexOf(track);
  return track.startsWith('vcpu:') ? 2 ** 40 + vm * vcpusPerVm + c : i < 0 ? LAYER_ORDER.length : i;
}

const trackTitle = (track: string): string => (track.startsWith('vcpu:') ? track.replace(/^vcpu:(\d+):(\d+)$/, 'VM $1 vCPU $2') : LAYER_TITLE[track] ?? track);

/**
 * A counter per simulated ms (of injection time): a sample with every key at each ms that has a
 * journey, and a 0 sample the ms after, so the step line drops back between bursts.
 */
function counters(js: readonly JourneyRecord[], pid: number, tid: number, name: string, key: (j: JourneyRecord) => string, vocabulary: readonly string[]): TraceEvent[] {
  const byMs = new Map<number, Map<string, number>>();
  for (const j of js) {
    const ms = Math.floor(j.atNs / 1e6);
    const m = byMs.get(ms) ?? byMs.set(ms, new Map()).get(ms)!;
    m.set(key(j), (m.get(key(j)) ?? 0) + 1);
  }
  const keys = ordered([...new Set(js.map(key))], vocabulary);
  const out: TraceEvent[] = [];
  const sample = (ms: number, m?: Map<string, number>): number =>
    out.push({ name, cat: 'counter', ph: 'C', ts: ms * 1000, pid, tid, args: Object.fromEntries(keys.map((k) => [k, m?.get(k) ?? 0])) });
  const mss = [...byMs.keys()].sort((a, b) => a - b);
  if (mss.length > 0 && mss[0]! > 0) sample(0);
  for (const ms of mss) {
    sample(ms, byMs.get(ms));
    if (!byMs.has(ms + 1)) sample(ms + 1);
  }
  return out;
}

/** Fixed key order: the vocabulary's order (outcomes most severe first), unknown words after, sorted. */
function ordered(keys: readonly string[], vocabulary: readonly string[]): string[] {
  const rank = (k: string): number => (vocabulary.includes(k) ? vocabulary.indexOf(k) : vocabulary.length);
  return [...keys].sort((a, b) => rank(a) - rank(b) || cmp(a, b));
}

/**
 * Sampling for large runs: with more journeys than `max`, a deterministic subset. Journeys whose
 * outcome is not corrected or latent are the interesting ones and go first, most severe outcome
 * first; the outcome that does not fit whole, and after all of them the corrected and latent
 * journeys, are thinned by an even stride over journey ids (host, then sequence): the i-th of k
 * kept out of n is number floor(i·n/k), so the kept ones spread over the whole run.
 */
export function sampleJourneys(js: readonly JourneyRecord[], max: number): {
  /** The journeys kept, in journey id order (host, then sequence). */
  kept: JourneyRecord[];
  /** How they were chosen, in words (the trace's otherData.sampling). */
  description: string;
} {
  const sorted = [...js].sort((a, b) => a.host - b.host || a.seq - b.seq);
  if (sorted.length <= max) return { kept: sorted, description: 'none: every journey is in the trace' };
  const tier = (j: JourneyRecord): number => (j.outcome === 'corrected' || j.outcome === 'latent' ? -1 : OUTCOMES.includes(j.outcome as never) ? OUTCOMES.indexOf(j.outcome as never) : OUTCOMES.length);
  const tiers = groupBy(sorted, tier);
  const keep = new Set<JourneyRecord>();
  let budget = max;
  for (const t of [...tiers.keys()].sort((a, b) => b - a)) {
    const list = tiers.get(t)!;
    const k = Math.min(budget, list.length);
    for (let i = 0; i < k; i++) keep.add(list[Math.floor((i * list.length) / k)]!);
    budget -= k;
  }
  const interesting = sorted.length - (tiers.get(-1)?.length ?? 0);
  const first = Math.min(interesting, max);
  return {
    kept: sorted.filter((j) => keep.has(j)),
    description: `${max} of ${sorted.length} journeys (maxJourneys): first those whose outcome is not corrected or latent ` +
      `(${first} of ${interesting}), most severe outcome first; then corrected and latent ones (${max - first} of ` +
      `${sorted.length - interesting}); an outcome that did not fit whole was thinned by an even stride over journey ids`,
  };
}

/**
 * Builds the trace of a run's journeys (results' journeys.jsonl records): one process per host,
 * a track per handler layer (EL3 firmware, EL2 KVM + host kernel, VMM, guest kernel) and per vCPU
 * that met an error, flow arrows along each journey, and counters per simulated millisecond.
 * Throws a RangeError for a `vcpusPerVm` or `maxJourneys` that is not a valid count.
 */
export function buildTrace(journeys: readonly JourneyRecord[], o: TraceOptions): TraceFile {
  if (!Number.isInteger(o.vcpusPerVm) || o.vcpusPerVm < 1) throw new RangeError(`vcpusPerVm must be a positive integer, not ${o.vcpusPerVm}`);
  const max = o.maxJourneys ?? DEFAULT_MAX_JOURNEYS;
  if (!Number.isInteger(max) || max < 0) throw new RangeError(`maxJourneys must be a non-negative integer, not ${max}`);
  const sample = sampleJourneys(journeys, max);
  const allByHost = groupBy(journeys, (j) => j.host);
  const keptByHost = groupBy(sample.kept, (j) => j.host);
  const hosts = [...allByHost.keys()].sort((a, b) => a - b);
  const meta: TraceEvent[] = [];
  const body: TraceEvent[] = [];
  // tids: unique across the file (no reader can mix up two hosts' threads), given in track order
  // (a viewer that orders threads by tid rather than thread_sort_index shows the same order)
  let nextTid = 1;

  for (const host of hosts) {
    const pid = host + 1;
    meta.push({ name: 'process_name', ph: 'M', pid, args: { name: `host ${host}` } });
    meta.push({ name: 'process_sort_index', ph: 'M', pid, args: { sort_index: host } });
    // Counters count every journey of the host, sampled or not: they are cheap and exact.
    const counterTid = nextTid++;
    meta.push({ name: 'thread_name', ph: 'M', pid, tid: counterTid, args: { name: `host ${host} counters` } });
    for (const e of counters(allByHost.get(host)!, pid, counterTid, 'errors/ms', (j) => j.event, EVENTS)) body.push(e);
    for (const e of counters(allByHost.get(host)!, pid, counterTid, 'journeys by outcome/ms', (j) => j.outcome, [...OUTCOMES].reverse())) body.push(e);

    const chains = (keptByHost.get(host) ?? []).map((j) => ({ j, slices: layerSlices(j) }));
    const all = chains.flatMap(({ j, slices }) => [...slices, vcpuSlice(j, slices) ?? []].flat());
    const byTrack = groupBy(all, (s) => s.track);
    const tracks = [...byTrack.keys()].sort((a, b) => trackRank(a, o.vcpusPerVm) - trackRank(b, o.vcpusPerVm) || cmp(a, b));
    let sortIndex = 0;
    const drawn: Slice[] = [];
    for (const track of tracks) {
      const slices = INSTANT_LAYERS.has(track) ? mergeCoincident(byTrack.get(track)!) : byTrack.get(track)!;
      const lanes = assignLanes(slices);
      const laneTids: number[] = [];
      for (let l = 0; l <= lanes.reduce((m, x) => Math.max(m, x), 0); l++) {
        const tid = nextTid++;
        laneTids.push(tid);
        meta.push({ name: 'thread_name', ph: 'M', pid, tid, args: { name: trackTitle(track) + (l > 0 ? ` #${l + 1}` : '') } });
        meta.push({ name: 'thread_sort_index', ph: 'M', pid, tid, args: { sort_index: sortIndex++ } });
      }
      slices.forEach((s, i) => [s, ...(s.members ?? [])].forEach((m) => (m.tid = laneTids[lanes[i]!]!)));
      for (const s of slices) drawn.push(s);
    }
    for (const s of drawn) body.push({ name: s.name, cat: s.track.startsWith('vcpu:') ? 'guest-view' : s.track, ph: 'X', ts: us(s.start), dur: us(s.end - s.start), pid, tid: s.tid, args: s.args });
    for (const e of flows(chains, pid)) body.push(e);
  }

  const scenario = o.scenarioName !== undefined ? { scenario: o.scenarioName } : {};
  const otherData = { generator: 'rasflow', ...scenario, journeysTotal: journeys.length, journeysInTrace: sample.kept.length, sampling: sample.description, minSliceNs: MIN_SLICE_NS };
  return { traceEvents: [...meta, ...body], displayTimeUnit: 'ns', otherData };
}

/**
 * The arrows of each journey: 's' on its first slice, 't' on the middle ones, 'f' on the last,
 * all with `bp: 'e'` (bind to the enclosing slice). Each sits 1 ns after its slice's start and at
 * least 1 ns after the previous one, so it is strictly inside the slice (after the 'X' that opens
 * it, in any reader's sort) and the flow's events are in strict time order.
 */
function flows(chains: ReadonlyArray<{ j: JourneyRecord; slices: Slice[] }>, pid: number): TraceEvent[] {
  const out: TraceEvent[] = [];
  for (const { j, slices } of chains) {
    if (slices.length < 2) continue;
    const id = j.host * 2 ** 32 + j.seq; // unique per journey, and the same whatever the sampling kept
    let prev = -Infinity;
    slices.forEach((s, k) => {
      const at = Math.min(Math.max(s.start + 1, prev + 1), s.end - 1);
      prev = at;
      const ph = k === 0 ? 's' : k === slices.length - 1 ? 'f' : 't';
      out.push({ name: 'journey', cat: 'journey', ph, ts: us(at), pid, tid: s.tid, id, bp: 'e', args: { journey: j.id } });
    });
  }
  return out;
}
