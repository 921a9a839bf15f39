import { test } from 'node:test';
import assert from 'node:assert/strict';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { validateScenario } from '../../src/scenario/validate-scenario.js';
import { ONE_SEA, runRun, scriptedScenario, withTempDir, writeScenario } from '../helpers/run-command.js';

test('an invalid scenario exits 1 listing every issue with its path, and writes nothing', { timeout: 60_000 }, async () => {
  await withTempDir(async (dir) => {
    const scenario = {
      ...scriptedScenario(ONE_SEA.accesses, ONE_SEA.injections),
      durationNs: 0,
      vms: { perHost: 1, backing: 'hugetlb-3m' },
      colour: 'blue',
    };
    const v = validateScenario(scenario);
    assert.ok(!v.ok && v.issues.length >= 3);
    const file = await writeScenario(dir, scenario);
    const ran = await runRun([file, '--out', 'o'], dir);
    assert.equal(ran.code, 1);
    const err = ran.err.join('\n');
    assert.ok(err.includes(`${file} is not valid:`), err);
    for (const issue of v.issues) assert.ok(err.includes(`  - ${issue.path || '(top level)'}: ${issue.message}`), `${issue.path} missing from:\n${err}`);
    assert.match(err, /- durationNs: found 0/);
    assert.match(err, /- vms\.backing: found "hugetlb-3m"/);
    assert.match(err, /- colour: unknown field/);
    assert.deepEqual(ran.out, [], 'nothing starts');
    await assert.rejects(access(join(dir, 'o')), { code: 'ENOENT' });
  });
});
