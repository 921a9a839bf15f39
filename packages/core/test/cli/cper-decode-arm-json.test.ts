// An ARM processor error section in a GHES block, through the CLI: header fields by validation
// bit, the error-information entry with its cache fields, registers as hex words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeArmErrorInformation } from '../../src/apei/cper-arm-error-info.js';
import { encodeGhesBlockToBytes } from '../../src/apei/ghes-block.js';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run-cli.js';

test('ARM section → armProcessor JSON', async () => {
  const regs = new Uint8Array(16);
  new DataView(regs.buffer).setBigUint64(0, 0xffff_0000_0000_1234n, true);
  const bytes = encodeGhesBlockToBytes({
    blockStatus: 1, errorSeverity: 0, rawData: new Uint8Array(0),
    entries: [{
      severity: 0, revision: 0x300, flags: 1, fruId: null, fruText: null,
      timestamp: { year: 2025, month: 1, day: 2, hour: 3, minute: 4, second: 5, precise: true },
      body: {
        kind: 'arm-processor',
        armProcessor: {
          validationBits: 0x1, errorAffinityLevel: 2, mpidr: 0x8000_0001n, midr: 0x410f_d490n, runningState: 1, psciState: 0,
          errorInfo: [{
            version: 0, length: 32, validationBits: 0x14, type: 0x02, multipleError: 0, flags: 0,
            errorInformation: encodeArmErrorInformation({ layout: 'cache', level: 1, corrected: false }),
            virtualFaultAddress: 0n, physicalFaultAddress: 0x8_0000_1000n,
          }],
          contextInfo: [{ version: 0, registerContextType: 5, registerArray: regs }],
          vendorSpecific: Uint8Array.of(0xde, 0xad),
        },
      },
    }],
  });
  const io = memoryIo({ 'arm.bin': bytes });
  assert.equal(await runCli(['cper', 'decode', 'arm.bin', '--json'], io), 0, io.stderr.join('\n'));
  const j = JSON.parse(io.stdout[0]!);
  const s = j.sections[0];
  assert.equal(s.type, 'arm-processor');
  assert.equal(s.timestamp, '2025-01-02T03:04:05');
  assert.equal(s.timestampPrecise, true);
  assert.deepEqual(s.armProcessor, {
    validationBits: 1, errorInfoCount: 1, contextInfoCount: 1, sectionLength: 40 + 32 + 32 + 2,
    mpidr: '0x80000001', midr: '0x410fd490',
    errorInfo: [{
      version: 0, length: 32, validationBits: 0x14, type: 2, typeNames: ['cache'],
      errorInformation: '0x400014', errorInformationFields: { layout: 'cache', level: 1, corrected: false },
      physicalFaultAddress: '0x800001000',
    }],
    contextInfo: [{ version: 0, registerContextType: 5, registerContextName: 'AArch64 EL1', registerArraySize: 16, registers: ['0xffff000000001234', '0x0'] }],
    vendorSpecific: 'dead',
  });
});
