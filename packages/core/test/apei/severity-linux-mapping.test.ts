import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CperSeverity, GhesSev, ghesSevFromCper, isKnownSeverity, severityName, worseSeverity } from '../../src/apei/severity.js';

test('CPER severity codes are the wire values of formats.md d.8', () => {
  assert.deepEqual(CperSeverity, { Recoverable: 0, Fatal: 1, Corrected: 2, Informational: 3 });
  assert.deepEqual([0, 1, 2, 3].map(severityName), ['recoverable', 'fatal', 'corrected', 'informational']);
  assert.equal(severityName(7), 'unknown (7)');
  assert.equal(isKnownSeverity(3), true);
  assert.equal(isKnownSeverity(4), false);
});

test('Linux GHES_SEV mapping: informational→NO, corrected→CORRECTED, recoverable→RECOVERABLE, fatal and unknown→PANIC', () => {
  assert.equal(ghesSevFromCper(CperSeverity.Informational), GhesSev.No);
  assert.equal(ghesSevFromCper(CperSeverity.Corrected), GhesSev.Corrected);
  assert.equal(ghesSevFromCper(CperSeverity.Recoverable), GhesSev.Recoverable);
  assert.equal(ghesSevFromCper(CperSeverity.Fatal), GhesSev.Panic);
  assert.equal(ghesSevFromCper(0xdeadbeef), GhesSev.Panic);
  assert.deepEqual(GhesSev, { No: 0, Corrected: 1, Recoverable: 2, Panic: 3 });
});

test('worseSeverity orders by GHES urgency, not by raw code', () => {
  assert.equal(worseSeverity(CperSeverity.Corrected, CperSeverity.Fatal), CperSeverity.Fatal);
  assert.equal(worseSeverity(CperSeverity.Recoverable, CperSeverity.Corrected), CperSeverity.Recoverable);
  assert.equal(worseSeverity(CperSeverity.Informational, CperSeverity.Corrected), CperSeverity.Corrected);
  assert.equal(worseSeverity(CperSeverity.Fatal, 9), CperSeverity.Fatal);
});
