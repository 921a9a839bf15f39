/**
 * The engine side of the journey figures runs what it says: flow.md row S1 with the seed profile,
 * every journey ending guest-app-killed, and `run(n)` reports the journeys the engine completed
 * (checked against the host's own outcome counters). Hosts are replaced before they fill up.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COUNT_KEYS } from '@rasflow/core';
import { EngineJourneys, journeyScenario } from '../src/engine-journeys.js';

const count = (counts: Float64Array, key: (typeof COUNT_KEYS)[number]): number => counts[COUNT_KEYS.indexOf(key)]!;

test('run(n) completes n S1 journeys, each one guest-app-killed, as the host counts them', async () => {
  const e = await EngineJourneys.create({ journeysPerHost: 2000 });
  assert.ok(e.nsPerJourney > 0 && Number.isFinite(e.nsPerJourney));
  const calibrated = count(e.host.sim.counts, 'errorsInjected');
  let done = 0;
  for (let k = 0; k < 3; k++) {
    const n = e.run(100);
    assert.ok(Math.abs(n - 100) <= 2, `run(100) completed ${n} journeys`);
    done += n;
  }
  const r = e.host.result(true);
  const records = r.records!;
  const killed = records.filter((j) => j.outcome === 'guest-app-killed');
  // Every journey but the one in flight at the last slice end is complete and guest-app-killed.
  assert.ok(records.length - killed.length <= 1);
  assert.equal(count(r.counts, 'guestAppKilled'), killed.length);
  // run() counted exactly the kills beyond calibration's (which left at most one journey in flight).
  const beyond = killed.length - done;
  assert.ok(beyond === calibrated || beyond === calibrated - 1, `${killed.length} killed, ${done} counted after ${calibrated} injected`);
  for (const key of ['guestPanic', 'vmTerminated', 'hostPanic', 'livelock', 'silentCorruption', 'serror']) assert.equal(count(r.counts, key as never), 0, key);

  // The S1 chain: firmware fakes 0x92000010 into EL2, KVM's APEI claims, SIGBUS AR to the VMM,
  // the VMM injects 0x92000410, the guest reads, acks, offlines and kills (BUS_MCEERR_AR = 4).
  const j = killed[0]!;
  assert.equal(j.event, 'poison');
  assert.equal(j.el, 0);
  const step = (layer: string, action: string) => j.steps.find((s) => s.layer === layer && s.action === action);
  assert.equal(step('firmware', 'fake-sea-el2')?.esr, '0x92000010');
  assert.ok(step('hypervisor', 'apei-claim'));
  assert.equal(step('hypervisor', 'sigbus')?.code, 4);
  assert.equal(step('vmm', 'inject-sea')?.esr, '0x92000410');
  assert.ok(step('guest', 'ghes-ack'));
  assert.equal(step('guest', 'kill')?.code, 4);
});

test('a host is replaced before a call that would not fit it, and only then', async () => {
  const e = await EngineJourneys.create({ journeysPerHost: 1000 });
  assert.equal(e.hostsBuilt, 1);
  assert.equal(e.ensureRoom(100), false);
  assert.equal(e.ensureRoom(e.room), true, 'no room for the slack on top');
  assert.equal(e.hostsBuilt, 2);
  assert.equal(count(e.host.sim.counts, 'errorsInjected'), 0, 'the new host is fresh');
  e.freshHost(5000);
  assert.ok(e.room >= 5000, 'freshHost(n) sizes the host for n journeys');
  assert.ok(e.setupSeconds > 0 && e.lastSetupSeconds > 0);
});

test('the scenario validates with one vCPU, loads only and a per-access poison injection', () => {
  const s = journeyScenario(10_000);
  assert.equal(s.profile, 'seed');
  assert.equal(s.vms.vcpus, 1);
  assert.equal(s.guest.restartNs, 0);
  assert.ok(s.vms.memoryMiB * 256 >= 10_000, 'a guest page per journey');
  assert.ok(s.engine.maxPoisonedPagesPerHost >= 10_000, 'a poison-map slot per journey');
});
