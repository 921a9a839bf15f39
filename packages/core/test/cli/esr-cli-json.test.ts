// `rasflow esr <value> --json`: one JSON object, numbers as numbers, names as the spec asks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run-cli.js';

async function json(value: string): Promise<Record<string, unknown>> {
  const io = memoryIo();
  const code = await runCli(['esr', value, '--json'], io);
  assert.equal(code, 0, io.stderr.join('\n'));
  assert.equal(io.stdout.length, 1);
  return JSON.parse(io.stdout[0]!) as Record<string, unknown>;
}

test('QEMU SEA at EL1 with separators: 0x9600_0410', async () => {
  const j = await json('0x9600_0410');
  assert.equal(j['ec'], 0x25);
  assert.equal(j['ecName'], 'DABT_CUR');
  assert.equal(j['il'], 1);
  assert.equal(j['iss'], 0x410);
  assert.equal(j['dfsc'], 0x10);
  assert.equal(j['dfscName'], 'Synchronous External abort, not on a translation table walk');
  assert.deepEqual([j['fnv'], j['ea'], j['wnr'], j['s1ptw'], j['cm'], j['isv']], [1, 0, 0, 0, 0, 0]);
  assert.equal(j['set'], 'UER');
  assert.equal('aet' in j, false);
});

test('upper-case 0X prefix and decimal give the same answer', async () => {
  const a = await json('0X92000410');
  const b = await json(String(0x92000410));
  assert.deepEqual(a, b);
  assert.equal(a['ecName'], 'DABT_LOW');
});

test('instruction abort: dfsc carries the IFSC, ifsc too', async () => {
  const j = await json('0x82000010');
  assert.deepEqual([j['ec'], j['ecName'], j['dfsc'], j['ifsc'], j['set']], [0x20, 'IABT_LOW', 0x10, 0x10, 'UER']);
});

test('SET names and null for reserved or non-SEA status codes', async () => {
  assert.equal((await json('0x92001010'))['set'], 'UC');
  assert.equal((await json('0x92001810'))['set'], 'UEO');
  assert.equal((await json('0x92000810'))['set'], null);
  // DFSC 0x14 is an SEA on a table walk: SET applies (formats.md a.3); 0x18 (parity/ECC) and a
  // translation fault are not SEAs, so SET is RES0 there.
  assert.equal((await json('0x92001014'))['set'], 'UC');
  assert.equal((await json('0x92001018'))['set'], null);
  assert.equal((await json('0x92001005'))['set'], null);
});

test('SErrors: aet, severity, ids', async () => {
  const uer = await json('0xBE000C11');
  assert.deepEqual([uer['ec'], uer['ids'], uer['iesb'], uer['ea'], uer['dfsc'], uer['aet'], uer['severity']], [0x2f, 0, 0, 0, 0x11, 'UER', 'UER']);
  const ce = await json('0xbe001811');
  assert.deepEqual([ce['aet'], ce['severity']], ['CE', 'CE']);
  const uncategorized = await json('0xBE000000');
  assert.deepEqual([uncategorized['aet'], uncategorized['severity']], [null, 'UC']);
  const reserved = await json('0xBE001011');
  assert.deepEqual([reserved['aet'], reserved['severity']], [null, 'UC']);
  const ids = await json('0xBF000000');
  assert.deepEqual([ids['ids'], ids['aet'], ids['severity'], ids['rasSerror']], [1, null, 'UC', false]);
});

test('other classes: EC/IL/ISS only; unknown classes are UNALLOCATED', async () => {
  const svc = await json('0x56000000');
  assert.equal(svc['ecName'], 'SVC64');
  assert.equal('dfsc' in svc, false);
  assert.equal((await json('0x08000000'))['ecName'], 'UNALLOCATED');
});

test('ISS2 appears for a 64-bit value with bits 55:32 set', async () => {
  const j = await json('0x0000_0001_9200_0010');
  assert.equal(j['iss2'], 1);
  assert.equal(j['ec'], 0x24);
});
