/**
 * `report.html`: one run's results.json (and journeys.jsonl when written) as a single
 * self-contained page — inline CSS and SVG, no script, no URL of any kind, so it opens offline,
 * from a CI artifact or a mail attachment. Deterministic: only the run's answer is shown (no wall
 * time, memory or worker count), so the same run gives the same bytes.
 */
import { OUTCOME_COUNT_KEY } from '../engine/counts.js';
import { LAYERS, OUTCOMES, type Outcome } from '../plugin/vocabulary.js';
import type { JourneyRecord } from '../results/journey-record.js';
import type { ResultsJson } from '../results/results-json.js';
// The CLI summary's duration format and error kinds, reused so the page and the terminal agree.
import { tallyFates } from '../cli/run-fates.js';
import { formatNs } from '../cli/run-summary.js';
import { barChart, boxChart, escXml, inlineSvg, type BoxStats } from './svg-bars.js';
import { lineChart } from './svg-chart.js';

/** What the reports read of results.json: the answer, none of the wall-clock measurements. */
export type Results = Pick<ResultsJson, 'rasflow' | 'scenario' | 'seed' | 'profile' | 'deterministic' | 'complete' | 'simulatedNs' | 'counts' | 'vms' | 'hosts' | 'digest'>;

/**
 * The scenario as run (with --profile/--seed applied), when the caller has it: results.json
 * carries neither the description nor the vCPU count nor the document itself.
 */
export interface ReportScenario {
  /** The scenario's name. */
  name?: string;
  /** Its one-line description, shown under the title. */
  description?: string;
  /** The hosts section. */
  hosts?: {
    /** Number of hosts. */
    count?: number;
  };
  /** The VMs section. */
  vms?: {
    /** VMs per host. */
    perHost?: number;
    /** vCPUs per VM. */
    vcpus?: number;
  };
}

/** What {@link htmlReport} reads. */
export interface HtmlReportInput {
  /** The run's results.json. */
  results: Results;
  /** The run's journeys.jsonl records (`--journeys`); null without them: no latency or per-kind sections. */
  journeys: readonly JourneyRecord[] | null;
  /** The scenario as run, when the caller has it. */
  scenario?: ReportScenario | null;
}

/** flow.md §7's order, most severe first; `recovered` (a rasflow extension) ranks as in OUTCOMES. */
export const OUTCOME_ORDER: readonly Outcome[] = [...OUTCOMES].reverse();

export const OUTCOME_MEANING: Readonly<Record<Outcome, string>> = {
  'silent-corruption': 'a poisoned load or fetch retired with data: a bug in a plugin or the engine',
  'livelock': 'the same context faulted on the same access without progress; the engine stopped it',
  'host-panic': 'the host went down', 'vm-terminated': 'the VMM exited', 'guest-panic': 'the guest kernel panicked',
  'guest-app-killed': 'a guest process was killed', 'guest-page-offlined': 'the guest offlined the page before anything consumed it',
  'ignored': 'reported and deliberately not acted on', 'recovered': 'rasflow extension (not in flow.md §7): the host took the page out and nothing lost data (MF_RECOVERED)',
  'corrected': 'a corrected error', 'latent': 'never consumed or reported before the run ended',
};

/** Severity classes as colours, so the bar chart reads at a glance (Okabe–Ito, plus grey). */
export function outcomeColour(o: Outcome): string {
  if (['silent-corruption', 'livelock', 'host-panic', 'vm-terminated'].includes(o)) return '#D55E00';
  if (o === 'guest-panic' || o === 'guest-app-killed') return '#E69F00';
  if (o === 'ignored') return '#56B4E9';
  return o === 'latent' ? '#999999' : '#009E73';
}

export const outcomeCount = (r: Results, o: Outcome): number => r.counts[OUTCOME_COUNT_KEY[o]] ?? 0;

/**
 * HTML-escapes text. A URL scheme is broken with a character reference (it still reads `http://`)
 * because the page promises to contain no URL, even one a scenario's description quotes.
 */
export function esc(s: string): string {
  return noUrls(escXml(s));
}
export const noUrls = (html: string): string => html.replace(/(https?):\/\//gi, '$1&#58;//');

export const fmtInt = (v: number): string => String(v).replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
export const fmtNs = (ns: number): string => formatNs(ns);

/** Nearest-rank percentile of ascending `sorted` (a value that occurred, never an interpolation). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1]!;
}

/** Layers that run handlers and charge their latency; injector and hardware steps are instants. */
export const HANDLER_LAYERS: readonly string[] = LAYERS.filter((l) => l !== 'injector' && l !== 'hardware');

/**
 * Simulated ns each layer spent on one journey, plus `waiting`. A handler charges its latency
 * first and stamps its steps after (firmware's record-cper is 8 µs after the consume), so the gap
 * before a step is the time of that step's layer; a gap before a hardware or injector step (a
 * consume, an SError signal, a later stage-2 fault) is the error lying in memory until something
 * touched it: `waiting`, which no layer spends. Steps are sorted by time first (stable): a journey
 * records steps on several vCPUs whose clocks interleave, and sorting keeps every gap >= 0 and
 * makes the parts add up to the journey's span (an overlap of two vCPUs counts once).
 */
export function layerTimes(j: JourneyRecord): Map<string, number> {
  const steps = j.steps.map((s, i) => ({ s, i })).sort((a, b) => a.s.atNs - b.s.atNs || a.i - b.i).map((x) => x.s);
  const out = new Map<string, number>();
  for (let k = 1; k < steps.length; k++) {
    const layer = HANDLER_LAYERS.includes(steps[k]!.layer) ? steps[k]!.layer : 'waiting';
    out.set(layer, (out.get(layer) ?? 0) + steps[k]!.atNs - steps[k - 1]!.atNs);
  }
  return out;
}

/** The time one layer spent on journeys ({@link layerLatencies}), in simulated ns. */
export interface LayerLatency {
  /** `waiting` (the error lay in memory until consumed or signalled), a handler layer (firmware, hypervisor, vmm, guest), or `handling` (their sum). */
  layer: string;
  /** Journeys that visited the layer. */
  journeys: number;
  /** The distribution of the time spent there, per journey. */
  stats: BoxStats;
}

/**
 * Percentiles over the journeys that reached software (a handler layer has a step): `waiting`,
 * then each handler layer the journeys visited, in LAYERS order, then `handling` (the handler
 * layers' sum). CEs counted by the hardware alone and errors that stayed latent are left out:
 * their zeros would hide what handling costs. A row counts only the journeys that visited it.
 */
export function layerLatencies(journeys: readonly JourneyRecord[]): LayerLatency[] {
  const samples = new Map<string, number[]>(['waiting', ...HANDLER_LAYERS, 'handling'].map((l) => [l, []]));
  for (const j of journeys) {
    const visited = new Set(j.steps.map((s) => s.layer));
    if (!HANDLER_LAYERS.some((l) => visited.has(l))) continue;
    const t = layerTimes(j);
    samples.get('waiting')!.push(t.get('waiting') ?? 0);
    for (const l of HANDLER_LAYERS) if (visited.has(l)) samples.get(l)!.push(t.get(l) ?? 0);
    samples.get('handling')!.push(HANDLER_LAYERS.reduce((a, l) => a + (t.get(l) ?? 0), 0));
  }
  const out: LayerLatency[] = [];
  for (const [layer, v] of samples) {
    if (v.length === 0) continue;
    v.sort((a, b) => a - b);
    out.push({ layer, journeys: v.length, stats: { min: v[0]!, p50: percentile(v, 50), p90: percentile(v, 90), p99: percentile(v, 99), max: v[v.length - 1]! } });
  }
  return out;
}

/** What each row's time is. */
export const LAYER_NOTE: Readonly<Record<string, string>> = {
  waiting: 'no layer: the error lay in memory until consumed, signalled or touched again', firmware: 'EL3 firmware',
  hypervisor: 'KVM and the host kernel (memory_failure, signals)', vmm: 'the VMM (QEMU-like)', guest: 'the guest kernel (from the hand-over until it takes the exception, then its handler)',
  handling: 'all handler layers together',
};

export const CSS = `body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;color:#222;max-width:1100px;margin:24px auto;padding:0 16px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
table{border-collapse:collapse;margin:8px 0}th,td{padding:3px 10px;border-bottom:1px solid #eee;text-align:left;vertical-align:top}
th{background:#f4f4f4}td:first-child{white-space:nowrap}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}td.n{white-space:nowrap}tr.zero td{color:#aaa}tr.changed td{background:#fff4d6}
.facts{display:grid;grid-template-columns:max-content auto;gap:2px 16px;margin:10px 0}.facts dt{color:#555}.facts dd{margin:0}
.warn{background:#fde2d2;border:1px solid #D55E00;padding:6px 10px}.note{color:#555;font-size:13px}.sw{display:inline-block;width:11px;height:11px;margin-right:6px}
.up{color:#B34700}.down{color:#006B4F}pre{background:#f7f7f7;padding:10px;overflow:auto;font-size:13px}code{font-size:13px}svg{max-width:100%;height:auto}`;

/** A whole page around `body`, with the final URL check applied to everything. */
export function htmlPage(title: string, body: string): string {
  return noUrls(`<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>${esc(title)}</title>\n<style>\n${CSS}\n</style>\n</head>\n<body>\n${body}\n</body>\n</html>\n`);
}

export interface Row { cells: string[]; cls?: string }

/** A table; `numeric(col)` right-aligns a column, a row's `cls` styles it (zero, changed). */
export function table(head: string[], rows: ReadonlyArray<string[] | Row>, numeric: (col: number) => boolean = (c) => c >= 1): string {
  const td = (tag: string, c: string, i: number): string => `<${tag}${numeric(i) ? ' class="n"' : ''}>${c}</${tag}>`;
  const body = rows.map((r) => (Array.isArray(r) ? { cells: r } : r) as Row)
    .map((r) => `<tr${r.cls ? ` class="${r.cls}"` : ''}>${r.cells.map((c, i) => td('td', c, i)).join('')}</tr>`);
  return `<table><thead><tr>${head.map((h, i) => td('th', h, i)).join('')}</tr></thead><tbody>\n${body.join('\n')}\n</tbody></table>`;
}

/** Journeys injected per time bucket, all and by final outcome (only the outcomes that occurred). */
function timeChart(journeys: readonly JourneyRecord[], simulatedNs: number, id: string): string {
  const nb = 30;
  const width = Math.max(1, simulatedNs) / nb;
  const at = (j: JourneyRecord): number => Math.min(nb - 1, Math.max(0, Math.floor(j.atNs / width)));
  const line = (pick: (j: JourneyRecord) => boolean): Array<[number, number]> => {
    const c = new Array<number>(nb).fill(0);
    for (const j of journeys) if (pick(j)) c[at(j)]!++;
    return c.map((v, b) => [((b + 0.5) * width) / 1e6, v]);
  };
  const present = OUTCOME_ORDER.filter((o) => journeys.some((j) => j.outcome === o));
  return inlineSvg(lineChart({
    title: `Errors injected per ${fmtNs(width)} of simulated time, by final outcome`, xLabel: 'simulated time (ms)', yLabel: 'journeys injected',
    series: [{ name: 'all injected', points: line(() => true), dashed: true }, ...present.map((o) => ({ name: o, points: line((j) => j.outcome === o) }))],
    width: 900, height: 440,
  }), id);
}

export function latencyTable(l: readonly LayerLatency[]): string {
  return table(['layer', 'time spent in', 'journeys', 'p50', 'p90', 'p99', 'max'], l.map((x) => [
    `<b>${esc(x.layer)}</b>`, esc(LAYER_NOTE[x.layer] ?? ''), fmtInt(x.journeys), ...[x.stats.p50, x.stats.p90, x.stats.p99, x.stats.max].map(fmtNs),
  ]), (c) => c >= 2);
}

/**
 * report.html: one self-contained page (no script, no URL) with the run's outcomes, what happened
 * to each kind of error, errors over simulated time, the time spent per handler layer (EL3
 * firmware, KVM and the host kernel, the VMM, the guest kernel) and every VM.
 */
export function htmlReport(input: HtmlReportInput): string {
  const { results: r, journeys: js } = input;
  const s = input.scenario ?? null;
  const total = OUTCOMES.reduce((a, o) => a + outcomeCount(r, o), 0);
  const vmsPerHost = s?.vms?.perHost ?? (r.hosts.length ? Math.round(r.vms.length / r.hosts.length) : 0);
  const timeLost = r.vms.reduce((a, v) => a + v.timeLostNs, 0);
  const b: string[] = [];
  b.push(`<h1>rasflow report: ${esc(r.scenario)}</h1>`);
  if (s?.description) b.push(`<p>${esc(s.description)}</p>`);
  if (!r.complete) b.push('<p class="warn">This run did not complete (stopped or a plugin failed): the results are partial.</p>');
  const facts: Array<[string, string]> = [
    ['profile', `<b>${esc(r.profile)}</b>`], ['seed', esc(String(r.seed))], ['simulated time', fmtNs(r.simulatedNs)],
    ['hosts × VMs × vCPUs', `${s?.hosts?.count ?? r.hosts.length} × ${vmsPerHost} × ${s?.vms?.vcpus ?? '?'}`],
    ['journeys (errors)', `${fmtInt(total)} (${fmtInt(r.counts.errorsInjected)} injected, ${fmtInt(r.counts.errorsConsumed)} consumed)`],
    ['VMs lost / hosts lost', `${fmtInt(r.counts.vmsLost)} / ${fmtInt(r.counts.hostsLost)}`], ['time lost to error handling', fmtNs(timeLost)],
    ['run', `${r.deterministic ? 'deterministic' : 'not deterministic (--parallel)'}, digest <code>${esc(r.digest.slice(0, 16))}…</code>, rasflow ${esc(r.rasflow)}`],
  ];
  b.push(`<dl class="facts">${facts.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>`);

  b.push('<h2>Outcomes</h2>', `<p class="note">Journeys by final outcome, most severe first (flow.md §7). Colours: red lost a VM, host or data; orange lost a guest process or the guest; green contained; blue reported but not acted on; grey never noticed.</p>`);
  b.push(inlineSvg(barChart({ title: `${r.scenario}: journeys by outcome (${r.profile})`, valueLabel: 'journeys', categories: OUTCOME_ORDER, series: [{ name: r.profile, values: OUTCOME_ORDER.map((o) => outcomeCount(r, o)) }], categoryColours: OUTCOME_ORDER.map(outcomeColour) }), 'outcomes'));
  b.push(table(['outcome', 'journeys', 'share', 'meaning'], OUTCOME_ORDER.map((o) => {
    const c = outcomeCount(r, o);
    const cells = [`<span class="sw" style="background:${outcomeColour(o)}"></span>${o}`, fmtInt(c), total ? `${((100 * c) / total).toFixed(1)} %` : '–', esc(OUTCOME_MEANING[o])];
    return c === 0 ? { cells, cls: 'zero' } : { cells };
  }), (c) => c === 1 || c === 2));
  if (js && js.length > 0) {
    const fates = tallyFates(js);
    const cols = OUTCOME_ORDER.filter((o) => Object.values(fates).some((row) => (row[o] ?? 0) > 0));
    b.push('<h3>What happened to each kind of error</h3>', table(['error', ...cols], Object.keys(fates).sort().map((k) => [esc(k), ...cols.map((o) => (fates[k]![o] ? fmtInt(fates[k]![o]!) : '·'))])));
  }

  b.push('<h2>Errors and outcomes over simulated time</h2>');
  if (js === null) b.push('<p class="note">Journeys were not written for this run (run with <code>--journeys</code>): no timeline or latencies.</p>');
  else if (js.length === 0) b.push('<p class="note">The run recorded no journeys.</p>');
  else b.push(timeChart(js, r.simulatedNs, 'timeline'), '<p class="note">Each journey is counted in the bucket of its injection time, under its final outcome.</p>');

  if (js && js.length > 0) {
    const lat = layerLatencies(js);
    b.push('<h2>Journey latency by layer</h2>');
    if (lat.length === 0) b.push('<p class="note">No journey reached software (firmware or later).</p>');
    else {
      b.push(`<p class="note">Simulated time each layer spent on a journey, over the ${fmtInt(lat.at(-1)!.journeys)} journeys that reached firmware or later (corrected errors counted by the hardware alone and latent errors are left out). A handler charges its latency before it acts, so the time before a step belongs to that step's layer; nearest-rank percentiles, over the journeys that visited each layer.</p>`);
      b.push(latencyTable(lat), inlineSvg(boxChart({ title: 'Time spent per layer', categories: lat.map((x) => x.layer), series: [{ name: r.profile, boxes: lat.map((x) => x.stats) }] }), 'latency'));
    }
  }

  b.push('<h2>Virtual machines</h2>');
  const vcols = OUTCOME_ORDER.filter((o) => r.vms.some((v) => (v.outcomes[o] ?? 0) > 0));
  b.push(table(['host', 'VM', 'state at end', 'times lost', 'accesses', 'time lost', ...vcols], r.vms.map((v) => [
    String(v.host), String(v.vm), v.state === 'up' ? 'up' : `<b>${esc(v.state)}</b>`, fmtInt(v.timesLost), fmtInt(v.accesses), fmtNs(v.timeLostNs),
    ...vcols.map((o) => (v.outcomes[o] ? fmtInt(v.outcomes[o]!) : '·')),
  ]), (c) => c !== 2));

  b.push('<h2>Scenario and seed</h2>', `<p>Seed <b>${esc(String(r.seed))}</b>, profile <b>${esc(r.profile)}</b>: <code>rasflow run ${esc('<scenario file>')} --seed ${esc(String(r.seed))} --profile ${esc(r.profile)}</code> reproduces this run${r.deterministic ? '' : ' (not exactly: it was a --parallel run)'}.</p>`);
  b.push(s ? `<details><summary>Scenario JSON (as run)</summary>\n<pre>${esc(JSON.stringify(s, null, 2))}</pre></details>` : '<p class="note">The scenario document was not given to the report (results.json does not carry it).</p>');
  return htmlPage(`rasflow: ${r.scenario} (${r.profile}, seed ${r.seed})`, b.join('\n'));
}
