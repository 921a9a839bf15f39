/**
 * Reading what `rasflow run` wrote: results.json (given as the file or its directory) and, when
 * it is beside it, journeys.jsonl. Used by `rasflow compare` and `rasflow merge`. Every field
 * they read is checked here, so a file that is not what `rasflow run` writes is refused with its
 * name (and line) instead of printing `undefined` and `NaN` or crashing deep in a report; the
 * problems are CommandFailures (exit 1: input that cannot be used, not wrong use of the command).
 */
import { dirname, join, resolve } from 'node:path';
import { COUNT_KEYS } from '../engine/counts.js';
import type { JourneyRecord } from '../results/journey-record.js';
import type { Results } from '../report/html-report.js';
import { CommandFailure, type CliIo } from './io.js';

export interface RunFiles {
  resultsPath: string;
  results: Results;
  journeys: JourneyRecord[] | null;
}

const decoder = new TextDecoder();

async function readText(io: CliIo, command: string, path: string): Promise<string | null> {
  try {
    return decoder.decode(await io.readFile(path));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return null;
    throw new CommandFailure(`${command}: cannot read ${path}: ${(err as Error).message}`);
  }
}

type Kind = 'string' | 'number' | 'boolean' | 'object' | 'array' | 'number|null' | 'string|null';

/** JSON's name for what `v` is, for a message saying what was found instead. */
function found(v: unknown): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

function is(v: unknown, kind: Kind): boolean {
  switch (kind) {
    case 'array': return Array.isArray(v);
    case 'object': return typeof v === 'object' && v !== null && !Array.isArray(v);
    case 'number': return typeof v === 'number' && Number.isFinite(v);
    case 'number|null': return v === null || is(v, 'number');
    case 'string|null': return v === null || typeof v === 'string';
    default: return typeof v === kind;
  }
}

/** `field: expected a number, found a string` for each field of `o` that is not of its kind. */
function problems(o: Record<string, unknown>, fields: Readonly<Record<string, Kind>>, prefix = ''): string[] {
  const out: string[] = [];
  for (const [name, kind] of Object.entries(fields)) {
    if (!is(o[name], kind)) out.push(`${prefix}${name}: expected ${kind === 'array' || kind === 'object' ? `an ${kind}` : kind.replace('|', ' or ')}, found ${found(o[name])}`);
  }
  return out;
}

/** What compare and merge read of results.json (the per-element checks stop at the first bad element). */
const RESULTS_FIELDS: Readonly<Record<string, Kind>> = {
  rasflow: 'string', scenario: 'string', profile: 'string', seed: 'number', complete: 'boolean', simulatedNs: 'number',
  counts: 'object', vms: 'array', hosts: 'array',
};
const REQUIRED_COUNTS: Readonly<Record<string, Kind>> = { errorsConsumed: 'number', vmsLost: 'number', hostsLost: 'number' };

function resultsProblems(r: unknown): string[] {
  if (!is(r, 'object')) return [`expected an object, found ${found(r)}`];
  const o = r as Record<string, unknown>;
  const out = problems(o, RESULTS_FIELDS);
  if (is(o['counts'], 'object')) {
    const counts = o['counts'] as Record<string, unknown>;
    out.push(...problems(counts, REQUIRED_COUNTS, 'counts.'));
    // The other counters may be absent (an older file counts 0), but not of another type.
    for (const k of COUNT_KEYS) if (!(k in REQUIRED_COUNTS) && counts[k] !== undefined && !is(counts[k], 'number')) out.push(`counts.${k}: expected number, found ${found(counts[k])}`);
  }
  const elements = (name: string, fields: Readonly<Record<string, Kind>>): void => {
    const list = o[name];
    if (!Array.isArray(list)) return;
    for (let i = 0; i < list.length; i++) {
      const p = is(list[i], 'object') ? problems(list[i] as Record<string, unknown>, fields, `${name}[${i}].`) : [`${name}[${i}]: expected an object, found ${found(list[i])}`];
      if (p.length > 0) return void out.push(...p);
    }
  };
  elements('vms', { host: 'number', vm: 'number', timeLostNs: 'number' });
  elements('hosts', { host: 'number', journeys: 'number' });
  return out;
}

const JOURNEY_FIELDS: Readonly<Record<string, Kind>> = {
  host: 'number', atNs: 'number', vm: 'number', event: 'string', hostPa: 'string|null', steps: 'array', latencyNs: 'number|null', outcome: 'string',
};
const STEP_FIELDS: Readonly<Record<string, Kind>> = { layer: 'string', action: 'string', atNs: 'number' };

function journeyProblems(j: unknown): string[] {
  if (!is(j, 'object')) return [`expected a journey object, found ${found(j)}`];
  const o = j as Record<string, unknown>;
  const out = problems(o, JOURNEY_FIELDS);
  const steps = o['steps'];
  if (Array.isArray(steps)) {
    for (let i = 0; i < steps.length; i++) {
      const p = is(steps[i], 'object') ? problems(steps[i] as Record<string, unknown>, STEP_FIELDS, `steps[${i}].`) : [`steps[${i}]: expected an object, found ${found(steps[i])}`];
      if (p.length > 0) return [...out, ...p];
    }
  }
  return out;
}

async function readJourneys(io: CliIo, command: string, jPath: string): Promise<JourneyRecord[] | null> {
  const jText = await readText(io, command, jPath);
  if (jText === null) return null;
  const journeys: JourneyRecord[] = [];
  const lines = jText.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    let j: unknown;
    try {
      j = JSON.parse(line);
    } catch (err) {
      throw new CommandFailure(`${command}: ${jPath}:${i + 1} is not JSON: ${(err as Error).message}`);
    }
    const p = journeyProblems(j);
    if (p.length > 0) throw new CommandFailure(`${command}: ${jPath}:${i + 1} is not a rasflow journey: ${p.join('; ')}`);
    journeys.push(j as JourneyRecord);
  }
  return journeys;
}

/** `arg` is a results.json file or a directory holding one. */
export async function readRunFiles(io: CliIo, command: string, arg: string): Promise<RunFiles> {
  const given = resolve(io.cwd, arg);
  let resultsPath = given;
  let text = await readText(io, command, given);
  if (text === null) {
    resultsPath = join(given, 'results.json');
    text = await readText(io, command, resultsPath);
  }
  if (text === null) throw new CommandFailure(`${command}: no results.json at '${arg}' (give the file or the directory \`rasflow run --out\` wrote)`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new CommandFailure(`${command}: ${resultsPath} is not JSON: ${(err as Error).message}`);
  }
  const p = resultsProblems(parsed);
  if (p.length > 0) throw new CommandFailure(`${command}: ${resultsPath} is not a rasflow results.json: ${p.join('; ')}`);
  const results = parsed as Results;
  const jPath = join(dirname(resultsPath), 'journeys.jsonl');
  const journeys = await readJourneys(io, command, jPath);
  if (journeys !== null) {
    // `rasflow run --out DIR` without --journeys leaves an earlier run's journeys.jsonl in DIR:
    // comparing or merging that with this results.json would mix two runs without a word.
    const expected = results.hosts.reduce((n, h) => n + h.journeys, 0);
    if (journeys.length !== expected) {
      throw new CommandFailure(
        `${command}: ${jPath} has ${journeys.length} journey${journeys.length === 1 ? '' : 's'} but ${resultsPath} counts ${expected} (the sum of hosts[].journeys): ` +
          'the journeys are from another run written into the same directory; re-run into a fresh --out directory (with --journeys)',
      );
    }
  }
  return { resultsPath, results, journeys };
}
