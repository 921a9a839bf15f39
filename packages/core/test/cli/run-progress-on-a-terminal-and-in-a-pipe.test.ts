// `rasflow run` progress: a bar redrawn in place on a terminal (a pseudo-terminal from
// util-linux `script`), plain lines without control codes in a pipe, nothing with --quiet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { LONG_NS, randomScenario, withTempDir, writeScenario } from '../helpers/run-command.js';

const MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const ENV = { ...process.env, RASFLOW_PROGRESS_EVERY_MS: '100' };

/** Runs `argv`, resolves with everything it wrote once `until` matches it (then stops it). */
function runUntil(argv: string[], cwd: string, until: RegExp, stopWith: NodeJS.Signals): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { cwd, env: ENV, stdio: ['pipe', 'pipe', 'pipe'] });
    let all = '';
    let stopped = false;
    const deadline = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no match for ${until} within 60 s; output:\n${all}`));
    }, 60_000);
    const onData = (b: Buffer): void => {
      all += b.toString();
      if (!stopped && until.test(all)) {
        stopped = true;
        child.kill(stopWith);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', () => {
      clearTimeout(deadline);
      resolve(all);
    });
  });
}

test('in a pipe: plain progress lines on stderr, no control codes anywhere', async () => {
  await withTempDir(async (dir) => {
    const file = await writeScenario(dir, randomScenario({ durationNs: LONG_NS }, 0));
    const out = await runUntil([process.execPath, MAIN, 'run', file, '--out', dir], dir, /progress: .*%.*journeys.*\n/, 'SIGINT');
    assert.match(out, /^progress: +\d+% · .* simulated · hosts \d+\/\d+ done · \d+ journeys · ETA /m);
    assert.doesNotMatch(out, /[\r\x1b]/, 'no carriage returns or escape sequences');
  });
});

test('on a terminal: one bar redrawn in place with carriage return and erase-line', { skip: spawnSync('script', ['--version']).status !== 0 ? 'util-linux script not installed' : false }, async () => {
  await withTempDir(async (dir) => {
    const file = await writeScenario(dir, randomScenario({ durationNs: LONG_NS }, 0));
    const cmd = `${JSON.stringify(process.execPath)} ${JSON.stringify(MAIN)} run ${JSON.stringify(file)} --out ${JSON.stringify(dir)}`;
    // script gives the command a pseudo-terminal; the bar needs two redraws to show it is redrawn.
    const out = await runUntil(['script', '-qfec', cmd, '/dev/null'], dir, /(\r\x1b\[2K\[[#.]{20}\][^\r]*){2}/, 'SIGTERM');
    assert.match(out, /\r\x1b\[2K\[[#.]{20}\] +\d+% · /);
    assert.doesNotMatch(out, /^progress: /m, 'no plain lines on a terminal');
  });
});

test('--quiet: no progress at all', async () => {
  await withTempDir(async (dir) => {
    const file = await writeScenario(dir, randomScenario({ durationNs: 2_000_000 }, 0));
    const r = spawnSync(process.execPath, [MAIN, 'run', file, '--out', dir, '--quiet'], { cwd: dir, env: ENV, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout + r.stderr, '');
  });
});
