/**
 * What a command sees of the outside world, so tests run commands in-process and read what they
 * printed. `main.ts` binds it to the real process.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { makeDir } from '../util/make-dir.js';
import { dirname } from 'node:path';

export interface CliIo {
  /** Standard output, one call per line or block. */
  out(text: string): void;
  /** Standard error. */
  err(text: string): void;
  readFile(path: string): Promise<Uint8Array>;
  writeFile(path: string, data: Uint8Array | string): Promise<void>;
  /** Directory relative paths are resolved against. */
  cwd: string;
  /** Where a long command shows its progress (stderr in the real process); none: no progress. */
  progress?: { isTTY: boolean; columns?: number; write(text: string): void };
}

/** A command: its arguments after the command name, the I/O; resolves to the exit code. */
export type Command = (args: string[], io: CliIo) => Promise<number>;

/**
 * Wrong use of a command (unknown flag, bad value). main.ts prints the message and exits with 2;
 * anything else uncaught exits with 1.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * A command failed for a reason outside its arguments: an input file that cannot be read or is
 * not what the command needs (a results.json without its fields, a malformed journeys.jsonl
 * line), or an output file that cannot be written. runCli prints the message and exits with 1,
 * as docs/cli.md documents; the message names the command and the file (and line) itself.
 */
export class CommandFailure extends Error {
  override readonly name = 'CommandFailure';
}

/** Writes an output file; a failure says which command could not write what, where, and why. */
export async function writeOutput(io: CliIo, command: string, what: string, path: string, data: Uint8Array | string): Promise<void> {
  try {
    await io.writeFile(path, data);
  } catch (err) {
    throw new CommandFailure(`${command}: cannot write ${what} to ${path}: ${(err as Error).message}`);
  }
}

/**
 * `--help` or `-h` on a command's line (args.ts): not an error, but it ends the command before
 * it does anything. runCli prints `usage` to stdout and exits with 0.
 */
export class HelpRequest extends Error {
  override readonly name = 'HelpRequest';
  constructor(readonly usage: string) {
    super(usage);
  }
}

export function processIo(): CliIo {
  return {
    out: (t) => process.stdout.write(t.endsWith('\n') ? t : t + '\n'),
    err: (t) => process.stderr.write(t.endsWith('\n') ? t : t + '\n'),
    readFile: async (p) => new Uint8Array(await readFile(p)),
    writeFile: async (p, d) => {
      await makeDir(dirname(p)); // `-o out/hest.dat` should not need a mkdir first
      await writeFile(p, d);
    },
    cwd: process.cwd(),
    progress: {
      isTTY: process.stderr.isTTY === true,
      get columns() { return process.stderr.columns; },
      write: (t) => void process.stderr.write(t),
    },
  };
}

/** An in-memory CliIo for tests: what was printed is kept in `stdout` / `stderr`. */
export function memoryIo(files: Record<string, Uint8Array | string> = {}): CliIo & {
  stdout: string[];
  stderr: string[];
  written: Map<string, Uint8Array | string>;
} {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const written = new Map<string, Uint8Array | string>();
  return {
    stdout,
    stderr,
    written,
    out: (t) => void stdout.push(t),
    err: (t) => void stderr.push(t),
    readFile: async (p) => {
      const f = written.get(p) ?? files[p];
      if (f === undefined) throw Object.assign(new Error(`ENOENT: no such file '${p}'`), { code: 'ENOENT' });
      return typeof f === 'string' ? new TextEncoder().encode(f) : f;
    },
    writeFile: async (p, d) => void written.set(p, d),
    cwd: '/',
  };
}
