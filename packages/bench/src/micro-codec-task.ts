/**
 * The micro suite's full-codec task: the same 172-byte GHES memory record as the journey path
 * writes, but built and parsed by the general codecs (ghes-block.ts, cper-memory.ts: any section
 * type, every field, u64s as bigint, one object per decode). Tools and tests use them, journeys do
 * not; the figure shows what the journey path saves by having its own writer and reader.
 */
import {
  QEMU_MEMORY_VALIDATION, decodeGhesBlock, emptyMemorySection, encodeGhesBlock, writeGhesMemoryBlock, type GhesBlock,
} from '@rasflow/core';
import type { MicroTaskSpec } from './micro-tasks.js';

const BLOCK_BYTES = 172;

/** The record QEMU writes for a recoverable memory error at `pa`, as a codec block. */
function memoryBlock(pa: number): GhesBlock {
  const memory = emptyMemorySection();
  memory.validationBits = BigInt(QEMU_MEMORY_VALIDATION);
  memory.physicalAddress = BigInt(pa);
  return {
    blockStatus: 1, errorSeverity: 0, rawData: new Uint8Array(0),
    entries: [{ severity: 0, revision: 0x0300, flags: 0, fruId: null, fruText: null, timestamp: null, body: { kind: 'memory', memory } }],
  };
}

/**
 * Encodes and decodes one record per unit, eight blocks of different addresses in turn, into a
 * DataView made once over a SharedArrayBuffer. Setup checks that the codec's bytes are the
 * journey writer's bytes, so both tasks measure the same record.
 */
export function ghesCodecTask(n = 1000): MicroTaskSpec {
  const view = new DataView(new SharedArrayBuffer(8 * 256));
  const blocks = Array.from({ length: 8 }, (_, k) => memoryBlock(0x80_0000_0000 + (0x1234 + 977 * k) * 4096));
  const check = new DataView(new ArrayBuffer(BLOCK_BYTES));
  blocks.forEach((b, k) => {
    encodeGhesBlock(view, 0, b);
    writeGhesMemoryBlock(check, 0, 0x80_0000_0000 + (0x1234 + 977 * k) * 4096);
    for (let i = 0; i < BLOCK_BYTES; i++) {
      if (view.getUint8(i) !== check.getUint8(i)) throw new Error(`codec and journey writer differ at byte ${i} of block ${k}`);
    }
  });
  let sum = 0;
  return {
    name: 'ghes block encode + decode (full codec)', unit: 'record', checksum: () => sum,
    fn: () => {
      let s = sum;
      for (let i = 0; i < n; i++) {
        const off = (i & 7) * 256;
        encodeGhesBlock(view, off, blocks[i & 7]!);
        const d = decodeGhesBlock(view, off, BLOCK_BYTES);
        const body = d.entries[0]!.body;
        if (body.kind !== 'memory') throw new Error('the codec decoded a memory block as another section type');
        s = (s + d.blockStatus + Number(body.memory.physicalAddress >> 12n)) | 0;
      }
      sum = s;
      return n;
    },
  };
}
