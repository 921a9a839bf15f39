import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../../src/cli/run-cli.js';
import { processIo } from '../../src/cli/io.js';

test('the demo decodes the bundled examples and the S1 syndromes', async () => {
  const lines: string[] = [];
  const io = { ...processIo(), out: (t: string) => void lines.push(t), err: (t: string) => void lines.push('ERR ' + t) };
  assert.equal(await runCli(['demo'], io), 0);
  const text = lines.join('\n');
  assert.match(text, /ESR 0x92000010: EC 0x24 DABT_LOW/);
  assert.match(text, /ESR 0x92000410: EC 0x24 DABT_LOW[\s\S]*FnV=1/);
  assert.match(text, /bundled example examples\/cper\/qemu-sea-memory-error\.hex/);
  assert.match(text, /physicalAddress: 0x40001000/);
  assert.match(text, /checksum 0x[0-9a-f]+ \(verified on decode\), 8 sources/);
  assert.match(text, /a second error now finds the ack register busy: yes/);
  assert.match(text, /examples\/cper\/memory-record\.cper[\s\S]*notification: 9a78788a-bbe8-11e4-809e-67611e5d46b0 \(SEA\)/);
  assert.doesNotMatch(text, /^ERR /m);
});

test('an unknown command exits 2 and lists the commands', async () => {
  const lines: string[] = [];
  const io = { ...processIo(), out: (t: string) => void lines.push(t), err: (t: string) => void lines.push(t) };
  assert.equal(await runCli(['frobnicate'], io), 2);
  assert.match(lines.join('\n'), /unknown command 'frobnicate'[\s\S]*esr[\s\S]*cper[\s\S]*hest/);
});
