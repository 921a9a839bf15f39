// Comparison of decoded sections with libcper's JSON (the oracle README's key tables). Every key
// libcper prints for a section must come from a set validation bit and hold the same value, and
// every set bit must have its key: the key set is compared as a whole.
import assert from 'node:assert/strict';
import type { GenericProcessorSection } from '../../src/apei/cper-generic-processor.js';
import type { MemoryErrorSection } from '../../src/apei/cper-memory.js';
import { decodeErrorStatus } from '../../src/apei/error-status.js';
import { big, obj, type JsonObj } from './cper-fixtures.js';

const bitSet = (bits: bigint, n: number): boolean => ((bits >> BigInt(n)) & 1n) === 1n;

/** Asserts that a decoded memory section says what libcper's `Memory` object says. */
export function assertMemoryMatchesLibcper(m: MemoryErrorSection, json: JsonObj): void {
  const v = m.validationBits;
  const simple: [key: string, bit: number, value: bigint][] = [
    ['physicalAddress', 1, m.physicalAddress],
    ['physicalAddressMask', 2, m.physicalAddressMask],
    ['node', 3, BigInt(m.node)],
    ['card', 4, BigInt(m.card)],
    ['moduleRank', 5, BigInt(m.module)],
    ['device', 7, BigInt(m.device)],
    ['row', 8, BigInt(m.row)],
    ['column', 9, BigInt(m.column)],
    ['bitPosition', 10, BigInt(m.bitPosition)],
    ['requestorID', 11, m.requestorId],
    ['responderID', 12, m.responderId],
    ['targetID', 13, m.targetId],
    ['rankNumber', 15, BigInt(m.rankNumber)],
    ['cardSmbiosHandle', 16, BigInt(m.cardHandle)],
    ['moduleSmbiosHandle', 17, BigInt(m.moduleHandle)],
  ];
  const expectedKeys = new Set<string>(['bank']);
  for (const [key, bit, value] of simple) {
    if (!bitSet(v, bit)) continue;
    expectedKeys.add(key);
    assert.equal(big(json[key]), value, `memory ${key}`);
  }
  if (bitSet(v, 1)) {
    expectedKeys.add('physicalAddressHex');
    assert.equal(json['physicalAddressHex'], '0x' + m.physicalAddress.toString(16).toUpperCase().padStart(16, '0'));
  }
  if (bitSet(v, 0)) {
    expectedKeys.add('errorStatus');
    const es = obj(json['errorStatus']);
    const f = decodeErrorStatus(m.errorStatus);
    assert.equal(obj(es['errorType'])['value'], f.errorType, 'errorStatus.errorType');
    assert.deepEqual(
      [es['addressSignal'], es['controlSignal'], es['dataSignal'], es['detectedByResponder'], es['detectedByRequester'], es['firstError'], es['overflowDroppedLogs']],
      [f.address, f.control, f.data, f.detectedByResponder, f.detectedByRequester, f.firstError, f.overflow],
      'errorStatus flags',
    );
  }
  const bank = obj(json['bank']);
  if (bitSet(v, 6)) assert.deepEqual(bank, { value: m.bank });
  else assert.deepEqual(bank, { address: m.bank & 0xff, group: m.bank >>> 8 });
  if (bitSet(v, 14)) {
    expectedKeys.add('memoryErrorType');
    assert.equal(obj(json['memoryErrorType'])['value'], m.memoryErrorType);
  }
  if (bitSet(v, 18)) {
    expectedKeys.add('extended');
    const ext = obj(json['extended']);
    assert.equal(ext['rowBit16'], (m.extended & 1) !== 0);
    assert.equal(ext['rowBit17'], (m.extended & 2) !== 0);
    if (bitSet(v, 21)) assert.equal(ext['chipIdentification'], m.extended >>> 5);
    else assert.equal(ext['chipIdentification'], undefined);
  }
  assert.deepEqual(new Set(Object.keys(json)), expectedKeys, 'memory key set follows the validation bits');
}

/** Asserts that a decoded generic processor section says what libcper's `GenericProcessor` says. */
export function assertGenericMatchesLibcper(g: GenericProcessorSection, json: JsonObj): void {
  const v = g.validationBits;
  const expectedKeys = new Set<string>();
  const enums: [string, number, number][] = [
    ['processorType', 0, g.processorType], ['processorISA', 1, g.isa], ['errorType', 2, g.errorType], ['operation', 3, g.operation],
  ];
  for (const [key, bit, value] of enums) {
    if (!bitSet(v, bit)) continue;
    expectedKeys.add(key);
    assert.equal(obj(json[key])['value'], value, key);
  }
  if (bitSet(v, 4)) {
    expectedKeys.add('flags');
    assert.deepEqual(obj(json['flags']), {
      restartable: (g.flags & 1) !== 0, preciseIP: (g.flags & 2) !== 0, overflow: (g.flags & 4) !== 0, corrected: (g.flags & 8) !== 0,
    });
  }
  const simple: [string, number, bigint][] = [
    ['level', 5, BigInt(g.level)], ['cpuVersionInfo', 6, g.cpuVersion], ['processorID', 8, g.processorId],
    ['targetAddress', 9, g.targetAddress], ['requestorID', 10, g.requestorId], ['responderID', 11, g.responderId],
    ['instructionIP', 12, g.instructionIp],
  ];
  for (const [key, bit, value] of simple) {
    if (!bitSet(v, bit)) continue;
    expectedKeys.add(key);
    assert.equal(big(json[key]), value, key);
  }
  if (bitSet(v, 7)) {
    expectedKeys.add('cpuBrandString');
    assert.equal(json['cpuBrandString'], g.brandString);
  }
  assert.deepEqual(new Set(Object.keys(json)), expectedKeys, 'generic processor key set follows the validation bits');
}
