// examples/seed-vs-upstream.json: the same six errors, their fates under each profile
// (flow.md §6 S1, S4, E1, E2, E3, E4).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runNamed, type ExampleRun } from './example-run.js';

/** Outcome of the journey on each VM (one error per VM). */
function fates(run: ExampleRun): string[] {
  const byVm: string[] = [];
  for (const j of run.journeys) byVm[j.vm] = j.outcome;
  return byVm;
}

test('seed: S1 killed, S4 guest panic, E2 offlined, E3 guest panic, E4 offlined, E1 corrected', async () => {
  assert.deepEqual(fates(await runNamed('seed-vs-upstream', 'seed')),
    ['guest-app-killed', 'guest-panic', 'guest-page-offlined', 'guest-panic', 'guest-page-offlined', 'corrected']);
});

test('upstream: S1 killed, S4 VM terminated, E2 ignored, E3 ignored, E4 guest panic, E1 corrected', async () => {
  assert.deepEqual(fates(await runNamed('seed-vs-upstream', 'upstream')),
    ['guest-app-killed', 'vm-terminated', 'ignored', 'ignored', 'guest-panic', 'corrected']);
});
