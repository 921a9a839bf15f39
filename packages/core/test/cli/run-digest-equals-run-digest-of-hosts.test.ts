import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runDigest } from '../../src/results/digest.js';
import { parseScenario } from '../../src/scenario/validate-scenario.js';
import { loadPluginSet, runHosts } from '../../src/engine/run-scenario.js';
import { randomScenario, readResults, runRun, withTempDir, writeScenario } from '../helpers/run-command.js';

test('the digest is runDigest of the host digests, and the same as an in-process run', async () => {
  await withTempDir(async (dir) => {
    const scenario = randomScenario();
    const file = await writeScenario(dir, scenario);
    const ran = await runRun([file, '--out', dir, '--quiet'], dir);
    assert.equal(ran.code, 0, ran.err.join('\n'));
    const r = await readResults(dir);
    assert.equal(r.hosts.length, 2);
    assert.equal(r.digest, runDigest(r.hosts.map((h) => h.digest)));

    // The CLI runs the hosts one call at a time in a worker; the engine's own loop must agree.
    const s = parseScenario(scenario);
    const out = runHosts(s, await loadPluginSet(s, dir), { baseDir: dir });
    assert.deepEqual(r.hosts.map((h) => h.digest), out.hosts.map((h) => h.digest));
    assert.equal(r.counts.accesses, out.counts[0]);
    assert.ok(r.hosts.reduce((n, h) => n + h.journeys, 0) > 5, 'the run has journeys');
  });
});
