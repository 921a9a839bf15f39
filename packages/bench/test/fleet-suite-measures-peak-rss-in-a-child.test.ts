/**
 * The fleet suite runs each size in a child process of its own and reports that child's peak
 * RSS, its floor before the first host, and the accesses it simulated. One VM for a short time
 * keeps the test fast; no memory or timing threshold (the figures are the benchmark's job).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatFleet, runFleetSuite } from '../src/fleet-suite.js';

test('the fleet suite measures one size in a child: peak RSS and accesses of that run', async () => {
  const lines: string[] = [];
  const r = await runFleetSuite({ sizes: [1], durationNs: 2_000, progress: (line) => lines.push(line) });
  assert.equal(r.durationNs, 2_000);
  assert.equal(r.sizes.length, 1);
  const s = r.sizes[0]!;
  assert.deepEqual([s.vms, s.hosts, s.vcpus, s.guestGiB], [1, 1, 4, 1]);
  assert.ok(s.peakRssMiB > 0, `peak RSS ${s.peakRssMiB} MiB`);
  assert.ok(s.baseRssMiB > 0 && s.baseRssMiB <= s.peakRssMiB, 'the floor before the first host is part of the peak');
  assert.ok(s.accesses > 0, 'the VM ran');
  assert.ok(s.wallSeconds > 0 && s.wallSeconds < s.processSeconds, 'the simulation is inside the child\'s life');
  assert.equal(r.withinTarget, null, 'the 1,000-VM size did not run');
  assert.equal(lines.length, 1);
  assert.match(formatFleet(r), /not run/);
});
