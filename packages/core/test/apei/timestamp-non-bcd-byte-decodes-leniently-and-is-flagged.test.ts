// A CPER timestamp byte that is not two BCD digits no longer makes the record or block
// undecodable: it is read as Linux's bcd2bin() reads it (high nibble · 10 + low nibble, which
// cper_print_tstamp() applies without checking) and the timestamp is marked bcdInvalid. The
// encoder stays strict and refuses such a value, so decode → encode never changes bytes silently.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoryRecordExampleBytes } from '../../src/apei/cper-examples.js';
import { decodeCperRecord } from '../../src/apei/cper-record.js';
import { decodeGhesBlock, encodeGhesBlockToBytes } from '../../src/apei/ghes-block.js';
import { decodeTimestamp, encodeTimestamp, formatTimestamp } from '../../src/apei/timestamp.js';
import { goldenBytes, hexToBytes, viewOf } from './cper-fixtures.js';

test('a 0x1a seconds byte reads as 20 and marks the timestamp bcdInvalid', () => {
  const ts = decodeTimestamp(viewOf(hexToBytes('1a00000001012520')), 0);
  assert.deepEqual(ts, { second: 20, minute: 0, hour: 0, precise: false, day: 1, month: 1, year: 2025, bcdInvalid: true });
  assert.equal(formatTimestamp(ts!), '2025-01-01T00:00:20');
});

test('every value of every digit byte decodes; the flag is set exactly when a nibble is above 9', () => {
  const base = hexToBytes('0000000001012520');
  for (const at of [0, 1, 2, 4, 5, 6, 7]) {
    for (let x = 0; x < 256; x++) {
      const b = base.slice();
      b[at] = x;
      const ts = decodeTimestamp(viewOf(b), 0);
      if (ts === null) continue; // only bytes 0..2 zero with the rest zero: not reachable here
      const reading = (x >>> 4) * 10 + (x & 0xf);
      const field = [ts.second, ts.minute, ts.hour, -1, ts.day, ts.month, ts.year % 100, Math.floor(ts.year / 100)];
      if (at === 6) assert.equal(ts.year, 20 * 100 + reading);
      else if (at === 7) assert.equal(ts.year, reading * 100 + 25);
      else assert.equal(field[at], reading, `byte ${at} = 0x${x.toString(16)}`);
      assert.equal(ts.bcdInvalid === true, x >>> 4 > 9 || (x & 0xf) > 9, `byte ${at} = 0x${x.toString(16)}`);
    }
  }
  // The widest reading: every digit byte 0xff is 165, the year 165 · 100 + 165.
  assert.equal(decodeTimestamp(viewOf(hexToBytes('ffffff00ffffffff')), 0)?.year, 16665);
});

test('the encoder refuses a timestamp marked bcdInvalid and writes nothing', () => {
  const ts = decodeTimestamp(viewOf(hexToBytes('1a00000001012520')), 0)!;
  const out = new Uint8Array(8).fill(0x77);
  assert.throws(() => encodeTimestamp(viewOf(out), 0, ts), RangeError);
  assert.deepEqual(out, new Uint8Array(8).fill(0x77));
  // Without the mark the same fields are ordinary BCD values again.
  const { bcdInvalid: _b, ...clean } = ts;
  encodeTimestamp(viewOf(out), 0, clean);
  assert.deepEqual(Array.from(out), [0x20, 0, 0, 0, 0x01, 0x01, 0x25, 0x20]);
});

test('a CPER record with a non-BCD timestamp byte still decodes, section and all', () => {
  const b = memoryRecordExampleBytes();
  b[24 + 6] = 0x2f; // year byte
  const r = decodeCperRecord(viewOf(b));
  assert.equal(r.timestamp?.bcdInvalid, true);
  assert.equal(r.timestamp?.year, 2000 + 35);
  assert.equal(r.sections.length, 1);
  assert.ok(r.sections[0]!.body.kind === 'memory');
});

test('a GHES block whose GEDE timestamp has a non-BCD byte still decodes', () => {
  const golden = decodeGhesBlock(viewOf(goldenBytes()));
  const entry = { ...golden.entries[0]!, timestamp: { year: 2025, month: 1, day: 2, hour: 3, minute: 4, second: 5, precise: false } };
  const b = encodeGhesBlockToBytes({ blockStatus: 1, errorSeverity: 0, rawData: new Uint8Array(0), entries: [entry] });
  viewOf(b).setUint8(20 + 22, viewOf(b).getUint8(20 + 22) | 4); // GEDE validation: timestamp valid
  b[20 + 64 + 2] = 0xb3; // hours
  const d = decodeGhesBlock(viewOf(b));
  assert.equal(d.entries[0]!.timestamp?.bcdInvalid, true);
  assert.equal(d.entries[0]!.timestamp?.hour, 113);
  assert.ok(d.entries[0]!.body.kind === 'memory');
  assert.equal(d.entries[0]!.body.memory.physicalAddress, 0x4000_1000n);
});
