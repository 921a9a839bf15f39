import { test } from 'node:test';
import assert from 'node:assert/strict';
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OUTCOMES } from '../../src/plugin/vocabulary.js';
import { randomScenario, readResults, runRun, withTempDir, writeScenario } from '../helpers/run-command.js';

const RECORD_KEYS = ['id', 'host', 'seq', 'atNs', 'vm', 'vcpu', 'el', 'event', 'hostPa', 'guestPa', 'va', 'steps', 'latencyNs', 'outcome'];

test('--journeys writes one canonical JSON line per journey', async () => {
  await withTempDir(async (dir) => {
    const file = await writeScenario(dir, randomScenario());
    const ran = await runRun([file, '--out', 'o', '--journeys', '--quiet'], dir);
    assert.equal(ran.code, 0, ran.err.join('\n'));
    const r = await readResults(join(dir, 'o'));
    const text = await readFile(join(dir, 'o', 'journeys.jsonl'), 'utf8');
    assert.ok(text.endsWith('\n'));
    const lines = text.slice(0, -1).split('\n');
    const total = r.hosts.reduce((n, h) => n + h.journeys, 0);
    assert.ok(total > 5);
    assert.equal(lines.length, total);
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const rec of records) {
      assert.deepEqual(Object.keys(rec), RECORD_KEYS);
      assert.ok((OUTCOMES as readonly unknown[]).includes(rec['outcome']));
      assert.equal(rec['id'], `${String(rec['host'])}:${String(rec['seq'])}`);
    }
    // Canonical order: by host, then the host's sequence 0, 1, 2, ...
    const expected = r.hosts.flatMap((h) => Array.from({ length: h.journeys }, (_v, k) => `${h.host}:${k}`));
    assert.deepEqual(records.map((rec) => rec['id']), expected);
  });
});

test('without --journeys no journeys.jsonl is written', async () => {
  await withTempDir(async (dir) => {
    const file = await writeScenario(dir, randomScenario());
    assert.equal((await runRun([file, '--out', 'o', '--quiet'], dir)).code, 0);
    await assert.rejects(access(join(dir, 'o', 'journeys.jsonl')), { code: 'ENOENT' });
  });
});
