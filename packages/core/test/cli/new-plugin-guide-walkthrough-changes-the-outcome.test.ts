// The walkthrough of docs/writing-plugins.md, done by a test: scaffold `vmm my-vmm`, apply the
// guide's `<!-- walkthrough: … -->` edits to the regions they name, build with the workspace's
// tsc, run the package's own test (which now expects the new outcome), run the scenario and its
// baseline with `rasflow run`, and `rasflow compare` them: the one error changes fate from
// guest-app-killed to vm-terminated, and the guide shows that line as the command prints it.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../../src/cli/run-cli.js';
import { capturingIo, runRun, withTempDir } from '../helpers/run-command.js';
import { GUIDE, guideBlocks, linkToCheckout, newPlugin, node, replaceRegion, TSC } from './new-plugin-helpers.js';

test("the guide's walkthrough builds, passes the package's test and changes the outcome", { timeout: 240_000 }, async () => {
  const guide = await readFile(GUIDE, 'utf8');
  const edits = guideBlocks(guide).filter((b) => b.marker?.kind === 'walkthrough');
  assert.ok(edits.length >= 2, 'the guide changes the decision and the test');
  await withTempDir(async (tmp) => {
    const dir = join(tmp, 'my-vmm');
    const made = await newPlugin(['vmm', 'my-vmm', '--dir', dir], tmp);
    assert.equal(made.code, 0, made.err);
    for (const e of edits) {
      const m = e.marker!;
      assert.equal(`${m.layer} ${m.name}`, 'vmm my-vmm', `line ${e.line}: the walkthrough edits the package it scaffolds`);
      const path = join(dir, m.file);
      await writeFile(path, replaceRegion(await readFile(path, 'utf8'), m.region, e.code));
    }
    await linkToCheckout(dir);
    node([TSC, '-p', dir], tmp, 120_000);
    assert.match(node(['--test', join(dir, 'dist', 'test', 'my-vmm.test.js')], dir), /# pass 3\n# fail 0\n/);

    for (const [file, out] of [['scenario.json', 'out/my-vmm'], ['baseline.json', 'out/without-my-vmm']]) {
      const ran = await runRun([file!, '--journeys', '--out', out!, '--quiet'], dir);
      assert.equal(ran.code, 0, ran.err.join('\n'));
    }
    const io = capturingIo(dir);
    assert.equal(await runCli(['compare', 'out/without-my-vmm', 'out/my-vmm'], io), 0);
    const compared = io.out_.join('\n');
    const fate = compared.split('\n').find((l) => l.includes('guest-app-killed → vm-terminated'));
    assert.ok(fate !== undefined, `the error changed fate:\n${compared}`);
    assert.ok(guide.includes(fate), `the guide's recorded compare shows '${fate.trim()}' as printed`);
    assert.match(compared, /^\* VMs lost +0 +1 +▲ new$/m);
  });
});
