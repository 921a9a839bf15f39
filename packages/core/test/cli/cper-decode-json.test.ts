// `rasflow cper decode <file> --json`: the exact JSON for the libcper oracle records and for the
// formats.md (e) golden block, from binary and from hex-text files. Expected values are written
// out from the libcper JSON files (decimal → hex by hand), not taken from our own output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run-cli.js';
import { GOLDEN_HEX, goldenBytes, loadOracle } from '../apei/cper-fixtures.js';

async function decodeJson(file: Uint8Array | string): Promise<unknown> {
  const io = memoryIo({ 'in.bin': file });
  const code = await runCli(['cper', 'decode', 'in.bin', '--json'], io);
  assert.equal(code, 0, io.stderr.join('\n'));
  assert.equal(io.stderr.length, 0);
  assert.equal(io.stdout.length, 1);
  return JSON.parse(io.stdout[0]!);
}

const ZERO_GUID = '00000000-0000-0000-0000-000000000000';

const GOLDEN_JSON = {
  kind: 'ghes-block', severity: 0, blockStatus: 1, entryCount: 0, dataLength: 152, rawDataLength: 0,
  sections: [{
    type: 'memory', typeGuid: 'a5bc1114-6f64-4ede-b863-3e83ed7c83b1', severity: 0, revision: 0x0300, flags: 0,
    memory: { validationBits: 0x4002, physicalAddress: '0x40001000', errorType: 0 },
  }],
};

test('golden block as binary → ghes-block JSON', async () => {
  assert.deepEqual(await decodeJson(goldenBytes()), GOLDEN_JSON);
});

test('golden block as hex text (wrapped, upper case, CRLF) → the same JSON', async () => {
  const wrapped = GOLDEN_HEX.toUpperCase().replace(/(.{64})/g, '$1\r\n') + '\n';
  assert.deepEqual(await decodeJson(wrapped), GOLDEN_JSON);
});

const recordCommon = {
  kind: 'cper-record', revision: 0, sectionCount: 1, flags: 4, timestampPrecise: false, platformId: ZERO_GUID,
  creatorId: ZERO_GUID, notificationType: ZERO_GUID, persistenceInfo: '0x0',
};

test('memory.cperhex (hex text) → exact JSON', async () => {
  assert.deepEqual(await decodeJson(loadOracle('memory').hexText), {
    ...recordCommon, severity: 2, recordId: '0x725a06fb', recordLength: 280, timestamp: '9932-01-17T01:00:19',
    sections: [{
      type: 'memory', typeGuid: 'a5bc1114-6f64-4ede-b863-3e83ed7c83b1', severity: 0, revision: 0x72a9, flags: 0x0b,
      fruId: '4c476e7d-44b9-3eab-6f24-1438848ed43c', fruText: "+q$`4pGx'S6@wY|5gp!",
      memory: {
        validationBits: 0x275555, errorStatus: '0x6b1000', physicalAddressMask: '0x9741e0f594258ea6', card: 55781,
        bank: 52608, row: 24942, bitPosition: 1470, responderId: '0x44b83115debc9486', errorType: 0, chipId: 6,
        cardHandle: 5005, moduleHandle: 21116,
      },
    }],
  });
});

test('memory-validation-bits.cperhex (binary) → exact JSON', async () => {
  assert.deepEqual(await decodeJson(loadOracle('memory-validation-bits').bytes), {
    ...recordCommon, severity: 0, recordId: '0x2', recordLength: 280, timestamp: '9932-01-17T01:00:19',
    sections: [{
      type: 'memory', typeGuid: 'a5bc1114-6f64-4ede-b863-3e83ed7c83b1', severity: 0, revision: 0, flags: 0x03,
      fruId: 'cc4f334a-c563-11eb-8f88-9f7ac76c6f0c',
      memory: {
        validationBits: 0x2cbfe, physicalAddress: '0x80000000', physicalAddressMask: '0xfffffffffffff000', node: 0,
        card: 0, module: 0, bank: 0, device: 0, row: 0, column: 0, requestorId: '0xaa', errorType: 3, rank: 0, moduleHandle: 14,
      },
    }],
  });
});

test('generic.cperhex → exact JSON with a genericProcessor object', async () => {
  assert.deepEqual(await decodeJson(loadOracle('generic').hexText), {
    ...recordCommon, severity: 2, recordId: '0x6b8b4567', recordLength: 392, timestamp: '7715-06-19T11:00:12',
    sections: [{
      type: 'generic-processor', typeGuid: '9876ccad-47b4-4bdb-b65e-16f193c4f3db', severity: 1, revision: 0xdea7, flags: 0x7b,
      fruId: 'a241a04a-cf1e-8dbf-a311-61de0165ab04', fruText: ":mO4=ZvMD^bvU;e'Rrs",
      genericProcessor: {
        validationBits: 0x1555, processorType: 232, errorType: 183, flags: 5, cpuVersion: '0x45831f16c121d261',
        processorId: '0xddbf156c568dc099', requestorId: '0x8d952d429284c6b7', instructionIp: '0xe37557f4eec8423e',
      },
    }],
  });
});
