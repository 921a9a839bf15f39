/**
 * `rasflow resume <dir> [--workers N] [--quiet]`: continues a run started with
 * `--checkpoint-every` that did not complete (Ctrl-C, a kill, a crash of the machine): the hosts
 * it finished are taken from the checkpoint, the others start from their last snapshots (or from
 * the beginning if they had none), and the results are written as `rasflow run` writes them. A
 * resumed run ends with the same digest as a run never interrupted (threads/checkpoint-files.ts).
 *
 * `<dir>` is the run's output directory (or its `checkpoint/` directory). The scenario and the
 * options come from the checkpoint's run.json; only the number of worker threads, which does not
 * change the results, and --quiet may differ.
 *
 * Exit codes as for `rasflow run`; 1 also when `<dir>` holds no checkpoint that can be resumed.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { CHECKPOINT_DIR, CheckpointError, readManifest } from '../threads/checkpoint-files.js';
import { validateScenario, ScenarioError } from '../scenario/validate-scenario.js';
import { parseArgs } from './args.js';
import { UsageError, type Command } from './io.js';
import { executeRun } from './run-execute.js';

const NAME = 'resume';
const USAGE = 'usage: rasflow resume <dir> [--workers N] [--quiet]';

export const resumeCommand: Command = async (args, io) => {
  const { positional, flags } = parseArgs(NAME, args, { usage: USAGE, booleans: ['quiet'], values: ['workers'] });
  if (positional.length !== 1) throw new UsageError(`${NAME}: expected one directory, the --out of the run to continue (${USAGE})`);
  const workersText = flags.get('workers');
  if (typeof workersText === 'string' && !/^0*[1-9][0-9]*$/.test(workersText)) throw new UsageError(`${NAME}: --workers takes a positive decimal integer, not '${workersText}'`);

  const given = resolve(io.cwd, positional[0]!);
  // The run's directory, or its checkpoint directory itself.
  const outDir = basename(given) === CHECKPOINT_DIR && existsSync(join(given, 'run.json')) ? dirname(given) : given;
  const cpDir = join(outDir, CHECKPOINT_DIR);
  if (!existsSync(cpDir)) {
    const done = existsSync(join(outDir, 'results.json')) ? ' (a run that completed removes its checkpoint)' : '';
    io.err(`${NAME}: ${outDir} has no ${CHECKPOINT_DIR}/ directory to resume from${done}; runs make one with --checkpoint-every`);
    return 1;
  }
  let m;
  try {
    m = readManifest(cpDir);
  } catch (err) {
    if (err instanceof CheckpointError) {
      io.err(`${NAME}: ${err.message}`);
      return 1;
    }
    throw err;
  }
  const v = validateScenario(m.scenario);
  if (!v.ok) {
    io.err(`${NAME}: ${new ScenarioError(v.issues, join(cpDir, 'run.json')).message}`);
    return 1;
  }
  const o = m.options;
  const workers = typeof workersText === 'string' ? Number(workersText) : Math.max(1, Math.min(o.workers, availableParallelism()));
  try {
    return await executeRun({
      command: NAME, scenario: v.scenario, scenarioFile: m.scenarioFile, baseDir: m.baseDir, outDir, quiet: flags.has('quiet'),
      journeys: o.journeys, trace: o.trace, report: o.report, workers, parallel: false, watchdogMs: o.watchdogMs,
      workerHeapMiB: o.workerHeapMiB, checkpoint: { everyNs: m.everyNs, resume: true }, shard: m.shard ?? null,
    }, io);
  } catch (err) {
    if (err instanceof CheckpointError) {
      io.err(`${NAME}: ${err.message}`);
      return 1;
    }
    throw err;
  }
};
