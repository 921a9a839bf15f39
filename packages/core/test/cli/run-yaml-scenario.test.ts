import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { randomScenario, runRun, withTempDir, writeScenario } from '../helpers/run-command.js';

test('a YAML scenario runs exactly like the same scenario in JSON', async () => {
  await withTempDir(async (dir) => {
    const scenario = randomScenario();
    await writeScenario(dir, scenario, 'a.json');
    await writeScenario(dir, stringify(scenario), 'a.yaml');
    assert.equal((await runRun(['a.json', '--out', 'j', '--quiet', '--workers', '1'], dir)).code, 0);
    assert.equal((await runRun(['a.yaml', '--out', 'y', '--quiet', '--workers', '1'], dir)).code, 0);
    const digest = async (d: string): Promise<string> => (JSON.parse(await readFile(join(dir, d, 'results.json'), 'utf8')) as { digest: string }).digest;
    assert.equal(await digest('y'), await digest('j'));
  });
});

test('invalid YAML names the file, line and column; a wrong field names its path', async () => {
  await withTempDir(async (dir) => {
    await writeScenario(dir, 'name: x\nvms: { perHost: 1\n', 'bad.yml');
    const bad = await runRun(['bad.yml', '--out', 'o'], dir);
    assert.equal(bad.code, 1);
    assert.match(bad.err.join('\n'), /bad\.yml:\d+:\d+: not valid YAML/);
    await writeScenario(dir, 'vms:\n  backing: huge\n', 'wrong.yaml');
    const wrong = await runRun(['wrong.yaml', '--out', 'o'], dir);
    assert.equal(wrong.code, 1);
    assert.match(wrong.err.join('\n'), /vms\.backing: found "huge", allowed: "page", "thp", "hugetlb-2m", "hugetlb-1g"/);
  });
});
