// `rasflow compare a b [--report FILE]`: two real runs of one scenario with different profiles of
// the fixture plugins, given as directories; the table marks what changed and the HTML report
// is written without a single URL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli } from '../../src/cli/run-cli.js';
import { capturingIo, ONE_SEA, runRun, scriptedScenario, withTempDir, writeScenario } from '../helpers/run-command.js';

test('compare reads two run directories, marks changed rows and writes a self-contained report', async () => {
  await withTempDir(async (dir) => {
    const file = await writeScenario(dir, scriptedScenario(ONE_SEA.accesses, ONE_SEA.injections));
    assert.equal((await runRun([file, '--out', join(dir, 'a'), '--journeys', '--quiet'], dir)).code, 0);
    // The same run with another seed and one outcome changed by hand: a difference to find.
    assert.equal((await runRun([file, '--out', join(dir, 'b'), '--quiet', '--seed', '9'], dir)).code, 0);
    const bFile = join(dir, 'b', 'results.json');
    const b = JSON.parse(await readFile(bFile, 'utf8')) as { counts: Record<string, number> };
    b.counts['vmsLost'] = (b.counts['vmsLost'] ?? 0) + 3;
    await writeFile(bFile, JSON.stringify(b));
    const io = capturingIo(dir);
    const code = await runCli(['compare', 'a', 'b/results.json', '--report', 'cmp.html'], io);
    assert.equal(code, 0, io.err_.join('\n'));
    const text = io.out_.join('\n');
    assert.match(text, /^\* +VMs lost .*▲/m, text);
    assert.match(text, /wrote .*cmp\.html/);
    const html = await readFile(join(dir, 'cmp.html'), 'utf8');
    assert.ok(html.includes('<svg') || html.includes('<table'), 'the report has content');
    assert.doesNotMatch(html, /https?:\/\//);
  });
});

test('compare names a missing run and wants exactly two', async () => {
  await withTempDir(async (dir) => {
    let io = capturingIo(dir);
    assert.equal(await runCli(['compare', 'nowhere', 'else'], io), 1);
    assert.match(io.err_.join('\n'), /no results\.json at 'nowhere'/);
    io = capturingIo(dir);
    assert.equal(await runCli(['compare', 'one'], io), 2);
    assert.match(io.err_.join('\n'), /needs two runs, got 1/);
  });
});
