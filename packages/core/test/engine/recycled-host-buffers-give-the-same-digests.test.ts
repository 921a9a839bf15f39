import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseScenario } from '../../src/scenario/validate-scenario.js';
import { HostRun, loadPluginSet, runHosts } from '../../src/engine/run-scenario.js';

const EXAMPLES = join(import.meta.dirname, '../../../../../examples');

// runHosts hands each finished host's buffers to the next (memory/buffer-pool.ts): a host built
// over recycled memory must behave exactly as one built over fresh memory.
test('hosts built from the buffers of earlier hosts end with the digests of hosts built from fresh memory', { timeout: 120_000 }, async () => {
  const json = JSON.parse(readFileSync(join(EXAMPLES, 'quickstart.json'), 'utf8')) as Record<string, unknown>;
  const s = parseScenario({ ...json, hosts: { ...(json['hosts'] as object), count: 4 }, durationNs: 10_000_000 });
  const plugins = await loadPluginSet(s, EXAMPLES);
  const pooled = runHosts(s, plugins, { baseDir: EXAMPLES });
  const fresh = [0, 1, 2, 3].map((h) => {
    const run = new HostRun(s, plugins, h);
    run.engine.run(s.durationNs);
    return run.result(false);
  });
  assert.ok(fresh.reduce((n, h) => n + h.journeys, 0) > 20, 'the hosts have journeys');
  assert.deepEqual(pooled.hosts.map((h) => h.digest), fresh.map((h) => h.digest));
});
