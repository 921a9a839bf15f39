/**
 * `rasflow compare <a> <b> [--report FILE] [--json]`: two runs side by side (outcomes, latency
 * percentiles, time lost to error handling, VMs and hosts lost), differences marked. `<a>` and
 * `<b>` are results.json files or the directories `rasflow run --out` wrote; a journeys.jsonl
 * beside them (`--journeys`) adds latencies and the fate of the same errors in both runs.
 */
import { resolve } from 'node:path';
import { compareHtml, compareResults, formatCompare } from '../report/compare.js';
import { parseArgs } from './args.js';
import { UsageError, writeOutput, type Command } from './io.js';
import { readRunFiles } from './run-files.js';

const USAGE = 'usage: rasflow compare <results.json|dir> <results.json|dir> [--report FILE] [--json]';

export const compareCommand: Command = async (argv, io) => {
  const args = parseArgs('compare', argv, { usage: USAGE, booleans: ['json'], values: ['report'] });
  if (args.positional.length !== 2) throw new UsageError(`compare: needs two runs, got ${args.positional.length}\n${USAGE}`);
  // One after the other: with both missing, the first one is named, whichever read fails first.
  const a = await readRunFiles(io, 'compare', args.positional[0]!);
  const b = await readRunFiles(io, 'compare', args.positional[1]!);
  const table = compareResults(a.results, b.results, undefined, [a.journeys, b.journeys]);
  if (args.flags.has('json')) io.out(JSON.stringify(table, null, 2));
  else io.out(formatCompare(table, [a.resultsPath, b.resultsPath]));
  const report = args.flags.get('report');
  if (typeof report === 'string') {
    const file = resolve(io.cwd, report);
    await writeOutput(io, 'compare', 'the report', file, compareHtml(a.results, b.results, a.journeys, b.journeys));
    if (!args.flags.has('json')) io.out(`wrote ${file}`);
  }
  return 0;
};
