// Errors in host memory that backs no VM (hosts.kernelMiB, hosts.freeMiB), reported by a UEO
// SError whose record names them: memory_failure() takes a free page out (MF_RECOVERED) and
// cannot isolate a host kernel page (MF_IGNORED). No VM hears of either.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chain, runRow, stepOf } from '../decision/run-row.js';

const withHostMemory = { hosts: { cpus: 4, kernelMiB: 1, freeMiB: 1 } };
const serrorAt = (hostMemory: 'kernel' | 'free') => ({
  kind: 'targeted', atNs: 1_000, target: { hostMemory, page: 7, offset: 0x40 }, event: { type: 'serror', aet: 'UEO' },
});
const busy = [{ atNs: 500, process: 0, address: 0x100 }, { atNs: 50_000, process: 0, address: 0x100 }];

test('seed: an error in a free host page is recovered without a signal', async () => {
  const { journeys, counts } = await runRow({ profile: 'seed', scenario: withHostMemory, injections: [serrorAt('free')], accesses: busy });
  const j = journeys[0]!;
  stepOf(j, 'memory-failure', 'hypervisor');
  assert.ok(j.steps.some((s) => s.action === 'note' && /free host page/.test(s.text ?? '')), chain(j).join(' '));
  assert.ok(!j.steps.some((s) => s.action === 'sigbus'), chain(j).join(' '));
  assert.equal(j.outcome, 'recovered');
  assert.equal(counts['recovered'], 1);
});

test('seed: an error in a host kernel page is ignored: memory_failure() cannot isolate it', async () => {
  const { journeys } = await runRow({ profile: 'seed', scenario: withHostMemory, injections: [serrorAt('kernel')], accesses: busy });
  const j = journeys[0]!;
  assert.match(stepOf(j, 'ignore', 'hypervisor').text ?? '', /MF_IGNORED/);
  assert.ok(!j.steps.some((s) => s.action === 'sigbus'), chain(j).join(' '));
  assert.equal(j.outcome, 'ignored');
});

test('a second report of the same free page finds it already poisoned', async () => {
  const { journeys } = await runRow({
    profile: 'seed', scenario: withHostMemory, accesses: busy,
    injections: [serrorAt('free'), { ...serrorAt('free'), atNs: 20_000 }],
  });
  assert.deepEqual(journeys.map((j) => j.outcome), ['recovered', 'ignored']);
  stepOf(journeys[1]!, 'already-poisoned', 'hypervisor');
});

test('a target in host memory the host does not have is refused, naming the field', async () => {
  await assert.rejects(
    runRow({ profile: 'seed', injections: [serrorAt('kernel')], accesses: busy }),
    /injections\[0\]\.target\.hostMemory.*hosts\.kernelMiB is 0/s,
  );
});
