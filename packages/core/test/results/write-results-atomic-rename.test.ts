import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic, journeyLines } from '../../src/results/write-results.js';
import type { JourneyRecord } from '../../src/results/journey-record.js';

test('writeFileAtomic replaces the file and leaves no .tmp behind', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'rasflow-atomic-'));
  try {
    const path = join(dir, 'results.json');
    await writeFile(path, 'old');
    await writeFileAtomic(path, ['{"a":', '1}\n']);
    assert.equal(await readFile(path, 'utf8'), '{"a":1}\n');
    assert.deepEqual(await readdir(dir), ['results.json']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the data goes through results.json.tmp: when that cannot be written, results.json is untouched', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'rasflow-atomic-'));
  try {
    const path = join(dir, 'results.json');
    await writeFile(path, 'old');
    await mkdir(path + '.tmp'); // a directory where the temporary file must go
    await assert.rejects(writeFileAtomic(path, ['new']), { code: 'EISDIR' });
    assert.equal(await readFile(path, 'utf8'), 'old');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a failing chunk source removes the temporary file and keeps the old file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'rasflow-atomic-'));
  try {
    const path = join(dir, 'journeys.jsonl');
    await writeFile(path, 'old');
    function* chunks(): Generator<string> {
      yield 'half a file';
      throw new Error('no more journeys');
    }
    await assert.rejects(writeFileAtomic(path, chunks()), /no more journeys/);
    assert.equal(await readFile(path, 'utf8'), 'old');
    assert.deepEqual(await readdir(dir), ['journeys.jsonl']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('journeyLines yields every record as one line, in blocks', () => {
  const records = Array.from({ length: 10 }, (_v, k) => ({ id: `0:${k}`, seq: k }) as unknown as JourneyRecord);
  const blocks = [...journeyLines(records, 4)];
  assert.equal(blocks.length, 3);
  assert.deepEqual(blocks.join('').split('\n').slice(0, -1).map((l) => (JSON.parse(l) as { seq: number }).seq), [...Array(10).keys()]);
  assert.deepEqual([...journeyLines([])], []);
});
