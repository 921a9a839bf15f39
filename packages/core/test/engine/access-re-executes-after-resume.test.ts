import { test } from 'node:test';
import assert from 'node:assert/strict';
import { count, runFixture } from '../helpers/engine-run.js';

test('after a non-fatal handling the access re-executes, and endless re-faults become a livelock', async () => {
  const out = await runFixture({
    guest: 'resume-guest',
    scenario: { engine: { livelockRetries: 4 } },
    injections: [{ atNs: 10, pid: 0, page: 1, offset: 0 }],
    accesses: [{ atNs: 100, pid: 0, address: 0x1000, kind: 'load' }],
  });
  const j = out.journeys[0]!;
  const actions = j.steps.map((s) => s.action);
  assert.equal(actions.filter((a) => a === 'consume').length, 1, 'the first execution consumes the poison');
  // The host unmapped the page from stage 2, so every re-execution faults there.
  assert.equal(actions.filter((a) => a === 'stage2-fault').length, 4);
  assert.equal(actions.filter((a) => a === 'take-sea').length, 5);
  assert.equal(actions.at(-1), 'livelock');
  assert.equal(j.outcome, 'livelock');
  assert.equal(count(out, 'livelock'), 1);
  assert.equal(count(out, 'sea'), 1, 'only the first execution is an SEA; the others are stage-2 faults');
});
