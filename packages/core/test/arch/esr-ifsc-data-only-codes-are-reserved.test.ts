// An Instruction Abort's IFSC is named from the instruction side of the a.5 table: codes only a
// Data Abort reports (0x11 Tag Check Fault, marked so in formats.md a.5; 0x21 alignment, 0x34 and
// 0x35, which the Arm ARM lists for DFSC only) are reserved there. The same codes in a DFSC keep
// their names, and every other code is named alike on both sides.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeEsr, type DataAbortDecoded, type InstructionAbortDecoded } from '../../src/arch/esr-decode.js';
import { fscName } from '../../src/arch/esr-names.js';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run-cli.js';

const DATA_ONLY = [0x11, 0x21, 0x34, 0x35];
const RESERVED_IN_IFSC = 'reserved in an Instruction Abort (a Data Abort code)';

test('IFSC 0x11, 0x21, 0x34 and 0x35 are reserved; the DFSC names stay', () => {
  for (const c of DATA_ONLY) {
    assert.equal((decodeEsr(0x86000000 | c) as InstructionAbortDecoded).ifscName, RESERVED_IN_IFSC, `IFSC 0x${c.toString(16)}`);
    assert.notEqual((decodeEsr(0x96000000 | c) as DataAbortDecoded).dfscName, RESERVED_IN_IFSC, `DFSC 0x${c.toString(16)}`);
  }
  assert.equal(fscName(0x11), 'Synchronous Tag Check Fault (MTE)');
  assert.equal(fscName(0x21), 'Alignment fault');
});

test('every other code has the same name in an IFSC as in a DFSC', () => {
  for (let c = 0; c < 64; c++) {
    if (DATA_ONLY.includes(c)) continue;
    assert.equal(fscName(c, true), fscName(c), `code 0x${c.toString(16)}`);
  }
});

test('rasflow esr: an instruction abort with IFSC 0x11 shows it reserved, in text and under ifscName', async () => {
  const text = memoryIo();
  assert.equal(await runCli(['esr', '0x86000011'], text), 0);
  assert.match(text.stdout.join('\n'), /IFSC=0x11: reserved in an Instruction Abort/);
  const json = memoryIo();
  assert.equal(await runCli(['esr', '0x86000021', '--json'], json), 0);
  const j = JSON.parse(json.stdout[0]!) as Record<string, unknown>;
  assert.deepEqual([j['ifsc'], j['ifscName'], j['dfscName']], [0x21, RESERVED_IN_IFSC, RESERVED_IN_IFSC]);
});
