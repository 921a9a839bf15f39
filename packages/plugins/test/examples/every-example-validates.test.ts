// Every bundled scenario in examples/ is a valid scenario with a name, a one-line description and
// the editor schema hint, and the failure modes of flow.md §8 each have one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateScenario } from '@rasflow/core';
import { exampleFiles, readExample } from './example-run.js';

const FAILURE_MODES = [
  'guest-ghes-ack-race',
  'hugepage-64k-host-4k-guest',
  'sea-storm-duplicate-cache',
  'early-kill-ao-instead-of-ar',
  'clustered-serrors',
  'el3-serror-livelock',
];

test('examples/ holds a scenario for each failure mode of flow.md §8', () => {
  const files = exampleFiles();
  for (const name of FAILURE_MODES) assert.ok(files.includes(`${name}.json`), `examples/${name}.json is missing`);
});

for (const file of exampleFiles()) {
  test(`examples/${file} validates, with its name, a one-line description and the schema hint`, () => {
    const raw = readExample(file.replace(/\.json$/, ''));
    const v = validateScenario(raw);
    assert.ok(v.ok, v.ok ? '' : v.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
    assert.equal(raw['name'], file.replace(/\.json$/, ''), 'name is the file name');
    const d = raw['description'];
    assert.equal(typeof d, 'string');
    assert.ok((d as string).trim().length > 0, 'the description is not empty');
    assert.ok(!/[\r\n]/.test(d as string), 'the description is one line');
    assert.equal(raw['$schema'], '../packages/core/scenario.schema.json');
  });
}
