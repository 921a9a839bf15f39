/**
 * The JSON form `rasflow cper decode --json` prints. Conventions: u64 fields are lowercase `0x`
 * hex strings without padding (JSON numbers lose precision above 2^53); narrower fields are
 * numbers; an optional field is present exactly when its validation bit is set, as in libcper's
 * output. The record id is a u64 too, so it is a hex string as well. A timestamp with a byte
 * that is not BCD is printed as Linux reads it, with `timestampBcdInvalid: true` beside it.
 */
import { armContextRegisterWidth, armContextTypeName, armErrorTypeNames, armInfoLayout, decodeArmErrorInformation } from '../apei/cper-arm-error-info.js';
import { ArmInfoValid, ArmValid, armSectionSize, type ArmProcessorSection } from '../apei/cper-arm.js';
import { GenProcValid, type GenericProcessorSection } from '../apei/cper-generic-processor.js';
import {
  MemValid, memValid, memoryBankAddress, memoryBankGroup, memoryBitsBeyondLayout, memoryChipId, memoryRow, type MemoryErrorSection,
} from '../apei/cper-memory.js';
import type { DecodedCperRecord } from '../apei/cper-record.js';
import { decodeBlockStatus } from '../apei/gesb.js';
import type { DecodedGhesBlock } from '../apei/ghes-block.js';
import { sectionTypeOf, type SectionBody } from '../apei/section-body.js';
import { formatTimestamp, type CperTimestamp } from '../apei/timestamp.js';
import { hex64 } from '../util/u64.js';

/** A JSON value. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const bit = (bits: bigint, mask: number): boolean => (bits & BigInt(mask)) !== 0n;

function hexBytes(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += x.toString(16).padStart(2, '0');
  return s;
}

/**
 * Memory section fields. `row` includes row bits 17:16 from the extended byte when validation bit
 * 18 is set, as Linux prints it; the row itself still needs bit 8. `bank` is the whole u16 (bit 6);
 * `bankGroup`/`bankAddress` (bits 19/20) and `chipId` (bit 21) are reported on their own bits.
 * A section in the 73-byte UEFI 2.1/2.2 layout adds `oldLayoutLength`, and `ignoredValidationBits`
 * when it sets bits (15 and up) for fields that layout lacks; those fields are then left out.
 */
export function memoryJson(m: MemoryErrorSection): JsonObject {
  const o: JsonObject = { validationBits: Number(m.validationBits) };
  const add = (mask: number, key: string, value: Json): void => {
    if (memValid(m, mask)) o[key] = value;
  };
  add(MemValid.errorStatus, 'errorStatus', hex64(m.errorStatus));
  add(MemValid.physicalAddress, 'physicalAddress', hex64(m.physicalAddress));
  add(MemValid.physicalAddressMask, 'physicalAddressMask', hex64(m.physicalAddressMask));
  add(MemValid.node, 'node', m.node);
  add(MemValid.card, 'card', m.card);
  add(MemValid.module, 'module', m.module);
  add(MemValid.bank, 'bank', m.bank);
  add(MemValid.bankGroup, 'bankGroup', memoryBankGroup(m));
  add(MemValid.bankAddress, 'bankAddress', memoryBankAddress(m));
  add(MemValid.device, 'device', m.device);
  add(MemValid.row, 'row', memoryRow(m));
  add(MemValid.column, 'column', m.column);
  add(MemValid.bitPosition, 'bitPosition', m.bitPosition);
  add(MemValid.requestorId, 'requestorId', hex64(m.requestorId));
  add(MemValid.responderId, 'responderId', hex64(m.responderId));
  add(MemValid.targetId, 'targetId', hex64(m.targetId));
  add(MemValid.memoryErrorType, 'errorType', m.memoryErrorType);
  add(MemValid.chipId, 'chipId', memoryChipId(m));
  add(MemValid.rankNumber, 'rank', m.rankNumber);
  add(MemValid.cardHandle, 'cardHandle', m.cardHandle);
  add(MemValid.moduleHandle, 'moduleHandle', m.moduleHandle);
  if (m.oldLayoutLength !== undefined) {
    o['oldLayoutLength'] = m.oldLayoutLength;
    const ignored = memoryBitsBeyondLayout(m);
    if (ignored !== 0n) o['ignoredValidationBits'] = hex64(ignored);
  }
  return o;
}

/** ARM processor section fields; the register arrays as hex words of the context's width. */
export function armJson(a: ArmProcessorSection): JsonObject {
  const v = a.validationBits;
  const o: JsonObject = {
    validationBits: v, errorInfoCount: a.errorInfo.length, contextInfoCount: a.contextInfo.length,
    sectionLength: armSectionSize(a),
  };
  if (v & ArmValid.mpidr) o['mpidr'] = hex64(a.mpidr);
  if (v & ArmValid.affinityLevel) o['errorAffinityLevel'] = a.errorAffinityLevel;
  o['midr'] = hex64(a.midr);
  if (v & ArmValid.runningState) {
    o['runningState'] = a.runningState;
    o['psciState'] = a.psciState;
  }
  o['errorInfo'] = a.errorInfo.map((e) => {
    const x: JsonObject = { version: e.version, length: e.length, validationBits: e.validationBits, type: e.type, typeNames: armErrorTypeNames(e.type) };
    if (e.validationBits & ArmInfoValid.multipleError) x['multipleError'] = e.multipleError;
    if (e.validationBits & ArmInfoValid.flags) x['flags'] = e.flags;
    if (e.validationBits & ArmInfoValid.errorInformation) {
      x['errorInformation'] = hex64(e.errorInformation);
      const layout = armInfoLayout(e.type);
      if (layout !== null) x['errorInformationFields'] = { ...decodeArmErrorInformation(layout, e.errorInformation) };
    }
    if (e.validationBits & ArmInfoValid.virtualAddress) x['virtualFaultAddress'] = hex64(e.virtualFaultAddress);
    if (e.validationBits & ArmInfoValid.physicalAddress) x['physicalFaultAddress'] = hex64(e.physicalFaultAddress);
    return x;
  });
  o['contextInfo'] = a.contextInfo.map((c) => {
    const x: JsonObject = {
      version: c.version, registerContextType: c.registerContextType,
      registerContextName: armContextTypeName(c.registerContextType), registerArraySize: c.registerArray.length,
    };
    const w = armContextRegisterWidth(c.registerContextType);
    const r = c.registerArray;
    if (w !== null && r.length % w === 0) {
      const view = new DataView(r.buffer, r.byteOffset, r.byteLength);
      const regs: Json[] = [];
      for (let i = 0; i < r.length; i += w) {
        regs.push(w === 4 ? '0x' + view.getUint32(i, true).toString(16) : hex64(view.getBigUint64(i, true)));
      }
      x['registers'] = regs;
    } else {
      x['registerBytes'] = hexBytes(r);
    }
    return x;
  });
  if (a.vendorSpecific.length > 0) o['vendorSpecific'] = hexBytes(a.vendorSpecific);
  return o;
}

/** Generic processor section fields present per their validation bits. */
export function genericProcessorJson(g: GenericProcessorSection): JsonObject {
  const v = g.validationBits;
  const o: JsonObject = { validationBits: Number(v) };
  const add = (mask: number, key: string, value: Json): void => {
    if (bit(v, mask)) o[key] = value;
  };
  add(GenProcValid.processorType, 'processorType', g.processorType);
  add(GenProcValid.isa, 'isa', g.isa);
  add(GenProcValid.errorType, 'errorType', g.errorType);
  add(GenProcValid.operation, 'operation', g.operation);
  add(GenProcValid.flags, 'flags', g.flags);
  add(GenProcValid.level, 'level', g.level);
  add(GenProcValid.cpuVersion, 'cpuVersion', hex64(g.cpuVersion));
  add(GenProcValid.brandString, 'brandString', g.brandString);
  add(GenProcValid.processorId, 'processorId', hex64(g.processorId));
  add(GenProcValid.targetAddress, 'targetAddress', hex64(g.targetAddress));
  add(GenProcValid.requestorId, 'requestorId', hex64(g.requestorId));
  add(GenProcValid.responderId, 'responderId', hex64(g.responderId));
  add(GenProcValid.instructionIp, 'instructionIp', hex64(g.instructionIp));
  return o;
}

interface SectionMeta {
  severity: number;
  revision: number;
  flags: number;
  fruId: string | null;
  fruText: string | null;
  timestamp?: CperTimestamp | null;
  body: SectionBody;
}

function sectionJson(s: SectionMeta): JsonObject {
  const o: JsonObject = { type: s.body.kind, typeGuid: sectionTypeOf(s.body), severity: s.severity, revision: s.revision, flags: s.flags };
  if (s.fruId !== null) o['fruId'] = s.fruId;
  if (s.fruText !== null) o['fruText'] = s.fruText;
  if (s.timestamp) {
    o['timestamp'] = formatTimestamp(s.timestamp);
    o['timestampPrecise'] = s.timestamp.precise;
    if (s.timestamp.bcdInvalid === true) o['timestampBcdInvalid'] = true;
  }
  const b = s.body;
  if (b.kind === 'memory') o['memory'] = memoryJson(b.memory);
  else if (b.kind === 'arm-processor') o['armProcessor'] = armJson(b.armProcessor);
  else if (b.kind === 'generic-processor') o['genericProcessor'] = genericProcessorJson(b.genericProcessor);
  else o['length'] = b.bytes.length;
  return o;
}

/** JSON of a full CPER record. */
export function recordJson(r: DecodedCperRecord): JsonObject {
  const o: JsonObject = {
    kind: 'cper-record', severity: r.errorSeverity, revision: r.revision, recordId: hex64(r.recordId),
    sectionCount: r.sections.length, recordLength: r.recordLength, flags: r.flags,
    timestamp: r.timestamp ? formatTimestamp(r.timestamp) : null,
  };
  if (r.timestamp) o['timestampPrecise'] = r.timestamp.precise;
  if (r.timestamp?.bcdInvalid === true) o['timestampBcdInvalid'] = true;
  if (r.platformId !== null) o['platformId'] = r.platformId;
  if (r.partitionId !== null) o['partitionId'] = r.partitionId;
  o['creatorId'] = r.creatorId;
  o['notificationType'] = r.notificationType;
  o['persistenceInfo'] = hex64(r.persistenceInfo);
  o['sections'] = r.sections.map((s) => sectionJson(s));
  return o;
}

/** JSON of a GHES error status block. */
export function ghesBlockJson(b: DecodedGhesBlock): JsonObject {
  const o: JsonObject = {
    kind: 'ghes-block', severity: b.errorSeverity, blockStatus: b.blockStatus,
    entryCount: decodeBlockStatus(b.blockStatus).entryCount, dataLength: b.dataLength,
    rawDataLength: b.rawDataLength,
  };
  if (b.rawData.length > 0) o['rawData'] = hexBytes(b.rawData);
  o['sections'] = b.entries.map((e) => sectionJson(e));
  return o;
}
