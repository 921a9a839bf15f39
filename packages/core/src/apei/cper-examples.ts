/**
 * The example payloads bundled under `examples/cper/` and used by the demo: the GHES block QEMU
 * writes for a guest memory error (formats.md e), and a full CPER record such as EL3 firmware
 * would log to ERST for a recoverable multi-bit ECC error it signalled with an SEA.
 * `scripts/make-cper-examples.mjs` writes the files from these functions and a test checks that
 * the committed files still match them.
 */
import { encodeCperRecordToBytes, CPER_REVISION, type CperRecord } from './cper-record.js';
import { emptyMemorySection, MemValid } from './cper-memory.js';
import { GUIDS } from './guid.js';
import { GHES_MEMORY_BLOCK_SIZE, writeGhesMemoryBlock } from './ghes-memory-writer.js';
import { SECTION_REVISION, SectionFlag } from './section-descriptor.js';
import { CperSeverity } from './severity.js';

/** The physical address of formats.md (e): QEMU's self-check vector. */
export const QEMU_EXAMPLE_PA = 0x4000_1000;

/**
 * Creator GUID rasflow puts in the records it builds. It identifies this simulator only; it was
 * generated at random and is registered nowhere.
 */
export const RASFLOW_CREATOR_ID = '6f1b7c52-3d4e-4a8f-9b21-5c0d8e7a4f13';

/** The 172-byte block of formats.md (e): recoverable memory error at PA 0x40001000. */
export function qemuSeaMemoryBlock(): Uint8Array {
  const bytes = new Uint8Array(GHES_MEMORY_BLOCK_SIZE);
  writeGhesMemoryBlock(new DataView(bytes.buffer), 0, QEMU_EXAMPLE_PA);
  return bytes;
}

/** Lowercase hex of `bytes`, `perLine` bytes to a line, each line ending in a newline. */
export function hexLines(bytes: Uint8Array, perLine = 32): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += perLine) {
    out += Array.from(bytes.subarray(i, i + perLine), (b) => b.toString(16).padStart(2, '0')).join('') + '\n';
  }
  return out;
}

/**
 * A full record for one recoverable memory error: multi-bit ECC at PA 0x880123000 (page
 * granularity) on node 0, module "DIMM A1", notified by SEA, primary section.
 */
export function memoryRecordExample(): CperRecord {
  const memory = emptyMemorySection();
  memory.validationBits = BigInt(
    MemValid.physicalAddress | MemValid.physicalAddressMask | MemValid.node | MemValid.memoryErrorType,
  );
  memory.physicalAddress = 0x8_8012_3000n;
  memory.physicalAddressMask = 0xffff_ffff_ffff_f000n;
  memory.node = 0;
  memory.memoryErrorType = 3; // multi-bit ECC
  return {
    revision: CPER_REVISION,
    errorSeverity: CperSeverity.Recoverable,
    timestamp: { year: 2025, month: 3, day: 14, hour: 9, minute: 26, second: 53, precise: true },
    platformId: null,
    partitionId: null,
    creatorId: RASFLOW_CREATOR_ID,
    notificationType: GUIDS.notifySea,
    recordId: 1n,
    flags: 0,
    persistenceInfo: 0n,
    sections: [
      {
        severity: CperSeverity.Recoverable,
        revision: SECTION_REVISION,
        flags: SectionFlag.primary,
        fruId: null,
        fruText: 'DIMM A1',
        body: { kind: 'memory', memory },
      },
    ],
  };
}

/** The bytes of {@link memoryRecordExample}. */
export function memoryRecordExampleBytes(): Uint8Array {
  return encodeCperRecordToBytes(memoryRecordExample());
}
