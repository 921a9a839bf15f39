// `rasflow --version` prints the version of @rasflow/core (its package.json) and exits 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run-cli.js';

test('rasflow --version prints the core package version', async () => {
  const pkg = JSON.parse(await readFile(new URL('../../../package.json', import.meta.url), 'utf8')) as { name: string; version: string };
  assert.equal(pkg.name, '@rasflow/core');
  const io = memoryIo();
  assert.equal(await runCli(['--version'], io), 0);
  assert.deepEqual(io.stdout, [pkg.version]);
  assert.deepEqual(io.stderr, []);
});
