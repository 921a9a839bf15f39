/**
 * A checker for Chrome Trace Event files (the JSON Perfetto UI and chrome://tracing open).
 *
 * Both viewers are lenient: a badly nested slice, an 'E' without its 'B' or a flow without its
 * end is dropped or misdrawn without an error the user would see (Perfetto only counts it in its
 * import stats). So the trace exporter's tests check its output with this instead: it returns
 * one sentence per problem, and an empty list for a valid file.
 *
 * Checked: required fields per phase; ts/dur finite numbers ≥ 0; pid/tid integers; 'B'/'E'
 * matched in a stack per (pid, tid); 'X' slices properly nested per (pid, tid); every flow
 * (cat, id) has exactly one 's' and one 'f', 's' not after 'f' and each 't' between them, and each
 * flow event that binds to its enclosing slice ('s', 't', 'f' with bp 'e') has one; counters have
 * numeric args; every pid used has a process_name and every thread used a thread_name.
 */

const PHASES = new Set(['B', 'E', 'X', 'i', 'I', 'C', 'M', 's', 't', 'f']);
/** Phases drawn on a thread track, which therefore need a tid and a thread_name. */
const THREAD_PHASES = new Set(['B', 'E', 'X', 'i', 'I', 's', 't', 'f']);
const METADATA = new Set(['process_name', 'thread_name', 'process_sort_index', 'thread_sort_index', 'process_labels']);
/** Tolerance in µs when comparing times: ts and dur are decimal µs, so their sums carry rounding. */
const EPS = 1e-6;
/** A file with thousands of problems is reported by its first ones. */
const MAX_PROBLEMS = 200;

type Obj = Record<string, unknown>;
interface Interval { start: number; end: number; index: number }
interface FlowEvent { ph: string; ts: number; index: number; track: string; binds: boolean }

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/**
 * Checks a Chrome Trace Event file the way the viewers would need it: required fields per phase,
 * times, B/E matching and X nesting per thread, every flow's start, steps and end, counters,
 * process and thread names. Returns one sentence per problem (at most 200), an empty list for a
 * valid file. The viewers drop what is wrong silently; this says it.
 */
export function validateTrace(t: unknown): string[] {
  const problems: string[] = [];
  let dropped = 0;
  const add = (msg: string): void => void (problems.length < MAX_PROBLEMS ? problems.push(msg) : dropped++);

  let events: unknown[];
  if (Array.isArray(t)) events = t; // the format's "JSON Array Format"
  else if (isObj(t) && Array.isArray(t['traceEvents'])) {
    events = t['traceEvents'];
    const unit = t['displayTimeUnit'];
    if (unit !== undefined && unit !== 'ms' && unit !== 'ns') add(`displayTimeUnit must be "ms" or "ns", not ${JSON.stringify(unit)}`);
  } else return ['not a trace: expected an object with a traceEvents array, or an array of events'];

  const slices = new Map<string, Interval[]>(); // 'X' per track
  const beginsEnds = new Map<string, Array<{ ph: string; ts: number; index: number }>>();
  const flows = new Map<string, FlowEvent[]>();
  const pidsUsed = new Set<number>();
  const tracksUsed = new Map<string, number>(); // track → first event using it
  const processNamed = new Set<number>();
  const threadNamed = new Set<string>();
  const push = <T>(m: Map<string, T[]>, k: string, v: T): void => void (m.get(k) ?? m.set(k, []).get(k)!).push(v);

  events.forEach((e, i) => {
    if (!isObj(e)) return add(`event ${i}: not an object`);
    const ph = e['ph'];
    if (typeof ph !== 'string' || !PHASES.has(ph)) return add(`event ${i}: unknown or unsupported phase ${JSON.stringify(ph)}`);
    const at = `event ${i} (${ph} ${JSON.stringify(e['name'] ?? '')})`;
    let ok = true;
    const bad = (msg: string): void => { ok = false; add(`${at}: ${msg}`); };
    if (ph !== 'E' && typeof e['name'] !== 'string') bad('name must be a string');
    if (!Number.isInteger(e['pid'])) bad('pid must be an integer');
    const needsTid = THREAD_PHASES.has(ph) || (ph === 'M' && String(e['name']).startsWith('thread_'));
    if (needsTid ? !Number.isInteger(e['tid']) : e['tid'] !== undefined && !Number.isInteger(e['tid'])) bad('tid must be an integer');
    if (ph !== 'M' && !isTime(e['ts'])) bad('ts must be a finite number ≥ 0');
    if (ph === 'M' && e['ts'] !== undefined && !isTime(e['ts'])) bad('ts must be a finite number ≥ 0');
    if (ph === 'X' && !isTime(e['dur'])) bad('dur must be a finite number ≥ 0');
    if (e['args'] !== undefined && !isObj(e['args'])) bad('args must be an object');
    const args = isObj(e['args']) ? e['args'] : {};
    if (ph === 'C') {
      const values = Object.values(args);
      if (values.length === 0) bad('a counter needs args { name: value }');
      else if (!values.every((v) => typeof v === 'number' && Number.isFinite(v))) bad('counter values must be finite numbers');
    }
    if (ph === 's' || ph === 't' || ph === 'f') {
      if (typeof e['id'] !== 'number' && typeof e['id'] !== 'string') bad('a flow event needs an id');
      if (typeof e['cat'] !== 'string') bad('a flow event needs a cat');
      if (e['bp'] !== undefined && e['bp'] !== 'e') bad(`bp must be "e", not ${JSON.stringify(e['bp'])}`);
    }
    if (ph === 'M') {
      const name = String(e['name']);
      if (!METADATA.has(name)) bad('unknown metadata name');
      else if (name.endsWith('_name') && (typeof args['name'] !== 'string' || args['name'] === '')) bad('args.name must be a non-empty string');
      else if (name.endsWith('_sort_index') && !Number.isInteger(args['sort_index'])) bad('args.sort_index must be an integer');
    }
    if (!ok) return;

    const pid = e['pid'] as number;
    const track = `${pid}/${e['tid'] as number}`;
    const ts = e['ts'] as number;
    if (ph === 'M') {
      if (e['name'] === 'process_name') processNamed.add(pid);
      if (e['name'] === 'thread_name') threadNamed.add(track);
      return;
    }
    pidsUsed.add(pid);
    if (THREAD_PHASES.has(ph) && !tracksUsed.has(track)) tracksUsed.set(track, i);
    if (ph === 'X') push(slices, track, { start: ts, end: ts + (e['dur'] as number), index: i });
    if (ph === 'B' || ph === 'E') push(beginsEnds, track, { ph, ts, index: i });
    if (ph === 's' || ph === 't' || ph === 'f') {
      push(flows, `${e['cat'] as string} ${String(e['id'])}`, { ph, ts, index: i, track, binds: ph !== 'f' || e['bp'] === 'e' });
    }
  });

  // 'B'/'E': a stack per thread, in time order (file order among equal times).
  for (const [track, list] of beginsEnds) {
    const stack: Array<{ ts: number; index: number }> = [];
    for (const ev of [...list].sort((a, b) => a.ts - b.ts || a.index - b.index)) {
      if (ev.ph === 'B') stack.push(ev);
      else if (stack.length === 0) add(`event ${ev.index}: 'E' on pid/tid ${track} at ts ${ev.ts} has no open 'B'`);
      else push(slices, `be:${track}`, { start: stack.pop()!.ts, end: ev.ts, index: ev.index });
    }
    for (const b of stack) add(`event ${b.index}: 'B' on pid/tid ${track} at ts ${b.ts} is never ended by an 'E'`);
  }

  // 'X': sorted by start (longer first on a tie), each must end within the slice it starts in.
  for (const [track, list] of slices) {
    if (track.startsWith('be:')) continue; // B/E pairs are nested by construction
    const open: Interval[] = [];
    for (const s of [...list].sort((a, b) => a.start - b.start || b.end - a.end || a.index - b.index)) {
      while (open.length > 0 && open[open.length - 1]!.end <= s.start + EPS) open.pop();
      const parent = open[open.length - 1];
      if (parent !== undefined && s.end > parent.end + EPS) {
        add(`event ${s.index}: 'X' slice [${s.start}, ${s.end}] on pid/tid ${track} overlaps event ${parent.index} [${parent.start}, ${parent.end}] without nesting in it`);
      } else open.push(s);
    }
  }

  // Flows: one 's', one 'f', 's' ≤ each 't' ≤ 'f' in time; each binding event inside a slice.
  const encloses = enclosingIndex(slices);
  for (const [key, list] of flows) {
    const starts = list.filter((f) => f.ph === 's');
    const ends = list.filter((f) => f.ph === 'f');
    if (starts.length !== 1) add(`flow ${key}: ${starts.length} 's' events (expected exactly 1)`);
    if (ends.length !== 1) add(`flow ${key}: ${ends.length} 'f' events (expected exactly 1)`);
    const s = starts[0];
    const f = ends[0];
    if (s !== undefined && f !== undefined && s.ts > f.ts + EPS) add(`flow ${key}: 's' at ts ${s.ts} comes after 'f' at ts ${f.ts}`);
    for (const st of list.filter((x) => x.ph === 't')) {
      if ((s !== undefined && st.ts < s.ts - EPS) || (f !== undefined && st.ts > f.ts + EPS)) add(`flow ${key}: 't' (event ${st.index}) at ts ${st.ts} is not between its 's' and 'f'`);
    }
    for (const x of list) {
      if (x.binds && !encloses(x.track, x.ts)) add(`flow ${key}: '${x.ph}' (event ${x.index}) at ts ${x.ts} on pid/tid ${x.track} is inside no slice to bind to`);
    }
  }

  for (const pid of [...pidsUsed].sort((a, b) => a - b)) if (!processNamed.has(pid)) add(`pid ${pid} has no process_name metadata`);
  for (const [track, first] of tracksUsed) if (!threadNamed.has(track)) add(`pid/tid ${track} (first used by event ${first}) has no thread_name metadata`);
  if (dropped > 0) problems.push(`… and ${dropped} more problems`);
  return problems;
}

/**
 * Whether some slice ('X' or a matched 'B'/'E') of a thread contains time `ts`: per thread, the
 * slices sorted by start with a running maximum of their ends, so one binary search answers
 * (the last slice starting at or before `ts` reaches it, or one before it does).
 */
function enclosingIndex(slices: Map<string, Interval[]>): (track: string, ts: number) => boolean {
  const merged = new Map<string, Interval[]>();
  for (const [key, list] of slices) {
    const track = key.startsWith('be:') ? key.slice(3) : key;
    const all = merged.get(track) ?? merged.set(track, []).get(track)!;
    for (const s of list) all.push(s);
  }
  const byTrack = new Map<string, { starts: number[]; maxEnd: number[] }>();
  for (const [track, all] of merged) {
    all.sort((a, b) => a.start - b.start);
    let m = -Infinity;
    byTrack.set(track, { starts: all.map((s) => s.start), maxEnd: all.map((s) => (m = Math.max(m, s.end))) });
  }
  return (track, ts) => {
    const t = byTrack.get(track);
    if (t === undefined) return false;
    let lo = 0;
    let hi = t.starts.length - 1;
    let k = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (t.starts[mid]! <= ts + EPS) { k = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return k >= 0 && t.maxEnd[k]! >= ts - EPS;
  };
}
