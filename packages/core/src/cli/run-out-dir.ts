/**
 * The run's output directory around a run: checked before any worker starts (a directory that
 * cannot take files would otherwise be found out after the whole simulation, losing it), cleared
 * of what an earlier run into it left and this run does not write again (a stale journeys.jsonl
 * beside a new results.json misleads `compare` and the report), and guarded while the results are
 * written: a signal then lets the files be finished instead of killing the process half-way.
 */
import { constants, existsSync } from 'node:fs';
import { access, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { JOURNEYS_FILE } from '../results/write-results.js';
import { CHECKPOINT_DIR } from '../threads/checkpoint-files.js';
import { STOP_SIGNALS, type StopSignal } from '../threads/run-driver.js';

/** Files a run writes besides results.json, each only when asked for. */
export const OPTIONAL_OUTPUTS = { journeys: JOURNEYS_FILE, trace: 'trace.json', report: 'report.html' } as const;

/**
 * Checks, creating nothing (a run whose plugins turn out not to load leaves no directory), that
 * `dir` can be made and written: its nearest existing ancestor is a directory this process may
 * write into. Throws what is in the way (a file, no permission, a read-only file system).
 */
export async function checkOutDir(dir: string): Promise<void> {
  for (let d = dir; ; d = dirname(d)) {
    let st;
    try {
      st = await stat(d);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(d) === d) throw err;
      continue;
    }
    if (!st.isDirectory()) throw Object.assign(new Error(`ENOTDIR: ${d} is not a directory`), { code: 'ENOTDIR' });
    await access(d, constants.W_OK | constants.X_OK);
    return;
  }
}

/**
 * A run that does not resume starts afresh: the checkpoint of an earlier run into `dir` would
 * otherwise be resumed over this run's results by a later `rasflow resume DIR`. Returns whether
 * one was removed.
 */
export async function dropOldCheckpoint(dir: string): Promise<boolean> {
  const cp = join(dir, CHECKPOINT_DIR);
  if (!existsSync(cp)) return false;
  await rm(cp, { recursive: true, force: true });
  return true;
}

/** Removes the optional outputs this run does not write (an earlier run's). */
export async function dropStaleOutputs(dir: string, writes: Record<keyof typeof OPTIONAL_OUTPUTS, boolean>): Promise<void> {
  for (const [k, file] of Object.entries(OPTIONAL_OUTPUTS)) {
    if (!writes[k as keyof typeof OPTIONAL_OUTPUTS]) await rm(join(dir, file), { force: true });
  }
}

/**
 * SIGINT/SIGTERM while the results are written: the first is remembered and the writing goes on
 * (the files are whole either way); a second one ends the process at once with the signal's exit
 * code. Installed before the run starts, so that no moment between the run's own handlers and the
 * writing is left to Node's default (which kills the process).
 */
export class WritePhaseSignals {
  /** The first signal that came after the run ended, if any. */
  late: StopSignal | null = null;
  private writing = false;
  private readonly handlers = (Object.keys(STOP_SIGNALS) as StopSignal[]).map((name) => [name, (): void => this.on(name)] as const);

  constructor() {
    for (const [name, h] of this.handlers) process.on(name, h);
  }

  /** The run is over: signals from now on are the writing phase's. */
  startWriting(): void {
    this.writing = true;
  }

  /** Removes the handlers. */
  close(): void {
    for (const [name, h] of this.handlers) process.off(name, h);
  }

  private on(name: StopSignal): void {
    if (!this.writing) {
      // While the run runs its own handlers (run-driver.ts) stop it; before they are installed
      // the signal ends the process, as it would without this guard.
      if (process.listenerCount(name) <= 1) process.exit(STOP_SIGNALS[name]);
      return;
    }
    if (this.late === null) {
      this.late = name;
      process.stderr.write(`rasflow: ${name} while the results are written: finishing them (${name} again to quit now)\n`);
      return;
    }
    process.exit(STOP_SIGNALS[name]);
  }
}
