import { test } from 'node:test';
import assert from 'node:assert/strict';
import { count, runFixture } from '../helpers/engine-run.js';

test('a guest that resumes past a poisoned load without killing or re-executing is caught', async () => {
  const out = await runFixture({
    guest: 'silent-guest',
    injections: [{ atNs: 10, pid: 0, page: 1, offset: 0 }],
    accesses: [
      { atNs: 100, pid: 0, address: 0x1000, kind: 'load' },
      { atNs: 200, pid: 0, address: 0x3000, kind: 'load' },
    ],
  });
  assert.ok(count(out, 'silentCorruption') > 0);
  const j = out.journeys[0]!;
  assert.equal(j.outcome, 'silent-corruption');
  assert.ok(j.steps.some((s) => s.layer === 'hardware' && s.action === 'retire-poisoned'));
});

test('the default fixture guest never trips the detector', async () => {
  const out = await runFixture({
    injections: [{ atNs: 10, pid: 0, page: 1, offset: 0 }],
    accesses: [{ atNs: 100, pid: 0, address: 0x1000, kind: 'load' }],
  });
  assert.equal(count(out, 'silentCorruption'), 0);
});
