import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { randomScenario, readResults, runRun, withTempDir, writeScenario } from '../helpers/run-command.js';
import { runCli } from '../../src/cli/run-cli.js';
import { capturingIo } from '../helpers/run-command.js';

const MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const run = promisify(execFile);

test('a run split into 3 shards in 3 processes merges into exactly the counts, VMs, journeys and digest of the unsharded run', { timeout: 120_000 }, async () => {
  await withTempDir(async (dir) => {
    // Five hosts: shards of 2, 2 and 1 hosts (hosts 0 3 | 1 4 | 2).
    const file = await writeScenario(dir, randomScenario({ hosts: { count: 5 } }, 4e-5));
    const whole = await runRun([file, '--out', 'whole', '--quiet', '--journeys'], dir);
    assert.equal(whole.code, 0, whole.err.join('\n'));

    await Promise.all([1, 2, 3].map((i) => run(process.execPath, [MAIN, 'run', file, '--shard', `${i}/3`, '--out', `s${i}`, '--quiet', '--journeys', '--workers', '1'], { cwd: dir })));
    const s2 = await readResults(join(dir, 's2'));
    assert.deepEqual(s2.shard, { index: 2, count: 3 });
    assert.deepEqual(s2.hosts.map((h) => h.host), [1, 4]);

    const io = capturingIo(dir);
    assert.equal(await runCli(['merge', 's3', 's1', 's2', '--out', 'merged', '--quiet'], io), 0, io.err_.join('\n'));
    const a = await readResults(join(dir, 'whole'));
    const b = await readResults(join(dir, 'merged'));
    assert.ok(a.hosts.reduce((n, h) => n + h.journeys, 0) > 0, 'the run has journeys');
    assert.equal(b.complete, true);
    assert.equal(b.shard, null);
    assert.equal(b.scenarioDigest, a.scenarioDigest);
    assert.deepEqual(b.counts, a.counts);
    assert.deepEqual(b.vms, a.vms);
    assert.deepEqual(b.hosts, a.hosts);
    assert.equal(b.digest, a.digest);
    assert.equal(await readFile(join(dir, 'merged', 'journeys.jsonl'), 'utf8'), await readFile(join(dir, 'whole', 'journeys.jsonl'), 'utf8'));
  });
});
