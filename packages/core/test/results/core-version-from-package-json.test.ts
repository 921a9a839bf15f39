import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { coreVersion } from '../../src/results/write-results.js';
import { repoRoot } from '../helpers/paths.js';

test('coreVersion is the version in packages/core/package.json', async () => {
  const pkg = JSON.parse(await readFile(join(repoRoot, 'packages', 'core', 'package.json'), 'utf8')) as { version: string };
  assert.match(pkg.version, /^\d+\.\d+\.\d+/);
  assert.equal(coreVersion(), pkg.version);
});
