// `rasflow cper decode` on a record whose timestamp has a byte that is not BCD: decoded (no
// longer exit 1), the date shown as Linux reads it, and flagged in JSON and text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoryRecordExampleBytes } from '../../src/apei/cper-examples.js';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run-cli.js';

function recordWithBadSeconds(): Uint8Array {
  const b = memoryRecordExampleBytes(); // 2025-03-14T09:26:53, precise
  b[24] = 0x5c; // seconds: 5·10 + 12 = 62
  return b;
}

async function decode(json: boolean): Promise<string> {
  const io = memoryIo({ 'r.bin': recordWithBadSeconds() });
  const code = await runCli(['cper', 'decode', 'r.bin', ...(json ? ['--json'] : [])], io);
  assert.equal(code, 0, io.stderr.join('\n'));
  return io.stdout.join('\n');
}

test('JSON: the timestamp as Linux reads it and timestampBcdInvalid: true', async () => {
  const j = JSON.parse(await decode(true)) as Record<string, unknown>;
  assert.equal(j['timestamp'], '2025-03-14T09:26:62');
  assert.equal(j['timestampPrecise'], true);
  assert.equal(j['timestampBcdInvalid'], true);
});

test('text: the timestamp line says its bytes are not BCD', async () => {
  assert.match(await decode(false), /timestamp: 2025-03-14T09:26:62 \(precise\) \(bytes not BCD; read as Linux bcd2bin\(\) reads them\)/);
});

test('JSON: a BCD timestamp has no timestampBcdInvalid key', async () => {
  const io = memoryIo({ 'r.bin': memoryRecordExampleBytes() });
  assert.equal(await runCli(['cper', 'decode', 'r.bin', '--json'], io), 0);
  assert.equal(Object.hasOwn(JSON.parse(io.stdout[0]!) as object, 'timestampBcdInvalid'), false);
});
