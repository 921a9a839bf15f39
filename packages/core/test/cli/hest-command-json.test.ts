// --json prints the source summary as JSON: ids, kinds, notify types and 0x addresses.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run-cli.js';

test('--json summary for per-PE SEA/SDEI on 2 PEs', async () => {
  const io = memoryIo();
  const code = await runCli(['hest', '--sources', 'sea,sdei', '--pes', '2', '--base', '0x40000000', '-o', '/h.dat', '--json'], io);
  assert.equal(code, 0, io.stderr.join('\n'));
  assert.equal(io.stdout.length, 1);
  const j = JSON.parse(io.stdout[0]!) as {
    length: number;
    checksum: string;
    errorSourceCount: number;
    blob: { base: string; length: number; blockLength: number };
    sources: Array<Record<string, unknown>>;
  };
  assert.equal(j.length, 40 + 92 * 4);
  assert.equal(j.errorSourceCount, 4);
  assert.match(j.checksum, /^0x[0-9a-f]{2}$/);
  assert.deepEqual(j.blob, { base: '0x40000000', length: 4 * 16 + 4 * 1024, blockLength: 1024 });
  assert.deepEqual(j.sources[0], {
    id: 0, kind: 'sea', pe: 0, notifyType: 8, notifyName: 'SEA',
    statusSlot: '0x40000000', ack: '0x40000020', block: '0x40000040',
  });
  assert.deepEqual(j.sources[3], {
    id: 3, kind: 'sdei', pe: 1, notifyType: 11, notifyName: 'Software Delegated Exception', sdeiEvent: 805,
    statusSlot: '0x40000018', ack: '0x40000038', block: '0x40000c40',
  });
});
