// flow.md §3.1.3: with a GHES source busy (the OS has not acknowledged the previous record),
// 'wait-then-halt' firmware waits up to ackTimeoutNs for the ack, and only then halts. The wait is
// real: the PE stays in EL3 while the other PEs run on, so the host that handles the first error
// acknowledges the shared source and the second error is written after it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chain, runRow, stepOf } from '../decision/run-row.js';

// Two processes on two vCPUs consume poison 1 µs apart; one SEA source shared by every PE.
const poison = (process: number, page: number) => ({ kind: 'targeted', atNs: 1_000, target: { process, page, offset: 0x40 }, event: { type: 'poison' } });
const load = (process: number, vcpu: number, atNs: number, page: number) => ({ atNs, process, vcpu, address: page * 0x1000 + 0x40, kind: 'load' });
const row = { injections: [poison(0, 2), poison(1, 3)], accesses: [load(0, 0, 10_000, 2), load(1, 1, 11_000, 3)] };

for (const profile of ['seed', 'upstream'] as const) {
  test(`${profile}: the second SEA waits in EL3 for the shared source's ack, then goes to the host like the first`, async () => {
    const { journeys } = await runRow({ profile, ...row, options: { firmware: { sharedSources: true } } });
    assert.equal(journeys.length, 2);
    const [first, second] = [...journeys].sort((a, b) => a.atNs - b.atNs || a.id.localeCompare(b.id)) as [typeof journeys[0], typeof journeys[0]];
    const says = `${chain(first).join(' ')}\n${chain(second).join(' ')}`;
    assert.equal(first.outcome, 'guest-app-killed', says);
    assert.ok(chain(second).includes('firmware:ack-busy'), says);
    assert.ok(!chain(second).includes('firmware:halt') && second.outcome !== 'host-panic', says);
    // Written once the host acknowledged the first record (polled every µs), then the same way on.
    const ack = stepOf(first, 'apei-ack', 'hypervisor').atNs;
    const written = stepOf(second, 'record-cper', 'firmware').atNs;
    assert.ok(written >= ack && written - ack <= 1_000, `written at ${written}, acked at ${ack}`);
    assert.deepEqual(chain(second).slice(chain(second).indexOf('firmware:record-cper'), chain(second).indexOf('hypervisor:sigbus') + 1),
      chain(first).slice(chain(first).indexOf('firmware:record-cper'), chain(first).indexOf('hypervisor:sigbus') + 1), says);
  });
}

test('a source never acknowledged: firmware halts once ackTimeoutNs has passed, not before', async () => {
  // An upstream host never reads an SEI source (Linux refuses HEST notification type 9), so with
  // firmware writing SErrors there the first record is never acknowledged.
  const ueo = (atNs: number) => ({ kind: 'targeted', atNs, target: { process: 0, page: 4 }, event: { type: 'serror', vcpu: 0, aet: 'UEO' } });
  const { journeys } = await runRow({
    profile: 'upstream',
    injections: [ueo(5_000), ueo(300_000)],
    accesses: [{ atNs: 1_000, process: 0, address: 0x100 }, { atNs: 290_000, process: 0, address: 0x100 }],
    options: { firmware: { serror: 'sei', ackTimeoutNs: 200_000 } },
  });
  const second = [...journeys].sort((a, b) => a.atNs - b.atNs)[1]!;
  const busy = stepOf(second, 'ack-busy', 'firmware').atNs;
  const halt = stepOf(second, 'halt', 'firmware');
  assert.equal(second.outcome, 'host-panic');
  assert.ok(halt.atNs - busy >= 200_000 && halt.atNs - busy < 200_000 + 1_000, `busy at ${busy}, halted at ${halt.atNs}`);
});
