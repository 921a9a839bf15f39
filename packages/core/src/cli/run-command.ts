/**
 * `rasflow run <scenario.json> [--profile seed|upstream] [--seed N] [--workers N] [--parallel] [--out DIR] [--journeys] [--trace] [--report] [--watchdog SECONDS] [--worker-heap MIB] [--quiet]`:
 * validates a scenario, runs its hosts (on --workers worker threads, host i on worker i mod N,
 * each running its hosts one after another: threads/run-driver.ts; with --parallel every worker
 * runs a share of every host's vCPUs over shared memory, and the results depend on timing),
 * writes `DIR/results.json` (and `DIR/journeys.jsonl` with --journeys, `DIR/trace.json` with
 * --trace, `DIR/report.html` with --report), shows progress on stderr and prints a summary.
 *
 * Exit codes: 0 done; 1 the file cannot be read, is not JSON, is not a valid scenario, a plugin
 * cannot be loaded or throws, or the files cannot be written; 2 wrong use; 130 / 143 stopped by
 * SIGINT / SIGTERM. Once hosts have run, results.json is written whatever happened, with
 * `complete: false` when the run did not finish.
 */
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { dirname, join, relative, resolve } from 'node:path';
import { validateScenario, ScenarioError } from '../scenario/validate-scenario.js';
import type { Scenario, ScenarioIssue } from '../scenario/scenario-types.js';
import { buildResultsJson } from '../results/results-json.js';
import { coreVersion, writeRunFiles } from '../results/write-results.js';
import { parseArgs } from './args.js';
import { UsageError, type CliIo, type Command } from './io.js';
import { jsonErrorPosition } from './json-position.js';
import { driveRun, STOP_SIGNALS, type DriveResult } from '../threads/run-driver.js';
import { formatSummary, startLine } from './run-summary.js';
import { RunProgress } from './run-progress.js';
import type { JourneyRecord } from '../results/journey-record.js';
import type { ResultsJson } from '../results/results-json.js';

/** DIR/trace.json: the journeys as Chrome Trace Event JSON (Perfetto UI, chrome://tracing). */
async function writeTrace(io: CliIo, outDir: string, s: Scenario, records: JourneyRecord[]): Promise<string> {
  const { buildTrace } = await import('../report/trace-events.js');
  const file = join(outDir, 'trace.json');
  await io.writeFile(file, JSON.stringify(buildTrace(records, { vcpusPerVm: s.vms.vcpus, scenarioName: s.name })));
  return file;
}

/** DIR/report.html: one self-contained page (no network needed). */
async function writeReport(io: CliIo, outDir: string, s: Scenario, results: ResultsJson, records: JourneyRecord[]): Promise<string> {
  const { htmlReport } = await import('../report/html-report.js');
  const file = join(outDir, 'report.html');
  await io.writeFile(file, htmlReport({ results, journeys: records, scenario: s }));
  return file;
}

const NAME = 'run';
const USAGE = 'usage: rasflow run <scenario.json> [--profile seed|upstream] [--seed N] [--workers N] [--parallel] [--out DIR] [--journeys] [--trace] [--report] [--watchdog SECONDS] [--worker-heap MIB] [--quiet]';

/**
 * The default output directory's last component: the scenario name with every character other
 * than letters, digits, `.`, `_` and `-` replaced by `_`, so a name cannot climb out of `out/`.
 */
export function outDirName(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9._-]/g, '_');
  return safe === '' || /^\.+$/.test(safe) ? 'scenario' : safe;
}

/** The scenario's JSON with --seed / --profile applied; other values are left to the validator. */
function applyOverrides(json: unknown, seed: number | undefined, profile: string | undefined): unknown {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return json;
  return { ...json, ...(seed === undefined ? {} : { seed }), ...(profile === undefined ? {} : { profile }) };
}

/** Says which issues come from a command-line value rather than from the file. */
function markOverrides(issues: ScenarioIssue[], flags: Map<string, string | true>): ScenarioIssue[] {
  return issues.map((i) => (i.path === 'seed' || i.path === 'profile') && flags.has(i.path)
    ? { ...i, message: `${i.message} (the value given by --${i.path})` }
    : i);
}

type Loaded = { ok: true; scenario: Scenario } | { ok: false; code: number };

/** Reads, parses and validates the scenario file, reporting any problem on stderr. */
async function loadScenario(file: string, flags: Map<string, string | true>, io: CliIo): Promise<Loaded> {
  let bytes: Uint8Array;
  try {
    bytes = await io.readFile(file);
  } catch (err) {
    io.err(`${NAME}: cannot read the scenario ${file}: ${(err as Error).message}`);
    return { ok: false, code: 1 };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    io.err(`${NAME}: ${file}: not valid JSON: the file is not UTF-8 text`);
    return { ok: false, code: 1 };
  }
  if (text.startsWith('\uFEFF')) text = text.slice(1); // a BOM some editors write; JSON.parse refuses it
  let json: unknown;
  if (/\.ya?ml$/i.test(file)) {
    // YAML scenarios: the same document as the JSON form, validated the same way.
    // Imported here: only YAML scenarios pay for loading the parser (~40 ms of every startup).
    const { parseDocument } = await import('yaml');
    const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
    const e = doc.errors[0];
    if (e !== undefined) {
      const before = text.slice(0, e.pos[0]).split('\n');
      io.err(`${NAME}: ${file}:${before.length}:${before.at(-1)!.length + 1}: not valid YAML: ${e.message.split('\n')[0]}`);
      return { ok: false, code: 1 };
    }
    json = doc.toJS({ maxAliasCount: 100 }) as unknown;
  } else {
    try {
      json = JSON.parse(text);
    } catch (err) {
      const message = (err as Error).message;
      const at = jsonErrorPosition(text, message);
      const where = at === null ? file : `${file}:${at.line}:${at.column}`;
      io.err(`${NAME}: ${where}: not valid JSON${at === null ? '' : ` (at position ${at.offset}, line ${at.line}, column ${at.column})`}: ${message}`);
      return { ok: false, code: 1 };
    }
  }
  const seedText = flags.get('seed');
  const profile = flags.get('profile');
  const v = validateScenario(applyOverrides(json, seedText === undefined ? undefined : Number(seedText), typeof profile === 'string' ? profile : undefined));
  if (!v.ok) {
    io.err(`${NAME}: ${new ScenarioError(markOverrides(v.issues, flags), file).message}`);
    return { ok: false, code: 1 };
  }
  return { ok: true, scenario: v.scenario };
}

/** A path for messages: relative to the working directory when under it. */
function shown(path: string, cwd: string): string {
  const r = relative(cwd, path);
  return r !== '' && !r.startsWith('..') && !r.startsWith('/') ? r : path;
}

/** Why the run is incomplete, for the summary and stderr. */
function stopReason(d: DriveResult): string | null {
  if (d.failure !== null) {
    return d.failure.kind === 'plugin' ? `plugin error on host ${d.failure.host}`
      : d.failure.kind === 'watchdog' ? `a plugin hook on host ${d.failure.host} did not return`
        : d.failure.kind === 'crash' ? 'a simulation thread ended' : 'internal error';
  }
  return d.signal !== null ? `interrupted by ${d.signal}` : null;
}

/** The `run` subcommand (see the module comment). */
export const runCommand: Command = async (args, io) => {
  const { positional, flags } = parseArgs(NAME, args, { booleans: ['journeys', 'quiet', 'help', 'parallel', 'trace', 'report'], values: ['profile', 'seed', 'out', 'workers', 'watchdog', 'worker-heap'] });
  if (flags.has('help')) {
    io.out(USAGE);
    return 0;
  }
  if (positional.length === 0) throw new UsageError(`${NAME}: missing the scenario file (${USAGE})`);
  if (positional.length > 1) throw new UsageError(`${NAME}: expected one scenario file, got ${positional.length}: ${positional.join(' ')}`);
  const seedText = flags.get('seed');
  if (typeof seedText === 'string' && !/^[0-9]+$/.test(seedText)) throw new UsageError(`${NAME}: --seed takes a decimal integer, not '${seedText}'`);
  const workersText = flags.get('workers');
  if (typeof workersText === 'string' && !/^0*[1-9][0-9]*$/.test(workersText)) throw new UsageError(`${NAME}: --workers takes a positive decimal integer, not '${workersText}'`);
  const workers = typeof workersText === 'string' ? Number(workersText) : Math.max(1, availableParallelism());
  const watchdogText = flags.get('watchdog');
  if (typeof watchdogText === 'string' && !(/^[0-9]+(\.[0-9]+)?$/.test(watchdogText))) throw new UsageError(`${NAME}: --watchdog takes seconds (0: off), not '${watchdogText}'`);
  const watchdogMs = typeof watchdogText === 'string' ? Number(watchdogText) * 1000 : 30_000;
  const heapText = flags.get('worker-heap');
  if (typeof heapText === 'string' && !/^0*[1-9][0-9]*$/.test(heapText)) throw new UsageError(`${NAME}: --worker-heap takes MiB (a positive integer), not '${heapText}'`);
  const outFlag = flags.get('out');
  if (outFlag === '') throw new UsageError(`${NAME}: --out needs a directory`);
  const quiet = flags.has('quiet');
  const writeJourneys = flags.has('journeys');
  const trace = flags.has('trace');
  const report = flags.has('report');
  // The trace and the report are made from the journey records, so those are kept for them too.
  const keepJourneys = writeJourneys || trace || report;

  const file = resolve(io.cwd, positional[0]!);
  const loaded = await loadScenario(file, flags, io);
  if (!loaded.ok) return loaded.code;
  const s = loaded.scenario;
  const outDir = resolve(io.cwd, typeof outFlag === 'string' ? outFlag : join('out', outDirName(s.name)));

  if (!quiet) io.out(startLine(s, shown(outDir, io.cwd)));
  const progress = quiet || io.progress === undefined ? null : new RunProgress(s, io.progress);
  let d: DriveResult;
  try {
    d = await driveRun(s, {
      baseDir: dirname(file), keepJourneys, workers, parallel: flags.has('parallel'), watchdogMs,
      ...(typeof heapText === 'string' ? { workerHeapMiB: Number(heapText) } : {}),
      ...(progress === null ? {} : { onControl: (h) => progress.attach(h) }),
    });
  } finally {
    progress?.finish();
  }
  if (d.failure?.kind === 'load') {
    io.err(`${NAME}: ${d.failure.message}`);
    return 1;
  }

  const results = buildResultsJson({
    scenario: s, run: d.output, wallSeconds: d.output.wallSeconds, version: coreVersion(), reachedNs: d.reachedNs,
    workers: d.workers, perWorker: d.perWorker, deterministic: d.deterministic,
    // maxRSS is in KiB and covers the whole process, worker threads included.
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    // The main thread's timeOrigin is the process start; the workers sent absolute times.
    startup: { firstAccessMs: d.firstAccessEpochMs === null ? null : Math.round((d.firstAccessEpochMs - performance.timeOrigin) * 1000) / 1000 },
  });
  // Hosts are in host order and each host's records in sequence order: the canonical order.
  const hosts = d.output.hosts;
  const journeys = writeJourneys ? (function* () { for (const h of hosts) yield* h.records ?? []; })() : null;
  let files;
  const extra: string[] = [];
  try {
    files = await writeRunFiles(outDir, results, journeys);
    if (trace || report) {
      const records = hosts.flatMap((h) => h.records ?? []);
      if (trace) extra.push(await writeTrace(io, outDir, s, records));
      if (report) extra.push(await writeReport(io, outDir, s, results, records));
    }
  } catch (err) {
    io.err(`${NAME}: cannot write the results to ${outDir}: ${(err as Error).message}`);
    return 1;
  }
  const written = [files.results, ...(files.journeys === null ? [] : [files.journeys]), ...extra].map((p) => shown(p, io.cwd));
  const reason = stopReason(d);
  if (!quiet) io.out(formatSummary(results, { slowest: d.slowest, files: written, stopReason: reason, fates: d.fates }));
  if (d.failure !== null) {
    // A crash's stack helps only whoever debugs rasflow itself (RASFLOW_DEBUG=1).
    const detail = d.failure.kind === 'crash' && process.env['RASFLOW_DEBUG'] === '1' ? d.failure.stack : d.failure.message;
    io.err(`${NAME}: ${detail}\n${NAME}: partial results (complete: false) written to ${written[0]}`);
    return 1;
  }
  if (d.signal !== null) {
    io.err(`${NAME}: interrupted by ${d.signal} at ${results.simulatedNs} ns simulated; partial results (complete: false) written to ${written[0]}`);
    return STOP_SIGNALS[d.signal];
  }
  return 0;
};
