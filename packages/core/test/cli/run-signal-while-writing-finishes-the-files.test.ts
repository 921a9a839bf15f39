// SIGINT or SIGTERM after the run ended, while its results are written: the first is remembered
// and the writing goes on (the process is not killed half-way through its files).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WritePhaseSignals } from '../../src/cli/run-out-dir.js';

test('a signal in the writing phase is remembered, not fatal; the handlers go with close()', () => {
  const before = process.listenerCount('SIGINT');
  const s = new WritePhaseSignals();
  const write = process.stderr.write;
  const said: string[] = [];
  process.stderr.write = ((t: string) => (said.push(t), true)) as typeof process.stderr.write;
  try {
    s.startWriting();
    process.emit('SIGINT');
    assert.equal(s.late, 'SIGINT');
    assert.match(said.join(''), /SIGINT while the results are written: finishing them \(SIGINT again to quit now\)/);
  } finally {
    process.stderr.write = write;
    s.close();
  }
  assert.equal(process.listenerCount('SIGINT'), before);
});
