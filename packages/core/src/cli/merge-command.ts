/**
 * `rasflow merge <dir|results.json>… --out DIR [--quiet]`: combines the results of the shards of
 * one run (`rasflow run --shard I/N`, I = 1 … N, run anywhere: local processes, a Kubernetes
 * Indexed Job, a Slurm array) into DIR/results.json, with exactly the counts, hosts and digest of
 * the run unsharded (results/merge-results.ts), and DIR/journeys.jsonl when every shard wrote one.
 *
 * Exit codes: 0 merged; 1 a shard is missing, given twice, of another scenario, or a file cannot
 * be read or written; 2 wrong use (also --out naming one of the shards' directories).
 */
import { realpath } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { mergeShards, MergeError, type ShardInput } from '../results/merge-results.js';
import { coreVersion, writeRunFiles } from '../results/write-results.js';
import type { ResultsJson } from '../results/results-json.js';
import { parseArgs } from './args.js';
import { UsageError, type Command } from './io.js';
import { readRunFiles } from './run-files.js';
import { shown } from './run-execute.js';
import { formatSummary, slowestJourney } from './run-summary.js';
import { tallyFates } from './run-fates.js';

const NAME = 'merge';
const USAGE = 'usage: rasflow merge <shard dir|results.json>… --out DIR [--quiet]';

/** Whether two paths are one directory, also through a symbolic link or `..`. */
async function sameDir(a: string, b: string): Promise<boolean> {
  const real = (p: string): Promise<string> => realpath(p).catch(() => resolve(p));
  return (await real(a)) === (await real(b));
}

export const mergeCommand: Command = async (args, io) => {
  const { positional, flags } = parseArgs(NAME, args, { usage: USAGE, booleans: ['quiet'], values: ['out'] });
  const out = flags.get('out');
  if (typeof out !== 'string' || out === '') throw new UsageError(`${NAME}: --out DIR is required (${USAGE})`);
  if (positional.length === 0) throw new UsageError(`${NAME}: give the shards' directories (${USAGE})`);
  const dir = resolve(io.cwd, out);
  const parts: ShardInput[] = [];
  for (const arg of positional) {
    // A shard that cannot be read throws a CommandFailure: runCli prints it and exits with 1.
    const f = await readRunFiles(io, NAME, arg);
    // Writing there would replace the shard's own results.json (and journeys.jsonl) with the
    // merged run's, losing the shard without a word.
    if (await sameDir(dirname(f.resultsPath), dir)) throw new UsageError(`${NAME}: --out ${out} is the directory of the shard '${arg}': the merged results would overwrite it; give a new directory`);
    parts.push({ label: arg, results: f.results as unknown as ResultsJson, journeys: f.journeys });
  }
  let merged;
  try {
    merged = mergeShards(parts, coreVersion());
  } catch (err) {
    if (!(err instanceof MergeError)) throw err;
    io.err(`${NAME}: ${err.message}`);
    return 1;
  }
  let files;
  try {
    files = await writeRunFiles(dir, merged.results, merged.journeys);
  } catch (err) {
    io.err(`${NAME}: cannot write to ${dir}: ${(err as Error).message}`);
    return 1;
  }
  const r = merged.results;
  if (!flags.has('quiet')) {
    const written = [files.results, ...(files.journeys === null ? [] : [files.journeys])].map((f) => shown(f, io.cwd));
    io.out(`rasflow merge: ${parts.length} shards of ${r.scenario} → ${r.hosts.length} of ${r.hostsInScenario} hosts, digest ${r.digest}`);
    // The slowest journey and the fates need the journeys: only when the shards wrote them.
    const j = merged.journeys;
    io.out(formatSummary(r, {
      slowest: j === null ? null : slowestJourney(j), files: written, stopReason: r.complete ? null : 'a shard did not complete',
      ...(j === null ? {} : { fates: tallyFates(j) }),
    }));
  }
  return 0;
};
