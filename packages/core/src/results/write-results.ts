/**
 * Writing the files of a run: `results.json` and, on request, `journeys.jsonl`. Each file is
 * written to `<name>.tmp` in the same directory and then renamed over the final name, so a reader
 * (or a run killed while writing) never sees half a file: either the old file or the new one.
 */
import { readFileSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { makeDir } from '../util/make-dir.js';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JourneyRecord } from './journey-record.js';
import type { ResultsJson } from './results-json.js';

/** File names inside the output directory. */
export const RESULTS_FILE = 'results.json';
export const JOURNEYS_FILE = 'journeys.jsonl';

let version: string | undefined;

/**
 * The version of @rasflow/core, from its package.json. The module sits at `src/results` in the
 * sources and `dist/src/results` when compiled, so the file is found by walking up rather than by
 * a fixed relative path.
 */
export function coreVersion(): string {
  if (version !== undefined) return version;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === '@rasflow/core' && typeof pkg.version === 'string') return (version = pkg.version);
    } catch {
      // No (readable) package.json here: keep walking up.
    }
    const up = dirname(dir);
    if (up === dir) throw new Error('rasflow: cannot find the package.json of @rasflow/core above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
}

/**
 * Writes `path` atomically: the chunks go to `path.tmp`, which is flushed and then renamed over
 * `path`. On failure the temporary file is removed and `path` is left as it was.
 */
export async function writeFileAtomic(path: string, chunks: Iterable<string>): Promise<void> {
  const tmp = path + '.tmp';
  const fh = await open(tmp, 'w');
  let renamed = false;
  try {
    for (const chunk of chunks) await fh.write(chunk);
    // The data must be on disk before the rename makes it visible under the final name.
    await fh.sync();
    await fh.close();
    await rename(tmp, path);
    renamed = true;
  } finally {
    if (!renamed) {
      await fh.close().catch(() => undefined);
      await rm(tmp, { force: true }).catch(() => undefined);
    }
  }
}

/** The lines of journeys.jsonl, joined in blocks so a million journeys are not one huge string. */
export function* journeyLines(records: Iterable<JourneyRecord>, perChunk = 4096): Generator<string> {
  let block: string[] = [];
  for (const r of records) {
    block.push(JSON.stringify(r) + '\n');
    if (block.length >= perChunk) {
      yield block.join('');
      block = [];
    }
  }
  if (block.length > 0) yield block.join('');
}

/** Where {@link writeRunFiles} wrote. */
export interface WrittenFiles {
  results: string;
  journeys: string | null;
}

/**
 * Creates `dir` if needed and writes journeys.jsonl (when `journeys` is given, in the order
 * given: canonical order is the caller's) and then results.json, so a results.json never
 * describes journeys that are not on disk yet.
 */
export async function writeRunFiles(dir: string, results: ResultsJson, journeys: Iterable<JourneyRecord> | null): Promise<WrittenFiles> {
  await makeDir(dir);
  let journeysPath: string | null = null;
  if (journeys !== null) {
    journeysPath = join(dir, JOURNEYS_FILE);
    await writeFileAtomic(journeysPath, journeyLines(journeys));
  }
  const resultsPath = join(dir, RESULTS_FILE);
  await writeFileAtomic(resultsPath, [JSON.stringify(results, null, 2) + '\n']);
  return { results: resultsPath, journeys: journeysPath };
}
