// examples/clustered-serrors.json — flow.md §8's clustered SErrors: a burst of 8 UEO/UER SErrors
// on vCPU 0 within 20 µs, and what each profile does with them. The livelock itself (firmware that
// leaves the record valid) is examples/el3-serror-livelock.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { JourneyRecord } from '@rasflow/core';
import { outcomes, runNamed, stepOf, stepsOf } from './example-run.js';

const NAME = 'clustered-serrors';
const WINDOW = [20_000, 40_000] as const;
const injectedAt = (j: JourneyRecord): number => stepOf(j, 'inject-serror', 'injector').atNs;

function assertBurst(journeys: JourneyRecord[]): void {
  assert.equal(journeys.length, 8);
  for (const j of journeys) {
    assert.equal(j.event, 'serror');
    assert.equal(j.vcpu, 0);
    assert.ok(injectedAt(j) >= WINDOW[0] && injectedAt(j) < WINDOW[1]);
  }
  const aets = journeys.map((j) => stepOf(j, 'inject-serror', 'injector').esr);
  assert.equal(aets.filter((e) => e === '0xbe000811').length, 4, 'four UEO');
  assert.equal(aets.filter((e) => e === '0xbe000c11').length, 4, 'four UER');
}

test('seed: the second SError is taken when vCPU 0 leaves the first one\'s handlers, and its AO finds the guest SEI block unacked', async () => {
  const run = await runNamed(NAME, 'seed');
  assertBurst(run.journeys);
  const handled = run.journeys.filter((j) => stepsOf(j, 'serror-signal', 'hardware').length > 0);
  assert.equal(handled.length, 2);
  const [first, second] = handled as [JourneyRecord, JourneyRecord];
  const pended = stepOf(first, 'set-serror-esr', 'vmm');
  assert.equal(stepsOf(first, 'take-vserror').length, 0, 'vCPU 0 never re-entered the guest');
  assert.ok(stepOf(second, 'serror-signal', 'hardware').atNs >= pended.atNs, 'held while vCPU 0 ran the first one\'s handlers');
  assert.ok(injectedAt(second) < pended.atNs);
  stepOf(second, 'ack-busy', 'vmm');
  assert.equal(second.outcome, 'vm-terminated');
  for (const j of run.journeys.filter((x) => !handled.includes(x))) {
    // They pended while vCPU 0 was in handlers (EL3/EL2 run with SErrors masked) and died with the VM.
    assert.equal(stepOf(j, 'note', 'hardware').text, 'pending on a vCPU whose VM went down: never taken');
  }
  assert.deepEqual(outcomes(run), { latent: 7, vmTerminated: 1 });
  assert.equal(run.counts.serror, 2);
  assert.equal(run.vms[0]!.state, 'terminated');
});

test('upstream: every SError goes through EL3 one after another; vCPU 0 loses 600 µs and the UER virtual SErrors coalesce into one guest panic', async () => {
  const run = await runNamed(NAME, 'upstream');
  assertBurst(run.journeys);
  let lastEnd = 0;
  for (const j of run.journeys) {
    const signal = stepOf(j, 'serror-signal', 'hardware').atNs;
    assert.ok(signal >= lastEnd, `${j.id} is taken after the previous one's handlers returned`);
    lastEnd = j.steps.at(-1)!.atNs;
    stepOf(j, 'sdei-dispatch', 'firmware');
    stepOf(j, 'fake-serror-el2', 'firmware');
    if (stepOf(j, 'inject-serror', 'injector').esr === '0xbe000811') stepOf(j, 'ignore', 'hypervisor');
    else assert.equal(stepOf(j, 'vserror', 'hypervisor').esr, '0x01000000');
  }
  const last = run.journeys.at(-1)!;
  assert.ok(stepOf(last, 'serror-signal').atNs - WINDOW[1] > 500_000, 'the last one is taken more than 500 µs after the burst ended');
  const taken = run.journeys.flatMap((j) => stepsOf(j, 'take-vserror', 'guest'));
  assert.equal(taken.length, 1, 'HCR_EL2.VSE is one bit: four virtual SErrors, one taken');
  assert.equal(taken[0]!.esr, '0xbf000000');
  assert.equal(last.outcome, 'guest-panic');
  assert.deepEqual(outcomes(run), { ignored: 7, guestPanic: 1 });
  assert.equal(run.counts.serror, 8);
  assert.equal(run.counts.virtualSError, 4);
  assert.ok(run.vms[0]!.timeLostNs > 600_000);
});
