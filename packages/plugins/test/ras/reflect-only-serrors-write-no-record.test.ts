// firmware.serror "reflect-only": the SError is reflected into EL2 with its ESR and nothing else.
// A record written to the SEI source would never be read on an upstream host (Linux refuses HEST
// notification type 9), and its unacknowledged block would make the next SError halt the host.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chain, runRow } from '../decision/run-row.js';

const ueo = (atNs: number) => ({ kind: 'targeted', atNs, target: { process: 0, page: 4 }, event: { type: 'serror', vcpu: 0, aet: 'UEO' } });
const busy = [{ atNs: 1_000, process: 0, address: 0x100 }, { atNs: 400_000, process: 0, address: 0x100 }];

test('upstream, reflect-only: two UEO SErrors on one PE are both reflected and ignored; nothing is recorded, nothing halts', async () => {
  const { journeys } = await runRow({ profile: 'upstream', options: { firmware: { serror: 'reflect-only' } }, injections: [ueo(5_000), ueo(495_000)], accesses: busy });
  assert.equal(journeys.length, 2);
  for (const j of journeys) {
    assert.equal(j.outcome, 'ignored', chain(j).join(' '));
    assert.ok(!chain(j).includes('firmware:record-cper'), `no record: ${chain(j).join(' ')}`);
    assert.ok(chain(j).includes('firmware:fake-serror-el2'), `reflected: ${chain(j).join(' ')}`);
  }
});
