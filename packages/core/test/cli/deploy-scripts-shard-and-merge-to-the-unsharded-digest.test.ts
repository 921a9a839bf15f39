// The cluster files under deploy/ run as they are, locally: the Kubernetes Indexed Job's shell
// command once per completion index, then the merge Job's; the Slurm array script once per task
// id, then the merge script. Each is a separate process, as on a cluster, and the merged digest
// must be the unsharded run's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { repoRoot } from '../helpers/paths.js';
import { randomScenario, readResults, runRun, withTempDir, writeScenario } from '../helpers/run-command.js';

const run = promisify(execFile);
const MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

interface JobDoc {
  kind: string;
  spec: { completionMode?: string; completions?: number; template: { spec: { containers: { env?: { name: string; value: string }[]; args: string[] }[] } } };
}

async function job(name: string): Promise<JobDoc> {
  return parse(await readFile(join(repoRoot, 'deploy', 'kubernetes', name), 'utf8')) as JobDoc;
}

test('the Kubernetes Indexed Job and merge Job commands, run locally per completion index, merge into the unsharded digest', { timeout: 120_000 }, async () => {
  await withTempDir(async (dir) => {
    const shards = await job('shards-job.yaml');
    assert.equal(shards.kind, 'Job');
    assert.equal(shards.spec.completionMode, 'Indexed');
    const c = shards.spec.template.spec.containers[0]!;
    const env = Object.fromEntries((c.env ?? []).map((e) => [e.name, e.value]));
    assert.equal(Number(env['RASFLOW_SHARDS']), shards.spec.completions, 'RASFLOW_SHARDS is the number of completions');
    // The image's paths: /opt/rasflow is the repository, /results the shared volume.
    const here = (cmd: string): string => cmd.replaceAll('/results', join(dir, 'results'));
    assert.ok((await readFile(join(repoRoot, env['RASFLOW_SCENARIO']!.replace('/opt/rasflow/', '')))).length > 0, 'the default scenario is in the image');
    await mkdir(join(dir, 'bin'));
    await writeFile(join(dir, 'bin', 'rasflow'), `#!/bin/sh\nexec "${process.execPath}" "${MAIN}" "$@"\n`);
    await chmod(join(dir, 'bin', 'rasflow'), 0o755);
    const file = await writeScenario(dir, randomScenario({ hosts: { count: 3 } }, 4e-5));
    const PATH = `${join(dir, 'bin')}:${process.env['PATH'] ?? ''}`;
    await Promise.all([0, 1, 2].map((i) => run('/bin/sh', ['-c', here(c.args[0]!)], {
      cwd: dir, env: { ...process.env, PATH, JOB_COMPLETION_INDEX: String(i), RASFLOW_SHARDS: '3', RASFLOW_SCENARIO: file },
    })));
    const merge = (await job('merge-job.yaml')).spec.template.spec.containers[0]!;
    await run('/bin/sh', ['-c', here(merge.args[0]!)], { cwd: dir, env: { ...process.env, PATH } });
    const whole = await runRun([file, '--out', 'whole', '--quiet'], dir);
    assert.equal(whole.code, 0);
    const a = await readResults(join(dir, 'whole'));
    const b = await readResults(join(dir, 'results', 'merged'));
    assert.equal(b.digest, a.digest);
    assert.deepEqual(b.counts, a.counts);
  });
});

test('the Slurm array and merge scripts, run locally per task id, merge into the unsharded digest', { timeout: 120_000 }, async () => {
  await withTempDir(async (dir) => {
    const file = await writeScenario(dir, randomScenario({ hosts: { count: 3 } }, 4e-5));
    const slurm = join(repoRoot, 'deploy', 'slurm');
    const env = { ...process.env, RASFLOW_DIR: repoRoot, RESULTS: join(dir, 'results'), SCENARIO: file, SLURM_ARRAY_TASK_COUNT: '2', SLURM_CPUS_PER_TASK: '1' };
    await Promise.all([1, 2].map((i) => run('bash', [join(slurm, 'rasflow-shards.sbatch')], { cwd: dir, env: { ...env, SLURM_ARRAY_TASK_ID: String(i) } })));
    await run('bash', [join(slurm, 'rasflow-merge.sbatch')], { cwd: dir, env });
    const whole = await runRun([file, '--out', 'whole', '--quiet'], dir);
    assert.equal(whole.code, 0);
    assert.equal((await readResults(join(dir, 'results', 'merged'))).digest, (await readResults(join(dir, 'whole'))).digest);
  });
});
