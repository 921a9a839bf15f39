// examples/early-kill-ao-instead-of-ar.json — flow.md §8 and §4: on older kernels memory_failure()
// for a synchronous error runs from a workqueue, so the early-kill VMM gets BUS_MCEERR_AO instead
// of AR. QEMU ignores AO for guest RAM and injects nothing; the guest hears of the error only when
// the load re-executes and faults at stage 2 (KVM's hwpoison fault: AR, then the usual SEA).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { indexOfStep, outcomes, readExample, runExample, runNamed, stepOf, stepsOf, withLayerOptions, withProfile } from './example-run.js';

const NAME = 'early-kill-ao-instead-of-ar';
const BUS_MCEERR_AR = 4;
const BUS_MCEERR_AO = 5;

test('upstream: AO from the workqueue is ignored, and the re-executed load brings AR through a stage-2 fault', async () => {
  const run = await runNamed(NAME);
  assert.equal(run.scenario.profile, 'upstream');
  const j = run.journeys[0]!;
  const signals = stepsOf(j, 'sigbus', 'hypervisor');
  assert.deepEqual(signals.map((s) => s.code), [BUS_MCEERR_AO, BUS_MCEERR_AR]);

  const ao = indexOfStep(j, 'sigbus', 'hypervisor');
  const ignored = indexOfStep(j, 'ignore', 'vmm');
  const fault = indexOfStep(j, 'stage2-fault', 'hardware');
  const inject = indexOfStep(j, 'inject-sea', 'vmm');
  assert.ok(ao < ignored && ignored < fault && fault < inject, 'AO, ignored, then the stage-2 fault, then the SEA');
  assert.equal(j.steps.slice(0, fault).filter((s) => s.layer === 'vmm' || s.layer === 'guest').map((s) => s.action).join(), 'ignore',
    'before the stage-2 fault the VMM records and injects nothing');
  assert.equal(stepsOf(j, 'memory-failure', 'hypervisor').length, 1, 'memory_failure() ran once, for the SEA');
  assert.equal(stepOf(j, 'inject-sea', 'vmm').esr, '0x92000410');
  assert.equal(stepOf(j, 'kill', 'guest').code, BUS_MCEERR_AR);
  assert.equal(j.outcome, 'guest-app-killed');

  assert.deepEqual(outcomes(run), { guestAppKilled: 1 });
  assert.equal(run.counts.sigbusAO, 1);
  assert.equal(run.counts.sigbusAR, 1);
  assert.equal(run.counts.sea, 1, 'firmware saw one SEA; the second fault is KVM\'s own');
});

test('upstream: with task-work memory_failure the VMM gets AR at once: no stage-2 fault, one signal less, an earlier kill', async () => {
  const wq = await runNamed(NAME);
  const tw = await runExample(withLayerOptions(readExample(NAME), 'hypervisor', { syncMemoryFailure: 'task-work' }));
  const j = tw.journeys[0]!;
  assert.deepEqual(stepsOf(j, 'sigbus', 'hypervisor').map((s) => s.code), [BUS_MCEERR_AR]);
  assert.equal(stepsOf(j, 'stage2-fault').length, 0);
  assert.equal(j.outcome, 'guest-app-killed');
  assert.ok(wq.journeys[0]!.latencyNs! > j.latencyNs!, 'the detour through the stage-2 fault costs time');
});

test('seed: the seed VMM acts on AO (guest SEI, virtual SError 0x811): the guest offlines the page and the re-executed load is a late kill', async () => {
  const run = await runExample(withProfile(readExample(NAME), 'seed'));
  const j = run.journeys[0]!;
  assert.equal(stepOf(j, 'sigbus', 'hypervisor').code, BUS_MCEERR_AO);
  assert.equal(stepOf(j, 'take-vserror', 'guest').esr, '0xbe000811');
  stepOf(j, 'offline', 'guest');
  stepOf(j, 'pte-poison', 'hardware');
  assert.equal(stepsOf(j, 'stage2-fault').length, 0);
  assert.equal(j.outcome, 'guest-app-killed');
  assert.deepEqual(outcomes(run), { guestAppKilled: 1 });
});
