/**
 * Reading what `rasflow run` wrote: results.json (given as the file or its directory) and, when
 * it is beside it, journeys.jsonl. Used by `rasflow compare`; errors name the file and the line.
 */
import { dirname, join, resolve } from 'node:path';
import type { JourneyRecord } from '../results/journey-record.js';
import type { Results } from '../report/html-report.js';
import { UsageError, type CliIo } from './io.js';

export interface RunFiles {
  resultsPath: string;
  results: Results;
  journeys: JourneyRecord[] | null;
}

const decoder = new TextDecoder();

async function readText(io: CliIo, path: string): Promise<string | null> {
  try {
    return decoder.decode(await io.readFile(path));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'EISDIR') return null;
    throw err;
  }
}

/** `arg` is a results.json file or a directory holding one. */
export async function readRunFiles(io: CliIo, command: string, arg: string): Promise<RunFiles> {
  const given = resolve(io.cwd, arg);
  let resultsPath = given;
  let text = await readText(io, given);
  if (text === null) {
    resultsPath = join(given, 'results.json');
    text = await readText(io, resultsPath);
  }
  if (text === null) throw new UsageError(`${command}: no results.json at '${arg}' (give the file or the directory \`rasflow run --out\` wrote)`);
  let results: Results;
  try {
    results = JSON.parse(text) as Results;
  } catch (err) {
    throw new UsageError(`${command}: ${resultsPath} is not JSON: ${(err as Error).message}`);
  }
  if (typeof (results as { rasflow?: unknown }).rasflow !== 'string' || typeof results.counts !== 'object' || results.counts === null || !Array.isArray(results.vms)) {
    throw new UsageError(`${command}: ${resultsPath} is not a rasflow results.json (it needs the fields rasflow, counts and vms)`);
  }
  const jPath = join(dirname(resultsPath), 'journeys.jsonl');
  const jText = await readText(io, jPath);
  let journeys: JourneyRecord[] | null = null;
  if (jText !== null) {
    journeys = [];
    const lines = jText.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!.trim();
      if (line === '') continue;
      try {
        journeys.push(JSON.parse(line) as JourneyRecord);
      } catch (err) {
        throw new UsageError(`${command}: ${jPath}:${i + 1} is not JSON: ${(err as Error).message}`);
      }
    }
  }
  return { resultsPath, results, journeys };
}
