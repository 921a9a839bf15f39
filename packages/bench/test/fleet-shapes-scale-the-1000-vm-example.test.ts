/**
 * The fleet sweep's scenarios are examples/fleet-1000-vms.json scaled down: up to 100 VMs on one
 * host, then hosts of 100 (1,000 VMs is the example's own 10 × 100), every VM with 4 vCPUs and
 * 1 GiB. A count that does not fit that shape is refused before any child process starts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fleetScenario } from '../src/fleet-child.js';
import { runFleetSuite } from '../src/fleet-suite.js';

test('fleet shapes: up to 100 VMs on one host, then hosts of 100; other counts refused up front', async () => {
  for (const [vms, hosts, perHost] of [[1, 1, 1], [10, 1, 10], [100, 1, 100], [1000, 10, 100]] as const) {
    const s = fleetScenario(vms, 40_000);
    assert.deepEqual([s.hosts.count, s.vms.perHost, s.vms.vcpus, s.vms.memoryMiB], [hosts, perHost, 4, 1024], `${vms} VMs`);
    assert.equal(s.durationNs, 40_000);
  }
  assert.throws(() => fleetScenario(150, 40_000), RangeError);
  await assert.rejects(runFleetSuite({ sizes: [1, 150] }), RangeError);
});
