// `rasflow cper decode <file>` without --json: a readable summary naming the kind, severity,
// section type and the memory fields a person looks for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run-cli.js';
import { goldenBytes, loadOracle } from '../apei/cper-fixtures.js';

async function decodeText(file: Uint8Array | string): Promise<string[]> {
  const io = memoryIo({ f: file });
  assert.equal(await runCli(['cper', 'decode', 'f'], io), 0, io.stderr.join('\n'));
  return io.stdout.join('\n').split('\n');
}

test('golden block summary', async () => {
  const lines = await decodeText(goldenBytes());
  assert.match(lines[0]!, /^GHES error status block, 1 entry, data length 152$/);
  assert.ok(lines.includes('  severity: 0 (recoverable)'));
  assert.ok(lines.includes('section 0: memory (a5bc1114-6f64-4ede-b863-3e83ed7c83b1)'));
  assert.ok(lines.includes('    physicalAddress: 0x40001000'));
  assert.ok(lines.includes('    errorType: 0 (unknown)'));
  assert.ok(lines.length > 6, 'multi-line');
});

test('record summary names severity, flags, timestamp and decodes the error status', async () => {
  const lines = await decodeText(loadOracle('memory').hexText);
  assert.match(lines[0]!, /^CPER record, revision 0x0000, 1 section\(s\), 280 bytes$/);
  assert.ok(lines.includes('  severity: 2 (corrected)'));
  assert.ok(lines.includes('  flags: 0x4 (simulated)'));
  assert.ok(lines.includes('  timestamp: 9932-01-17T01:00:19'));
  assert.ok(lines.includes('    errorStatus: 0x6b1000 (ERR_BUS, address, control, detectedByResponder, firstError, overflow)'));
  assert.ok(lines.includes('  fruText: "+q$`4pGx\'S6@wY|5gp!"'));
});

test('an empty-but-valid block says no error is present', async () => {
  const lines = await decodeText(new Uint8Array(20));
  assert.ok(lines.some((l) => l.includes('no error present')));
});
