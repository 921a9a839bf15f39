// Run directories as `rasflow run --out` writes them (results.json, and journeys.jsonl when
// given), from hand-built objects: for the tests of what compare and merge accept as input.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CliIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run-cli.js';
import { capturingIo } from './run-command.js';

/**
 * Writes DIR/NAME/results.json (`results` as JSON, or raw text) and, when `journeys` is given,
 * DIR/NAME/journeys.jsonl (objects as one JSON line each, strings as they are); returns DIR/NAME.
 */
export async function writeRunDir(dir: string, name: string, results: unknown, journeys?: readonly unknown[]): Promise<string> {
  const out = join(dir, name);
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'results.json'), typeof results === 'string' ? results : JSON.stringify(results));
  if (journeys !== undefined) {
    await writeFile(join(out, 'journeys.jsonl'), journeys.map((j) => (typeof j === 'string' ? j : JSON.stringify(j)) + '\n').join(''));
  }
  return out;
}

/** `rasflow <args…>` in `cwd`: its exit code, stdout and stderr. */
export async function rasflow(cwd: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io: CliIo & { out_: string[]; err_: string[] } = capturingIo(cwd);
  const code = await runCli(args, io);
  return { code, out: io.out_.join('\n'), err: io.err_.join('\n') };
}
