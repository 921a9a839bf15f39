#!/usr/bin/env node
// The `rasflow` executable: runs the command table against the real process.
import { processIo } from './io.js';
import { runCli } from './run-cli.js';

// `rasflow … | head` closes the pipe early: that is the reader's choice, not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

runCli(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // A person gets the message; the stack only when asked for (RASFLOW_DEBUG=1).
    const debug = process.env['RASFLOW_DEBUG'] === '1';
    const text = err instanceof Error ? (debug ? (err.stack ?? err.message) : err.message) : String(err);
    process.stderr.write(`rasflow: ${text}\n`);
    process.exitCode = 1;
  },
);
