/**
 * The summary's "what happened to each kind of error": journeys grouped by the hardware event and
 * how it showed up (a poisoned load at EL0 or EL1, a fetch, an SError by syndrome, a corrected
 * error), each with its outcomes. This is the table that shows two profiles giving the same errors
 * different fates.
 */
import { OUTCOMES } from '../plugin/vocabulary.js';
import type { JourneyRecord } from '../results/journey-record.js';

/** kind → outcome → journeys. */
export type Fates = Record<string, Record<string, number>>;

const AET_NAMES: Record<number, string> = { 0: 'UC', 1: 'UEU', 2: 'UEO', 3: 'UER', 6: 'CE' };

/** The row a journey belongs to. */
export function journeyKind(r: JourneyRecord): string {
  if (r.event === 'ce') return 'corrected error';
  if (r.event === 'serror') {
    const inj = r.steps.find((s) => s.action === 'inject-serror');
    const esr = inj?.esr === undefined ? 0 : parseInt(inj.esr, 16);
    if (((esr >>> 24) & 1) === 1) return 'SError IDS';
    if ((esr & 0x3f) !== 0x11) return 'SError uncategorized';
    const aet = AET_NAMES[(esr >>> 10) & 7] ?? 'reserved';
    return `SError ${aet}${r.hostPa === null ? ', no address' : ''}`;
  }
  const consume = r.steps.find((s) => s.action === 'consume');
  if (consume === undefined) return 'poison, not consumed';
  if (r.steps.some((s) => s.action === 'route-host')) return 'poison, VMM read';
  const fetch = r.steps.some((s) => s.action === 'fake-sea-el2' && s.esr !== undefined && (parseInt(s.esr, 16) >>> 26) === 0x20);
  return `poison, ${fetch ? 'fetch' : 'load'} at EL${r.el ?? 0}`;
}

export function tallyFates(records: Iterable<JourneyRecord>, into: Fates = {}): Fates {
  for (const r of records) {
    const k = journeyKind(r);
    const row = (into[k] ??= {});
    row[r.outcome] = (row[r.outcome] ?? 0) + (r.count ?? 1);
  }
  return into;
}

export function mergeFates(a: Fates, b: Fates): Fates {
  for (const [k, row] of Object.entries(b)) {
    const into = (a[k] ??= {});
    for (const [o, n] of Object.entries(row)) into[o] = (into[o] ?? 0) + n;
  }
  return a;
}

/** The table: one row per kind, one column per outcome that occurred (in severity order). */
export function formatFates(f: Fates): string[] {
  const kinds = Object.keys(f).sort();
  if (kinds.length === 0) return [];
  const cols = OUTCOMES.filter((o) => kinds.some((k) => (f[k]![o] ?? 0) > 0));
  const kw = Math.max(...kinds.map((k) => k.length), 'error'.length);
  const widths = cols.map((c) => Math.max(c.length, 3));
  const head = `${'error'.padEnd(kw)}  ${cols.map((c, i) => c.padStart(widths[i]!)).join('  ')}`;
  const lines = ['what happened to each kind of error (journeys):', head];
  for (const k of kinds) {
    lines.push(`${k.padEnd(kw)}  ${cols.map((c, i) => String(f[k]![c] ?? '·').padStart(widths[i]!)).join('  ')}`);
  }
  return lines;
}
