// Random, valid CPER structures for the round-trip property tests. Every field is drawn over its
// whole wire range (u64s over 64 bits), so a codec that truncates or mixes up a field fails.
import type { TestRng } from '../helpers/rng.js';
import type { ArmContextInfo, ArmErrorInfoEntry, ArmProcessorSection } from '../../src/apei/cper-arm.js';
import type { GenericProcessorSection } from '../../src/apei/cper-generic-processor.js';
import type { MemoryErrorSection } from '../../src/apei/cper-memory.js';
import type { CperRecord, CperRecordSection } from '../../src/apei/cper-record.js';
import type { GhesBlock, GhesEntry } from '../../src/apei/ghes-block.js';
import type { SectionBody } from '../../src/apei/section-body.js';
import type { CperTimestamp } from '../../src/apei/timestamp.js';

export function randomGuid(rng: TestRng): string {
  const h = Array.from(rng.bytes(16), (b) => b.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A GUID that is none of the section types the codecs decode. */
export function randomUnknownGuid(rng: TestRng): string {
  return 'ff' + randomGuid(rng).slice(2);
}

export function randomText(rng: TestRng, max: number): string {
  const n = rng.below(max + 1);
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(1 + rng.below(255));
  return s;
}

export function randomTimestamp(rng: TestRng): CperTimestamp {
  const ts: CperTimestamp = {
    year: rng.below(10000), month: rng.below(100), day: rng.below(100),
    hour: rng.below(100), minute: rng.below(100), second: rng.below(100), precise: rng.bool(),
  };
  // All-zero bytes mean "no timestamp", so that one value cannot round-trip as a timestamp.
  if (ts.year + ts.month + ts.day + ts.hour + ts.minute + ts.second === 0 && !ts.precise) ts.day = 1;
  return ts;
}

export function randomMemorySection(rng: TestRng): MemoryErrorSection {
  const u16 = (): number => rng.bits(16);
  return {
    validationBits: rng.u64(), errorStatus: rng.u64(), physicalAddress: rng.u64(), physicalAddressMask: rng.u64(),
    node: u16(), card: u16(), module: u16(), bank: u16(), device: u16(), row: u16(), column: u16(), bitPosition: u16(),
    requestorId: rng.u64(), responderId: rng.u64(), targetId: rng.u64(),
    memoryErrorType: rng.bits(8), extended: rng.bits(8), rankNumber: u16(), cardHandle: u16(), moduleHandle: u16(),
  };
}

function randomErrorInfo(rng: TestRng): ArmErrorInfoEntry {
  return {
    version: rng.bits(8), length: rng.bits(8), validationBits: rng.bits(16), type: rng.bits(8),
    multipleError: rng.bits(16), flags: rng.bits(8), errorInformation: rng.u64(),
    virtualFaultAddress: rng.u64(), physicalFaultAddress: rng.u64(),
  };
}

function randomContext(rng: TestRng): ArmContextInfo {
  return { version: rng.bits(16), registerContextType: rng.bits(16), registerArray: rng.bytes(rng.below(80)) };
}

export function randomArmSection(rng: TestRng): ArmProcessorSection {
  return {
    validationBits: rng.u32(), errorAffinityLevel: rng.bits(8), mpidr: rng.u64(), midr: rng.u64(),
    runningState: rng.u32(), psciState: rng.u32(),
    errorInfo: Array.from({ length: 1 + rng.below(4) }, () => randomErrorInfo(rng)),
    contextInfo: Array.from({ length: rng.below(4) }, () => randomContext(rng)),
    vendorSpecific: rng.bytes(rng.below(40)),
  };
}

export function randomGenericProcessor(rng: TestRng): GenericProcessorSection {
  return {
    validationBits: rng.u64(), processorType: rng.bits(8), isa: rng.bits(8), errorType: rng.bits(8),
    operation: rng.bits(8), flags: rng.bits(8), level: rng.bits(8), cpuVersion: rng.u64(),
    brandString: randomText(rng, 128), processorId: rng.u64(), targetAddress: rng.u64(),
    requestorId: rng.u64(), responderId: rng.u64(), instructionIp: rng.u64(),
  };
}

export function randomSectionBody(rng: TestRng): SectionBody {
  switch (rng.below(4)) {
    case 0:
      return { kind: 'memory', memory: randomMemorySection(rng) };
    case 1:
      return { kind: 'arm-processor', armProcessor: randomArmSection(rng) };
    case 2:
      return { kind: 'generic-processor', genericProcessor: randomGenericProcessor(rng) };
    default:
      return { kind: 'unknown', sectionType: randomUnknownGuid(rng), bytes: rng.bytes(rng.below(100)) };
  }
}

export function randomGhesEntry(rng: TestRng): GhesEntry {
  const v300 = rng.bool();
  return {
    severity: rng.u32(),
    // Either a 72-byte header (major ≥ 3) or a 64-byte one (major < 3).
    revision: v300 ? 0x0300 + rng.below(0xfd00) : rng.below(0x0300),
    flags: rng.bits(8),
    fruId: rng.bool() ? randomGuid(rng) : null,
    fruText: rng.bool() ? randomText(rng, 20) : null,
    timestamp: v300 && rng.bool() ? randomTimestamp(rng) : null,
    body: randomSectionBody(rng),
  };
}

export function randomGhesBlock(rng: TestRng): GhesBlock {
  return {
    blockStatus: rng.u32(), errorSeverity: rng.u32(),
    entries: Array.from({ length: rng.below(4) }, () => randomGhesEntry(rng)),
    rawData: rng.bytes(rng.below(3) === 0 ? rng.below(50) : 0),
  };
}

export function randomRecordSection(rng: TestRng): CperRecordSection {
  return {
    severity: rng.u32(), revision: rng.bits(16), flags: rng.u32(),
    fruId: rng.bool() ? randomGuid(rng) : null, fruText: rng.bool() ? randomText(rng, 20) : null,
    body: randomSectionBody(rng),
  };
}

export function randomCperRecord(rng: TestRng): CperRecord {
  return {
    revision: rng.bits(16), errorSeverity: rng.u32(), timestamp: rng.bool() ? randomTimestamp(rng) : null,
    platformId: rng.bool() ? randomGuid(rng) : null, partitionId: rng.bool() ? randomGuid(rng) : null,
    creatorId: randomGuid(rng), notificationType: randomGuid(rng), recordId: rng.u64(), flags: rng.u32(),
    persistenceInfo: rng.u64(), sections: Array.from({ length: rng.below(4) }, () => randomRecordSection(rng)),
  };
}
