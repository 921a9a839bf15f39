// examples/plugins/page-limit-vmm: the VMM stops a VM at its maxPages-th distinct poisoned page,
// not at an earlier report (a page reported twice counts once), restarts it on fresh memory with
// its count started again, and a run killed after a checkpoint and resumed stops it at the same
// page: the page sets come back through loadState.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUS_MCEERR_AO, BUS_MCEERR_AR, type JourneyRecord } from '@rasflow/core';
import { exampleDir, killAndResume, readScenario, runInThread, type Run } from '../../helpers/run.js';

const NAME = 'page-limit-vmm';
const DIR = exampleDir(NAME);

/** VM 0's journeys in injection order: A (UEO SError, then touched), B, C, D (poisoned loads). */
function vm0(run: Run): JourneyRecord[] {
  return run.journeys.filter((j) => j.vm === 0).sort((a, b) => a.atNs - b.atNs);
}

function withMaxPages(n: number): Record<string, unknown> {
  const raw = readScenario(NAME);
  ((raw['plugins'] as Record<string, { options: { maxPages: number } }>)['vmm']!).options.maxPages = n;
  return raw;
}

const sigbusCodes = (j: JourneyRecord): number[] => j.steps.filter((s) => s.action === 'sigbus').map((s) => s.code ?? -1);
const terminated = (j: JourneyRecord): boolean => j.steps.some((s) => s.layer === 'vmm' && s.action === 'vm-terminated');

test('maxPages 3: VM 0 runs through three reports of two pages and is stopped by the report of its third distinct page', { timeout: 60_000 }, async () => {
  const run = await runInThread(readScenario(NAME), DIR);
  const [a, b, c, d] = vm0(run) as [JourneyRecord, JourneyRecord, JourneyRecord, JourneyRecord];
  // Page A is reported twice: AO when the host's memory_failure() takes it (QEMU ignores AO),
  // AR when the process touches it. Counted once, it does not bring the VM to the limit.
  assert.deepEqual(sigbusCodes(a), [BUS_MCEERR_AO, BUS_MCEERR_AR]);
  assert.equal(a.outcome, 'guest-app-killed');
  assert.equal(b.outcome, 'guest-app-killed');
  assert.ok(!terminated(a) && !terminated(b), 'not stopped before the third distinct page');
  // Page C is the third: the VMM stops the VM instead of injecting the SEA.
  assert.deepEqual(sigbusCodes(c), [BUS_MCEERR_AR]);
  assert.equal(c.outcome, 'vm-terminated');
  assert.deepEqual(c.steps.slice(-2).map((s) => `${s.layer}:${s.action}`), ['hypervisor:sigbus', 'vmm:vm-terminated']);
  // 20 µs later the supervisor has started VM 0 again: D's poison, still in DRAM under the same
  // process page, costs a process and is the first page of the new count, so the VM stays up.
  assert.equal(d.outcome, 'guest-app-killed');
  assert.ok(!terminated(d));
  assert.deepEqual(run.vms.map((v) => [v.state, v.timesLost]), [['up', 1], ['up', 0]]);
  assert.deepEqual(run.vms.map((v) => v.outcomes['guest-app-killed']), [3, 2], 'VM 1 lost two pages and runs on');
});

test('restartAfterNs null: VM 0 stays down after its third page, and D is never read', { timeout: 60_000 }, async () => {
  const raw = readScenario(NAME);
  ((raw['plugins'] as Record<string, { options: Record<string, unknown> }>)['vmm']!).options['restartAfterNs'] = null;
  const run = await runInThread(raw, DIR);
  assert.deepEqual(vm0(run).map((j) => j.outcome), ['guest-app-killed', 'guest-app-killed', 'vm-terminated', 'latent']);
  assert.deepEqual(run.vms.map((v) => v.state), ['terminated', 'up']);
});

test('maxPages 4: the same reports stop VM 0 one page later, at D', { timeout: 60_000 }, async () => {
  const run = await runInThread(withMaxPages(4), DIR);
  assert.deepEqual(vm0(run).map((j) => j.outcome), ['guest-app-killed', 'guest-app-killed', 'guest-app-killed', 'vm-terminated']);
});

test("the profile's default VMM keeps both VMs up: every poisoned page costs a process, never the VM", { timeout: 60_000 }, async () => {
  const raw = readScenario(NAME);
  delete (raw['plugins'] as Record<string, unknown>)['vmm'];
  const run = await runInThread(raw, DIR);
  assert.deepEqual(vm0(run).map((j) => j.outcome), ['guest-app-killed', 'guest-app-killed', 'guest-app-killed', 'guest-app-killed']);
  assert.deepEqual(run.vms.map((v) => v.state), ['up', 'up']);
  assert.equal(run.counts.vmTerminated, 0);
});

test("--profile seed: the delegate is the seed VMM (page A goes to the guest's SEI block) and VM 0 stops at the same page", { timeout: 60_000 }, async () => {
  const run = await runInThread({ ...readScenario(NAME), profile: 'seed' }, DIR);
  const [a, , c] = vm0(run) as [JourneyRecord, JourneyRecord, JourneyRecord];
  assert.deepEqual(a.steps.filter((s) => s.layer === 'vmm').map((s) => s.action), ['record-cper', 'set-serror-esr']);
  assert.equal(c.outcome, 'vm-terminated');
  assert.deepEqual(run.vms.map((v) => v.timesLost), [1, 0]);
});

// `rasflow run --checkpoint-every` snapshots the host with every plugin's saveState(); the run is
// stopped at 340 µs (after pages A and B were counted at about 20 and 275 µs, before C reaches the
// VMM at about 375 µs) by a stalling fixture and killed; `rasflow resume` restores the VMM with
// loadState(). A VMM that forgot A and B would count C as its first page and keep VM 0 up.
test('killed after a checkpoint and resumed, the VMM still stops VM 0 at page C, and the run ends with the uninterrupted digest', { timeout: 120_000 }, async () => {
  const r = await killAndResume(readScenario(NAME), DIR, 340_000);
  const c = r.journeys.filter((j) => j.vm === 0).sort((x, y) => x.atNs - y.atNs)[2]!;
  assert.equal(c.outcome, 'vm-terminated', 'the resumed VMM remembered pages A and B');
  assert.equal(r.resumed.complete, true);
  assert.equal(r.resumed.digest, r.whole.digest);
});
