// Every layer scaffolds, and what it writes works as generated: the package compiles with the
// workspace's tsc (strict, NodeNext), its own test passes (the scenario run with the engine in one
// thread), and `rasflow run` runs its scenario and its baseline (worker threads). node_modules is
// linked to this checkout as `npm install` would (new-plugin-helpers.ts), so no registry is needed.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { LAYER_NAMES } from '../../src/plugin/plugin-types.js';
import { readResults, withTempDir } from '../helpers/run-command.js';
import { linkToCheckout, newPlugin, node, repoRoot, TSC } from './new-plugin-helpers.js';

const WRAPPERS = new Set(['firmware', 'hypervisor', 'vmm', 'guest']);
/** The rasflow command of this checkout (what node_modules/.bin/rasflow links to). */
const RASFLOW = join(repoRoot, 'packages', 'core', 'dist', 'src', 'cli', 'main.js');

test('every layer scaffolds a package that builds, passes its test and runs', { timeout: 300_000 }, async () => {
  await withTempDir(async (tmp) => {
    const dirs: string[] = [];
    for (const layer of LAYER_NAMES) {
      const name = `my-${layer}`;
      const r = await newPlugin([layer, name, '--dir', join('plugins', name)], tmp);
      assert.equal(r.code, 0, `${layer}: ${r.err}`);
      const dir = join(tmp, 'plugins', name);
      dirs.push(dir);

      // package.json: the checkout linked, the workspace's TypeScript pinned, the scripts.
      const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
      const root = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
      assert.equal(pkg['type'] as unknown, 'module');
      assert.equal(pkg['dependencies']!['@rasflow/core'], `file:${join(repoRoot, 'packages', 'core')}`);
      assert.equal(pkg['dependencies']!['@rasflow/plugins'], WRAPPERS.has(layer) ? `file:${join(repoRoot, 'packages', 'plugins')}` : undefined,
        'the plugins package is linked only when the template imports it');
      assert.equal(pkg['devDependencies']!['typescript'], root['devDependencies']!['typescript']);
      assert.equal(pkg['devDependencies']!['@types/node'], root['devDependencies']!['@types/node']);
      assert.equal(pkg['scripts']!['build'], 'tsc');
      assert.equal(pkg['scripts']!['test'], `node --test dist/test/${name}.test.js`);
      assert.equal(pkg['scripts']!['sim'], `rasflow run scenario.json --journeys --out out/${name}`);
      const scenario = await readFile(join(dir, 'scenario.json'), 'utf8');
      assert.ok(scenario.includes(`"module": "./dist/src/${name}.js"`), `${layer}: scenario.json uses the compiled plugin by relative path`);
      await linkToCheckout(dir);
    }

    // One tsc process builds the seven packages (each its own tsconfig.json): ~6 s, where
    // seven processes would each load @types/node and core's declarations again.
    node([TSC, '-b', ...dirs], tmp, 180_000);
    const tested = node(['--test', ...LAYER_NAMES.map((l, k) => join(dirs[k]!, 'dist', 'test', `my-${l}.test.js`))], tmp);
    assert.match(tested, /# pass 21\n# fail 0\n/, 'three tests per layer pass');

    // rasflow run in the package's directory, as its sim scripts run it: a process of its own,
    // so a relative path in a plugin's options (the observer's dir) means what it will for users.
    for (const [k, layer] of LAYER_NAMES.entries()) {
      const dir = dirs[k]!;
      for (const [file, out] of [['scenario.json', `out/my-${layer}`], ['baseline.json', `out/without-my-${layer}`]] as const) {
        node([RASFLOW, 'run', file, '--journeys', '--out', out, '--quiet'], dir);
        const results = await readResults(join(dir, out));
        assert.ok(results.complete, `${layer} ${file} completed`);
        assert.ok(results.counts.errorsInjected > 0 || file === 'baseline.json', `${layer} ${file}: errors were injected`);
      }
    }
    // The observer's own output, written from the worker thread that ran the host into the run's
    // output directory (its relative dir option is taken there, PluginEnv.outDir).
    const summary = JSON.parse(await readFile(join(dirs[LAYER_NAMES.indexOf('observer')]!, 'out', 'my-observer', 'my-observer-summary', 'host-0.json'), 'utf8')) as { journeys: number };
    assert.ok(summary.journeys > 0);
  });
});
