import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ONE_SEA, fixtureUrl, readResults, runRun, scriptedScenario, withTempDir, writeScenario } from '../helpers/run-command.js';

// The VMM throws on host 1's SIGBUS, on the worker whose vCPU consumed the poison. The other
// worker is then waiting at host 1's slice barrier (or for host 1's buffers): it must be
// released, and the run must end with host 0 only, as in the default mode.
function failingOn(host: number): Record<string, unknown> {
  const s = scriptedScenario(ONE_SEA.accesses, ONE_SEA.injections, {
    name: 'parallel-fails', hosts: { count: 3 }, engine: { sliceNs: 1000 },
    vms: { perHost: 1, vcpus: 2, memoryMiB: 4, kernelPages: 16, processes: 2, processPages: 16 },
  });
  (s['plugins'] as Record<string, unknown>)['vmm'] = { module: fixtureUrl('throwing-vmm-on-host'), options: { host } };
  return s;
}

test('--parallel: a plugin error on host 1 releases the other worker and keeps host 0', async () => {
  await withTempDir(async (dir) => {
    const file = await writeScenario(dir, failingOn(1));
    const ran = await runRun([file, '--out', 'o', '--workers', '2', '--parallel', '--journeys'], dir);
    assert.equal(ran.code, 1);
    assert.match(ran.err.join('\n'), /failed in hook onSigbus on host 1, VM 0, vCPU 0 at 100 ns: RangeError: no memory map on host 1/);
    const r = await readResults(join(dir, 'o'));
    assert.equal(r.complete, false);
    assert.equal(r.deterministic, false);
    assert.deepEqual(r.hosts.map((h) => h.host), [0]);
    assert.equal(r.counts.sea, 1, 'host 0 ran its journey');
    assert.deepEqual(r.perWorker.map((w) => w.hosts), [[0], [0]]);
  });
});
