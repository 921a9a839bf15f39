/**
 * The bare journey does the work it claims: the 172 bytes it leaves in each block are the record
 * the core's own writer makes for that address, the core's decoders read them back (block status,
 * severity, validation bits, address), and the handlers' page flags are set on the right pages.
 * No timing here: the rate is the journey suite's business.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CperSeverity, GhesReadResult, PAGE_FLAG_HWPOISON, PAGE_FLAG_STAGE2_UNMAPPED, QEMU_MEMORY_VALIDATION,
  decodeGhesBlock, newGhesMemoryReading, readGhesMemoryBlock, writeGhesMemoryBlock,
} from '@rasflow/core';
import {
  BARE_RECORD_BYTES, GUEST_BLOCK_OFFSET, GUEST_PAGE_OFFLINED, GUEST_RAM_BASE, HOST_BLOCK_OFFSET, HOST_RAM_BASE,
  bareJourneys, makeBareJourneyMemory,
} from '../src/bare-journey.js';

const m = makeBareJourneyMemory();
const checksum = bareJourneys(m, 1000, 42);
const [hostPa, guestPa] = [m.last[0]!, m.last[1]!];
// A copy of the blocks as the run left them (they live at one fixed place, shared by every run).
const view = new DataView(m.blocks.buffer.slice(0));

for (const [side, off, pa] of [['host', HOST_BLOCK_OFFSET, hostPa], ['guest', GUEST_BLOCK_OFFSET, guestPa]] as const) {
  test(`the ${side} block decodes to a recoverable memory error at the journey's address`, () => {
    const block = decodeGhesBlock(view, off, BARE_RECORD_BYTES);
    assert.equal(block.blockStatus, 1);
    assert.equal(block.errorSeverity, CperSeverity.Recoverable);
    assert.equal(block.dataLength, 152);
    assert.equal(block.entries.length, 1);
    const body = block.entries[0]!.body;
    assert.equal(body.kind, 'memory');
    if (body.kind !== 'memory') return;
    assert.equal(body.memory.validationBits, BigInt(QEMU_MEMORY_VALIDATION));
    assert.equal(body.memory.physicalAddress, BigInt(pa));

    const reading = newGhesMemoryReading();
    assert.equal(readGhesMemoryBlock(view, off, reading), GhesReadResult.ok);
    assert.equal(reading.physicalAddress, pa);
    assert.equal(reading.severity, CperSeverity.Recoverable);
  });

  test(`the ${side} block is byte for byte what the core's writer makes`, () => {
    const ref = new DataView(new ArrayBuffer(BARE_RECORD_BYTES));
    writeGhesMemoryBlock(ref, 0, pa);
    const got = new Uint8Array(view.buffer, off, BARE_RECORD_BYTES);
    assert.deepEqual([...got], [...new Uint8Array(ref.buffer)]);
  });
}

test('the addresses are where the journey says: host RAM above 4 GiB, the guest page page-aligned', () => {
  assert.ok(hostPa >= HOST_RAM_BASE && hostPa >= 2 ** 32, 'the host record uses the high address word');
  assert.equal(guestPa % 4096, 0);
  assert.equal((guestPa - GUEST_RAM_BASE) / 4096, Math.floor((hostPa - HOST_RAM_BASE) / 4096));
});

test('both page flags are set on the host page and on the guest page', () => {
  const hostPage = Math.floor((hostPa - HOST_RAM_BASE) / 4096);
  const guestPage = (guestPa - GUEST_RAM_BASE) / 4096;
  assert.equal(m.hostFlags[hostPage]! & (PAGE_FLAG_HWPOISON | PAGE_FLAG_STAGE2_UNMAPPED), PAGE_FLAG_HWPOISON | PAGE_FLAG_STAGE2_UNMAPPED);
  assert.equal(m.guestFlags[guestPage]! & (PAGE_FLAG_HWPOISON | GUEST_PAGE_OFFLINED), PAGE_FLAG_HWPOISON | GUEST_PAGE_OFFLINED);
  // 1000 journeys over 2^18 pages: nearly every one flagged a page of its own.
  const flagged = m.hostFlags.reduce((n, f) => n + (f !== 0 ? 1 : 0), 0);
  assert.ok(flagged > 990 && flagged <= 1000, `${flagged} host pages flagged`);
});

test('the checksum depends only on the journeys run', () => {
  assert.equal(bareJourneys(makeBareJourneyMemory(), 1000, 42), checksum);
  assert.notEqual(bareJourneys(makeBareJourneyMemory(), 1000, 43), checksum);
});
