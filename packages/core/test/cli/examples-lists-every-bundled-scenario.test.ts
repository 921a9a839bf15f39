// `rasflow examples`: every scenario under examples/ with its path and its description.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../src/cli/run-cli.js';
import { capturingIo } from '../helpers/run-command.js';
import { repoRoot } from '../helpers/paths.js';

test('every examples/*.json is listed with its path, and --json gives name and description', async () => {
  const files = readdirSync(join(repoRoot, 'examples')).filter((n) => n.endsWith('.json'));
  assert.ok(files.length >= 7);
  const io = capturingIo(repoRoot);
  assert.equal(await runCli(['examples'], io), 0);
  const text = io.out_.join('\n');
  for (const f of files) assert.match(text, new RegExp(`^examples/${f.replace('.', '\\.')}$`, 'm'));
  const json = capturingIo(repoRoot);
  assert.equal(await runCli(['examples', '--json'], json), 0);
  const list = JSON.parse(json.out_.join('\n')) as Array<{ name: string; description: string }>;
  assert.equal(list.length, files.length);
  for (const e of list) assert.ok(e.description.length > 20, `${e.name} has a description`);
});
