// SET (ISS bits 12:11) is named for every synchronous external abort: formats.md a.3 makes it
// meaningful for SEAs and RES0 otherwise, and a.5 lists the SEA codes as 0x10 and 0x13-0x17 (on a
// translation table walk, level -1..3; Linux ESR_ELx_FSC_SEA_TTW). It was named for 0x10 only.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeEsr, type DataAbortDecoded, type InstructionAbortDecoded } from '../../src/arch/esr-decode.js';
import { abortHasSet } from '../../src/arch/esr.js';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run-cli.js';

const SEA_CODES = [0x10, 0x13, 0x14, 0x15, 0x16, 0x17];

test('abortHasSet is true for exactly 0x10 and 0x13-0x17', () => {
  for (let fsc = 0; fsc < 64; fsc++) assert.equal(abortHasSet(fsc), SEA_CODES.includes(fsc), `FSC 0x${fsc.toString(16)}`);
});

test('a data abort on a table walk (DFSC 0x14-0x17, 0x13) names SET', () => {
  for (const fsc of [0x13, 0x14, 0x15, 0x16, 0x17]) {
    const d = decodeEsr(0x96001800 | fsc) as DataAbortDecoded; // SET = 0b11
    assert.equal(d.setName, 'UEO', `DFSC 0x${fsc.toString(16)}`);
  }
  assert.equal((decodeEsr(0x96001014) as DataAbortDecoded).setName, 'UC');
});

test('an instruction abort on a table walk names SET too', () => {
  const d = decodeEsr(0x86000015) as InstructionAbortDecoded; // SET = 0b00
  assert.equal(d.setName, 'UER');
});

test('parity/ECC codes (no FEAT_RAS) and other faults leave SET unnamed', () => {
  for (const fsc of [0x18, 0x1b, 0x1c, 0x1f, 0x12, 0x11, 0x05, 0x21]) {
    assert.equal((decodeEsr(0x96001000 | fsc) as DataAbortDecoded).setName, null, `DFSC 0x${fsc.toString(16)}`);
  }
});

test('rasflow esr 0x96001814 --json names SET', async () => {
  const io = memoryIo();
  assert.equal(await runCli(['esr', '0x96001814', '--json'], io), 0);
  const j = JSON.parse(io.stdout[0]!) as Record<string, unknown>;
  assert.equal(j['dfsc'], 0x14);
  assert.equal(j['set'], 'UEO');
  assert.equal(j['setBits'], 3);
});
