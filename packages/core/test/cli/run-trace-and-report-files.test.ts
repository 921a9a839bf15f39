// `rasflow run --trace --report`: trace.json that passes the Trace Event checker and a
// self-contained report.html beside results.json, named in the summary; journeys.jsonl only
// with --journeys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { validateTrace } from '../../src/report/trace-validate.js';
import { ONE_SEA, runRun, scriptedScenario, withTempDir, writeScenario } from '../helpers/run-command.js';

test('--trace and --report write trace.json and report.html from the run\'s journeys', async () => {
  await withTempDir(async (dir) => {
    const file = await writeScenario(dir, scriptedScenario(ONE_SEA.accesses, ONE_SEA.injections));
    const ran = await runRun([file, '--out', dir, '--trace', '--report'], dir);
    assert.equal(ran.code, 0, ran.err.join('\n'));
    const trace = JSON.parse(await readFile(join(dir, 'trace.json'), 'utf8')) as { traceEvents: Array<{ ph: string }> };
    assert.deepEqual(validateTrace(trace), []);
    assert.ok(trace.traceEvents.some((e) => e.ph === 'X'), 'the journey is drawn');
    const html = await readFile(join(dir, 'report.html'), 'utf8');
    assert.match(html, /<svg/);
    assert.doesNotMatch(html, /https?:\/\//);
    assert.equal(existsSync(join(dir, 'journeys.jsonl')), false, 'journeys.jsonl only with --journeys');
    assert.match(ran.out.join('\n'), /trace\.json/);
    assert.match(ran.out.join('\n'), /report\.html/);
  });
});
