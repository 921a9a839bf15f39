/**
 * Two runs side by side — typically one scenario under `--profile seed` and `--profile upstream`,
 * where the same injected errors meet different fates. compareResults builds the numbers once;
 * formatCompare prints them for a terminal and compareHtml makes a page with the same rules as
 * report.html (self-contained, no script, no URL).
 */
import type { JourneyRecord } from '../results/journey-record.js';
// The CLI summary's error kinds, so "SError UEO, no address" means the same everywhere.
import { journeyKind } from '../cli/run-fates.js';
import { barChart, boxChart, inlineSvg } from './svg-bars.js';
import {
  esc, fmtInt, fmtNs, htmlPage, latencyTable, layerLatencies, OUTCOME_ORDER, outcomeCount, percentile, table, type Results,
} from './html-report.js';

/** One line of a {@link CompareTable}: a figure of run A and of run B. */
export interface CompareRow {
  /** Section: losses (journeys, errors consumed, VMs and hosts lost, time lost), outcomes, or latency. */
  group: 'losses' | 'outcomes' | 'latency';
  /** What the row counts (e.g. `VMs lost`, `guest-panic`, `hypervisor p99`). */
  name: string;
  /** null: not known for that run (e.g. latency without its journeys). */
  a: number | null;
  /** The same for run B. */
  b: number | null;
  /** Unit of `a` and `b`: a count or simulated ns. */
  unit: 'count' | 'ns';
  /** `a` and `b` differ. */
  changed: boolean;
}

/** Journeys of one kind whose outcome differs between the runs, matched error by error. */
export interface FateChange {
  /** The kind of error, as the run summary names it (e.g. `SError UEO, no address`). */
  kind: string;
  /** Outcome in run A. */
  from: string;
  /** Outcome in run B. */
  to: string;
  /** Errors of that kind that went from `from` to `to`. */
  journeys: number;
}

/** Two runs side by side ({@link compareResults}). */
export interface CompareTable {
  /** The runs' labels: what differs between them (the profiles, the seeds or the scenarios), else A and B. */
  labels: [string, string];
  /** Each run's scenario, profile, seed, simulated time and completeness. */
  runs: [Pick<Results, 'scenario' | 'profile' | 'seed' | 'simulatedNs' | 'complete'>, Pick<Results, 'scenario' | 'profile' | 'seed' | 'simulatedNs' | 'complete'>];
  /** The figures, losses first, then outcomes, then latency. */
  rows: CompareRow[];
  /** Null without both runs' journeys; `matched` counts errors found in both runs. */
  fates: {
    /** Errors found in both runs (same host, time, event, VM and address). */
    matched: number;
    /** Journeys of run A and of run B. */
    totals: [number, number];
    /** Errors whose outcome differs, most frequent change first. */
    changes: FateChange[];
  } | null;
}

type Journeys = readonly JourneyRecord[] | null;

/** Labels that say what differs: the profiles, else the seeds, else the scenarios, else A / B. */
function defaultLabels(a: Results, b: Results): [string, string] {
  const parts = (r: Results): string[] => [
    ...(a.scenario !== b.scenario ? [r.scenario] : []), ...(a.profile !== b.profile ? [r.profile] : []), ...(a.seed !== b.seed ? [`seed ${r.seed}`] : []),
  ];
  const [pa, pb] = [parts(a).join(', '), parts(b).join(', ')];
  return pa && pa !== pb ? [pa, pb] : ['A', 'B'];
}

/** An error's identity across two runs of one scenario: where and when it was injected. */
const errorKey = (j: JourneyRecord): string => `${j.host}|${j.atNs}|${j.event}|${j.vm}|${j.hostPa ?? '-'}`;

function fateChanges(ja: readonly JourneyRecord[], jb: readonly JourneyRecord[]): NonNullable<CompareTable['fates']> {
  const byKey = new Map(jb.map((j) => [errorKey(j), j]));
  const changes = new Map<string, FateChange>();
  let matched = 0;
  for (const x of ja) {
    const y = byKey.get(errorKey(x));
    if (!y) continue;
    matched++;
    if (x.outcome === y.outcome) continue;
    const kind = journeyKind(x);
    const k = `${kind}|${x.outcome}|${y.outcome}`;
    const c = changes.get(k) ?? changes.set(k, { kind, from: x.outcome, to: y.outcome, journeys: 0 }).get(k)!;
    c.journeys++;
  }
  const list = [...changes.values()].sort((p, q) => q.journeys - p.journeys || p.kind.localeCompare(q.kind) || p.from.localeCompare(q.from) || p.to.localeCompare(q.to));
  return { matched, totals: [ja.length, jb.length], changes: list };
}

/** Latency rows: the journeys' reported → outcome latency, then p50 and p99 of each layer's time. */
function latencyRows(ja: Journeys, jb: Journeys): CompareRow[] {
  const rows: CompareRow[] = [];
  const lat = (js: Journeys): number[] | null => (js ? js.flatMap((j) => (j.latencyNs === null ? [] : [j.latencyNs])).sort((x, y) => x - y) : null);
  const [la, lb] = [lat(ja), lat(jb)];
  const pick = (v: number[] | null, p: number): number | null => (v && v.length ? percentile(v, p) : null);
  for (const p of [50, 90, 99, 100]) rows.push(row('latency', `journey latency ${p === 100 ? 'max' : `p${p}`} (reported → outcome)`, pick(la, p), pick(lb, p), 'ns'));
  const [pa, pb] = [ja ? layerLatencies(ja) : [], jb ? layerLatencies(jb) : []];
  for (const layer of [...new Set([...pa, ...pb].map((l) => l.layer))]) {
    const [x, y] = [pa.find((l) => l.layer === layer)?.stats ?? null, pb.find((l) => l.layer === layer)?.stats ?? null];
    rows.push(row('latency', `${layer} p50`, x?.p50 ?? null, y?.p50 ?? null, 'ns'), row('latency', `${layer} p99`, x?.p99 ?? null, y?.p99 ?? null, 'ns'));
  }
  return rows.filter((r) => r.a !== null || r.b !== null);
}

function row(group: CompareRow['group'], name: string, a: number | null, b: number | null, unit: CompareRow['unit']): CompareRow {
  return { group, name, a, b, unit, changed: a !== b };
}

/**
 * Side by side: losses, every outcome that occurred in either run (flow.md §7 order), and, when
 * both runs' journeys are given, latency percentiles and the errors whose fate changed.
 * results.json carries no latency of its own, so without journeys there are no latency rows.
 */
export function compareResults(a: Results, b: Results, labels?: [string, string], journeys?: [Journeys, Journeys]): CompareTable {
  const [ja, jb] = journeys ?? [null, null];
  const lost = (r: Results): number => r.vms.reduce((t, v) => t + v.timeLostNs, 0);
  const total = (r: Results): number => OUTCOME_ORDER.reduce((t, o) => t + outcomeCount(r, o), 0);
  const rows: CompareRow[] = [
    row('losses', 'journeys', total(a), total(b), 'count'),
    row('losses', 'errors consumed', a.counts.errorsConsumed, b.counts.errorsConsumed, 'count'),
    row('losses', 'VMs lost', a.counts.vmsLost, b.counts.vmsLost, 'count'),
    row('losses', 'hosts lost', a.counts.hostsLost, b.counts.hostsLost, 'count'),
    row('losses', 'time lost to error handling', lost(a), lost(b), 'ns'),
    ...OUTCOME_ORDER.filter((o) => outcomeCount(a, o) + outcomeCount(b, o) > 0).map((o) => row('outcomes', o, outcomeCount(a, o), outcomeCount(b, o), 'count')),
    ...latencyRows(ja, jb),
  ];
  const info = (r: Results): CompareTable['runs'][0] => ({ scenario: r.scenario, profile: r.profile, seed: r.seed, simulatedNs: r.simulatedNs, complete: r.complete });
  return { labels: labels ?? defaultLabels(a, b), runs: [info(a), info(b)], rows, fates: ja && jb ? fateChanges(ja, jb) : null };
}

const value = (v: number | null, unit: CompareRow['unit']): string => (v === null ? '–' : unit === 'ns' ? fmtNs(v) : fmtInt(v));

/** `▲ +27 %`, `▼ −100 %`, `▲ new` (from 0), '' when equal or unknown. */
export function change(r: CompareRow): string {
  if (r.a === null || r.b === null) return r.a === r.b ? '' : 'n/a';
  if (r.a === r.b) return '';
  const arrow = r.b > r.a ? '▲' : '▼';
  if (r.a === 0) return `${arrow} new`;
  const pct = ((r.b - r.a) / r.a) * 100;
  return `${arrow} ${pct > 0 ? '+' : '−'}${Math.abs(pct) < 10 ? Math.abs(pct).toFixed(1) : Math.round(Math.abs(pct))} %`;
}

const GROUP_TITLE: Readonly<Record<CompareRow['group'], string>> = {
  losses: 'losses', outcomes: 'outcomes (journeys, flow.md §7 order)', latency: 'latency (simulated time, from the journeys)',
};

/**
 * `run B (upstream)` or `run A`: the run's place on the command line, and its label when that
 * says more; `source` (its file) is added when given. Two runs may well have the same label.
 */
function runName(t: CompareTable, i: 0 | 1, source?: string): string {
  const letter = i === 0 ? 'A' : 'B';
  const said = [...(t.labels[i] !== letter ? [t.labels[i]] : []), ...(source === undefined ? [] : [source])];
  return `run ${letter}${said.length > 0 ? ` (${said.join(', ')})` : ''}`;
}

/**
 * An aligned text table; changed rows start with `*` so they stand out without colour.
 * `sources`, the runs' files, are named in the warning about a run that did not complete.
 */
export function formatCompare(t: CompareTable, sources?: [string, string]): string {
  const [ra, rb] = t.runs;
  const lines = [`compare: ${ra.scenario} (${ra.profile}, seed ${ra.seed}) vs ${rb.scenario} (${rb.profile}, seed ${rb.seed})`];
  for (const i of [0, 1] as const) if (!t.runs[i].complete) lines.push(`warning: ${runName(t, i, sources?.[i])} did not complete; its results are partial`);
  const cells = t.rows.map((r) => [r.name, value(r.a, r.unit), value(r.b, r.unit), change(r)]);
  const w = [0, 1, 2, 3].map((i) => Math.max(...cells.map((c) => c[i]!.length), i === 0 ? 0 : t.labels[i - 1]?.length ?? 0));
  lines.push(`  ${''.padEnd(w[0]!)}  ${t.labels[0].padStart(w[1]!)}  ${t.labels[1].padStart(w[2]!)}  change`);
  let group = '';
  t.rows.forEach((r, i) => {
    if (r.group !== group) lines.push(GROUP_TITLE[(group = r.group)]);
    const c = cells[i]!;
    lines.push(`${r.changed ? '*' : ' '} ${c[0]!.padEnd(w[0]!)}  ${c[1]!.padStart(w[1]!)}  ${c[2]!.padStart(w[2]!)}  ${c[3]}`.trimEnd());
  });
  if (!t.rows.some((r) => r.group === 'latency')) lines.push('latency: not compared (give both runs\' journeys: run with --journeys)');
  if (t.fates) {
    const f = t.fates;
    lines.push(`same error, different fate (${f.matched} errors in both runs, of ${f.totals[0]} and ${f.totals[1]}; matched by host, time, VM and address):`);
    if (f.changes.length === 0) lines.push('  none: every error found in both runs had the same outcome');
    const kw = Math.max(0, ...f.changes.map((c) => c.kind.length));
    const fw = Math.max(0, ...f.changes.map((c) => c.from.length));
    const tw = Math.max(0, ...f.changes.map((c) => c.to.length));
    for (const c of f.changes) lines.push(`  ${c.kind.padEnd(kw)}  ${c.from.padEnd(fw)} → ${c.to.padEnd(tw)}  ×${c.journeys}`);
  }
  return lines.join('\n') + '\n';
}

/** One page: the run facts, outcome bars for both runs, the table with changes marked, fates, latency. */
export function compareHtml(a: Results, b: Results, journeysA: Journeys, journeysB: Journeys): string {
  const t = compareResults(a, b, undefined, [journeysA, journeysB]);
  const [la, lb] = t.labels;
  const out: string[] = [`<h1>rasflow compare: ${esc(la)} vs ${esc(lb)}</h1>`];
  if (a.scenario !== b.scenario) out.push('<p class="warn">The runs are of different scenarios: their errors are not the same errors.</p>');
  for (const i of [0, 1] as const) if (!t.runs[i].complete) out.push(`<p class="warn">${esc(runName(t, i).replace(/^r/, 'R'))} did not complete: its results are partial.</p>`);
  out.push(table(['', esc(la), esc(lb)], [
    ['scenario', esc(a.scenario), esc(b.scenario)], ['profile', `<b>${esc(a.profile)}</b>`, `<b>${esc(b.profile)}</b>`],
    ['seed', String(a.seed), String(b.seed)], ['simulated time', fmtNs(a.simulatedNs), fmtNs(b.simulatedNs)],
  ].map((c) => ({ cells: c, ...(c[1] !== c[2] ? { cls: 'changed' } : {}) })), () => false));

  const outcomes = t.rows.filter((r) => r.group === 'outcomes');
  // Runs without a single journey (a short run, a scenario without injectors) have no bars to draw.
  out.push('<h2>Outcomes</h2>', outcomes.length === 0 ? '<p class="note">No journeys in either run.</p>' : inlineSvg(barChart({
    title: 'Journeys by outcome', valueLabel: 'journeys', categories: outcomes.map((r) => r.name),
    series: [{ name: la, values: outcomes.map((r) => r.a ?? 0) }, { name: lb, values: outcomes.map((r) => r.b ?? 0) }],
  }), 'cmp-outcomes'));
  if (t.fates) {
    const f = t.fates;
    out.push('<h2>Same error, different fate</h2>', `<p class="note">${fmtInt(f.matched)} errors occurred in both runs (of ${fmtInt(f.totals[0])} and ${fmtInt(f.totals[1])}), matched by host, injection time, VM and address; errors injected per access depend on the access stream and need not recur.</p>`);
    out.push(f.changes.length === 0 ? '<p>Every error found in both runs had the same outcome.</p>'
      : table(['error', `outcome (${esc(la)})`, `outcome (${esc(lb)})`, 'errors'], f.changes.map((c) => [esc(c.kind), `<b>${esc(c.from)}</b>`, `<b>${esc(c.to)}</b>`, fmtInt(c.journeys)]), (c) => c === 3));
  }
  out.push('<h2>Side by side</h2>', '<p class="note">Highlighted rows differ; ▲/▼ is the direction of the second run against the first.</p>');
  let group = '';
  const rows = t.rows.flatMap((r) => {
    const head = r.group !== group ? [{ cells: [`<b>${esc(GROUP_TITLE[(group = r.group)])}</b>`, '', '', ''] }] : [];
    const cls = r.changed ? 'changed' : '';
    const ch = change(r);
    return [...head, { cells: [esc(r.name), value(r.a, r.unit), value(r.b, r.unit), ch ? `<span class="${ch.startsWith('▲') ? 'up' : 'down'}">${esc(ch)}</span>` : ''], ...(cls ? { cls } : {}) }];
  });
  out.push(table(['', esc(la), esc(lb), 'change'], rows));
  if (journeysA && journeysB) {
    const [pa, pb] = [layerLatencies(journeysA), layerLatencies(journeysB)];
    const layers = [...new Set([...pa, ...pb].map((l) => l.layer))];
    if (layers.length > 0) {
      out.push('<h2>Time spent per layer</h2>', inlineSvg(boxChart({
        title: 'Time spent per layer', categories: layers,
        series: [{ name: la, boxes: layers.map((l) => pa.find((x) => x.layer === l)?.stats ?? null) }, { name: lb, boxes: layers.map((l) => pb.find((x) => x.layer === l)?.stats ?? null) }],
      }), 'cmp-latency'));
      out.push(`<h3>${esc(la)}</h3>`, latencyTable(pa), `<h3>${esc(lb)}</h3>`, latencyTable(pb));
    }
  } else out.push('<p class="note">Latency is not compared: both runs\' journeys are needed (run with <code>--journeys</code>).</p>');
  return htmlPage(`rasflow compare: ${la} vs ${lb}`, out.join('\n'));
}
