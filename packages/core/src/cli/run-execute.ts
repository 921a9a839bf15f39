/**
 * What `rasflow run` and `rasflow resume` share once they know what to run: drive the workers,
 * write results.json (and the journeys, trace and report asked for), print the summary, and say
 * how the run ended. With checkpoints, the checkpoint directory is made before the workers start,
 * kept when the run does not complete (its message says how to resume) and removed when it does.
 */
import { readdir, rm } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { join, relative } from 'node:path';
import type { Scenario } from '../scenario/scenario-types.js';
import { buildResultsJson, shardHosts, type ResultsJson } from '../results/results-json.js';
import { coreVersion, writeRunFiles } from '../results/write-results.js';
import type { JourneyRecord } from '../results/journey-record.js';
import { driveRun, STOP_SIGNALS, type DriveResult } from '../threads/run-driver.js';
import { CHECKPOINT_DIR, MANIFEST_VERSION, startCheckpointDir } from '../threads/checkpoint-files.js';
import type { CliIo } from './io.js';
import { PluginLoadError } from '../plugin/plugin-error.js';
import { importPluginModules, type ImportedPluginSet } from '../engine/run-scenario.js';
import { formatSummary, startLine } from './run-summary.js';
import { RunProgress } from './run-progress.js';
import { checkOutDir, dropOldCheckpoint, dropStaleOutputs, WritePhaseSignals } from './run-out-dir.js';

/** Everything a run needs, whether it starts now or resumes from a checkpoint. */
export interface RunPlan {
  /** The subcommand, for messages. */
  command: string;
  scenario: Scenario;
  scenarioFile: string;
  baseDir: string;
  outDir: string;
  quiet: boolean;
  journeys: boolean;
  trace: boolean;
  report: boolean;
  workers: number;
  parallel: boolean;
  watchdogMs: number;
  workerHeapMiB: number | null;
  /** --checkpoint-every, and whether this run resumes the checkpoint in outDir. */
  checkpoint: { everyNs: number; resume: boolean } | null;
  /** --shard i/n: only hosts h with h mod n = i - 1 (1 ≤ i ≤ n ≤ hosts.count). */
  shard: { index: number; count: number } | null;
}

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

/** A path for messages: relative to the working directory when under it. */
export function shown(path: string, cwd: string): string {
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

/** Runs `p` and reports it; returns the exit code (see run-command.ts). */
export async function executeRun(p: RunPlan, io: CliIo): Promise<number> {
  const s = p.scenario;
  const name = p.command;
  const cpDir = join(p.outDir, CHECKPOINT_DIR);
  // Every plugin module is imported here, before any worker starts (and before a checkpoint
  // directory is made for a run that cannot start); driveRun validates the options while the
  // worker threads start.
  let imported: ImportedPluginSet;
  try {
    imported = await importPluginModules(s, p.baseDir);
  } catch (err) {
    if (!(err instanceof PluginLoadError)) throw err;
    io.err(`${name}: ${err.message}`);
    return 1;
  }
  // Found out now, not after the whole simulation.
  try {
    await checkOutDir(p.outDir);
  } catch (err) {
    io.err(`${name}: cannot write to the output directory ${shown(p.outDir, io.cwd)}: ${(err as Error).message}`);
    return 1;
  }
  if (p.checkpoint !== null && !p.checkpoint.resume) {
    try {
      startCheckpointDir(cpDir, {
        version: MANIFEST_VERSION, rasflow: coreVersion(), scenarioFile: p.scenarioFile, baseDir: p.baseDir, scenario: s,
        everyNs: p.checkpoint.everyNs, shard: p.shard,
        options: { workers: p.workers, journeys: p.journeys, trace: p.trace, report: p.report, watchdogMs: p.watchdogMs, workerHeapMiB: p.workerHeapMiB },
      });
    } catch (err) {
      io.err(`${name}: cannot make the checkpoint directory ${cpDir}: ${(err as Error).message}`);
      return 1;
    }
  }
  if (!p.quiet) io.out(startLine(s, shown(p.outDir, io.cwd), name));
  if (!p.quiet && p.checkpoint?.resume === true) {
    const names = await readdir(cpDir);
    const done = names.filter((n) => n.endsWith('.done')).length;
    const snaps = names.filter((n) => n.endsWith('.snap')).length;
    io.out(`resuming ${shown(cpDir, io.cwd)}: ${done} of ${s.hosts.count} hosts finished before; ${snaps} continue${snaps === 1 ? 's' : ''} from ${snaps === 1 ? 'its' : 'their'} last snapshot${snaps === 1 ? '' : 's'}`);
  }
  const shardOf = p.shard === null ? undefined : shardHosts(s.hosts.count, p.shard.index, p.shard.count);
  const progress = p.quiet || io.progress === undefined ? null : new RunProgress(s, io.progress, shardOf?.length);
  const signals = new WritePhaseSignals();
  try {
    let d: DriveResult;
    try {
      d = await driveRun(s, {
        baseDir: p.baseDir, outDir: p.outDir, imported, keepJourneys: p.journeys || p.trace || p.report, workers: p.workers, parallel: p.parallel, watchdogMs: p.watchdogMs,
        ...(p.workerHeapMiB === null ? {} : { workerHeapMiB: p.workerHeapMiB }),
        ...(shardOf === undefined ? {} : { hosts: shardOf }),
        ...(p.checkpoint === null ? {} : { checkpoint: { dir: cpDir, ...p.checkpoint } }),
        ...(progress === null ? {} : { onControl: (h) => progress.attach(h), onControlEnd: () => progress.finish() }),
        // Said at once: with a hook that takes long, a silent first Ctrl-C looks ignored.
        onStopSignal: (sig, first) => {
          progress?.finish();
          io.err(first
            ? `${name}: ${sig}: stopping at the end of the current slice, then writing what ran (${sig} again to abandon the running hosts)`
            : `${name}: ${sig} again: abandoning the running hosts`);
        },
      });
    } catch (err) {
      if (!(err instanceof PluginLoadError)) throw err;
      // Options that do not validate: no host ran, and a fresh checkpoint has nothing to resume.
      if (p.checkpoint !== null && !p.checkpoint.resume) await rm(cpDir, { recursive: true, force: true });
      io.err(`${name}: ${err.message}`);
      return 1;
    } finally {
      progress?.finish();
    }
    if (d.failure?.kind === 'load') {
      io.err(`${name}: ${d.failure.message}`);
      return 1;
    }
    signals.startWriting();
    // Only once this run has run: a run refused before (bad options) leaves an earlier one's
    // checkpoint to resume.
    if (p.checkpoint === null && await dropOldCheckpoint(p.outDir) && !p.quiet) {
      io.err(`${name}: removed the checkpoint an earlier run left in ${shown(p.outDir, io.cwd)} (this run replaces its results)`);
    }

    const results = buildResultsJson({
      scenario: s, run: d.output, wallSeconds: d.output.wallSeconds, version: coreVersion(), reachedNs: d.reachedNs,
      workers: d.workers, perWorker: d.perWorker, deterministic: d.deterministic, shard: p.shard,
      // maxRSS is in KiB and covers the whole process, worker threads included.
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
      // The main thread's timeOrigin is the process start; the workers sent absolute times.
      startup: { firstAccessMs: d.firstAccessEpochMs === null ? null : Math.round((d.firstAccessEpochMs - performance.timeOrigin) * 1000) / 1000 },
    });
    // Hosts are in host order and each host's records in sequence order: the canonical order.
    const hosts = d.output.hosts;
    const journeys = p.journeys ? (function* () { for (const h of hosts) yield* h.records ?? []; })() : null;
    let files;
    const extra: string[] = [];
    try {
      await dropStaleOutputs(p.outDir, { journeys: p.journeys, trace: p.trace, report: p.report });
      files = await writeRunFiles(p.outDir, results, journeys);
      if (p.trace || p.report) {
        const records = hosts.flatMap((h) => h.records ?? []);
        if (p.trace) extra.push(await writeTrace(io, p.outDir, s, records));
        if (p.report) extra.push(await writeReport(io, p.outDir, s, results, records));
      }
    } catch (err) {
      io.err(`${name}: cannot write the results to ${p.outDir}: ${(err as Error).message}`);
      return 1;
    }
    // A complete run needs its checkpoint no more; an incomplete one is resumed from it.
    if (p.checkpoint !== null && d.output.complete) await rm(cpDir, { recursive: true, force: true });
    // A damaged checkpoint file would fail the same way again: the message says what to remove.
    const damaged = d.failure?.kind === 'crash' && d.failure.message.startsWith('CheckpointError');
    const resumeHint = p.checkpoint !== null && !d.output.complete && !damaged ? `\n${name}: continue it with: rasflow resume ${shown(p.outDir, io.cwd)}` : '';
    const written = [files.results, ...(files.journeys === null ? [] : [files.journeys]), ...extra].map((f) => shown(f, io.cwd));
    const reason = stopReason(d);
    if (!p.quiet) io.out(formatSummary(results, { slowest: d.slowest, files: written, stopReason: reason, fates: d.fates }));
    if (d.failure !== null) {
      // A crash's stack helps only whoever debugs rasflow itself (RASFLOW_DEBUG=1).
      const detail = d.failure.kind === 'crash' && process.env['RASFLOW_DEBUG'] === '1' ? d.failure.stack : d.failure.message;
      io.err(`${name}: ${detail}\n${name}: partial results (complete: false) written to ${written[0]}${resumeHint}`);
      return 1;
    }
    if (d.signal !== null) {
      io.err(`${name}: interrupted by ${d.signal} at ${results.simulatedNs} ns simulated; partial results (complete: false) written to ${written[0]}${resumeHint}`);
      return STOP_SIGNALS[d.signal];
    }
    if (signals.late !== null) {
      io.err(`${name}: ${signals.late} came while the results were written; they were written in full to ${written[0]}`);
      return STOP_SIGNALS[signals.late];
    }
    return 0;
  } finally {
    signals.close();
  }
}
