/**
 * `rasflow run <scenario.json> [--profile seed|upstream] [--seed N] [--workers N] [--parallel] [--out DIR] [--journeys] [--trace] [--report] [--watchdog SECONDS] [--worker-heap MIB] [--checkpoint-every TIME] [--shard I/N] [--replications N] [--quiet]`:
 * validates a scenario, runs its hosts (on --workers worker threads, host i on worker i mod N,
 * each running its hosts one after another: threads/run-driver.ts; with --parallel every worker
 * runs a share of every host's vCPUs over shared memory, and the results depend on timing),
 * writes `DIR/results.json` (and `DIR/journeys.jsonl` with --journeys, `DIR/trace.json` with
 * --trace, `DIR/report.html` with --report), shows progress on stderr and prints a summary.
 * --checkpoint-every writes host snapshots to DIR/checkpoint/ for `rasflow resume`
 * (threads/checkpoint-files.ts); --shard I/N runs hosts h with h mod N = I - 1 only, for
 * `rasflow merge` (results/merge-results.ts); --replications N runs the scenario N times with derived
 * seeds into DIR/rep-NNN/ and writes DIR/fleet.json: rates per 1,000 host-years with 95 %
 * intervals (results/fleet-stats.ts).
 *
 * Exit codes: 0 done; 1 the file cannot be read, is not JSON, is not a valid scenario, a plugin
 * cannot be loaded or throws, or the files cannot be written; 2 wrong use; 130 / 143 stopped by
 * SIGINT / SIGTERM. Once hosts have run, results.json is written whatever happened, with
 * `complete: false` when the run did not finish.
 */
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { SCENARIO_SCHEMA } from '../scenario/scenario-schema.js';
import { validateScenario, ScenarioError } from '../scenario/validate-scenario.js';
import type { Scenario, ScenarioIssue } from '../scenario/scenario-types.js';
import { parseArgs } from './args.js';
import { UsageError, type CliIo, type Command } from './io.js';
import { jsonDuplicateKey, jsonErrorPosition } from './json-position.js';
import { executeRun } from './run-execute.js';
import { runReplications } from './run-replications.js';
import { parseSimTime } from './sim-time.js';

const NAME = 'run';
const USAGE = 'usage: rasflow run <scenario.json> [--profile seed|upstream] [--seed N] [--workers N] [--parallel] [--out DIR] [--journeys] [--trace] [--report] [--watchdog SECONDS] [--worker-heap MIB] [--checkpoint-every TIME] [--shard I/N] [--replications N] [--quiet]';

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
    const dup = jsonDuplicateKey(text);
    if (dup !== null) {
      io.err(`${NAME}: ${file}:${dup.at.line}:${dup.at.column}: the key ${JSON.stringify(dup.key)} is given twice in one object (first at line ${dup.first.line}, column ${dup.first.column}); JSON would keep only the last: remove one`);
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

/** The `run` subcommand (see the module comment). */
export const runCommand: Command = async (args, io) => {
  const { positional, flags } = parseArgs(NAME, args, { usage: USAGE, booleans: ['journeys', 'quiet', 'parallel', 'trace', 'report'], values: ['profile', 'seed', 'out', 'workers', 'watchdog', 'worker-heap', 'checkpoint-every', 'shard', 'replications'] });
  if (positional.length === 0) throw new UsageError(`${NAME}: missing the scenario file (${USAGE})`);
  if (positional.length > 1) throw new UsageError(`${NAME}: expected one scenario file, got ${positional.length}: ${positional.join(' ')}`);
  const seedText = flags.get('seed');
  // Checked here, as given, rather than by the validator after Number(): a seed of 20 digits
  // would be reported rounded (found 100000000000000000000) and -1 as not a decimal integer.
  const seedMax = SCENARIO_SCHEMA.properties.seed.maximum;
  if (typeof seedText === 'string' && (!/^[0-9]+$/.test(seedText) || BigInt(seedText) > BigInt(seedMax))) throw new UsageError(`${NAME}: --seed takes a decimal integer from 0 to ${seedMax}, not '${seedText}'`);
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
  const everyText = flags.get('checkpoint-every');
  const everyNs = typeof everyText === 'string' ? parseSimTime(everyText) : null;
  if (typeof everyText === 'string' && everyNs === null) throw new UsageError(`${NAME}: --checkpoint-every takes a simulated time such as 10ms, 1.5s, 200us or a number of ns, not '${everyText}'`);

  const file = resolve(io.cwd, positional[0]!);
  const loaded = await loadScenario(file, flags, io);
  if (!loaded.ok) return loaded.code;
  const s = loaded.scenario;
  const shardText = flags.get('shard');
  let shard: { index: number; count: number } | null = null;
  if (typeof shardText === 'string') {
    const m = /^([0-9]+)\/([0-9]+)$/.exec(shardText);
    const index = m === null ? NaN : Number(m[1]);
    const count = m === null ? NaN : Number(m[2]);
    if (!(index >= 1 && index <= count)) throw new UsageError(`${NAME}: --shard takes I/N with 1 ≤ I ≤ N (shard I of N), not '${shardText}'`);
    if (count > s.hosts.count) throw new UsageError(`${NAME}: --shard ${shardText}: the scenario has ${s.hosts.count} host${s.hosts.count === 1 ? '' : 's'}, so at most ${s.hosts.count} shards`);
    shard = { index, count };
  }
  const outDir = resolve(io.cwd, typeof outFlag === 'string' ? outFlag : join('out', outDirName(s.name)));
  const parallel = flags.has('parallel');
  const repText = flags.get('replications');
  if (typeof repText === 'string' && !/^0*[1-9][0-9]*$/.test(repText)) throw new UsageError(`${NAME}: --replications takes a positive decimal integer, not '${repText}'`);
  const replications = typeof repText === 'string' ? Number(repText) : null;
  if (replications !== null && (shard !== null || everyNs !== null)) throw new UsageError(`${NAME}: --replications runs whole scenarios: not with --shard or --checkpoint-every`);
  if (everyNs !== null && parallel) throw new UsageError(`${NAME}: --checkpoint-every needs a deterministic run, and --parallel is not one`);
  // Refused here rather than by `rasflow merge` after every shard has run: merging is exact only
  // because each shard's hosts do not depend on timing, which --parallel gives up.
  if (shard !== null && parallel) throw new UsageError(`${NAME}: --shard needs a deterministic run, and --parallel is not one: \`rasflow merge\` cannot combine shards whose results depend on timing`);
  const plan = {
    command: NAME, scenario: s, scenarioFile: file, baseDir: dirname(file), outDir, quiet,
    journeys: writeJourneys, trace, report, workers, parallel, watchdogMs,
    workerHeapMiB: typeof heapText === 'string' ? Number(heapText) : null,
    checkpoint: everyNs === null ? null : { everyNs, resume: false }, shard,
  };
  return replications === null ? executeRun(plan, io) : runReplications(plan, replications, io);
};
