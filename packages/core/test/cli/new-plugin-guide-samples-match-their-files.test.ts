// docs/writing-plugins.md quotes code only from files that compile and run in CI: every ```ts
// block carries a marker, and each `<!-- from: … -->` block equals its region byte for byte (after
// the region's own indentation), in the file `rasflow new-plugin` generates or in the repository.
// (The `walkthrough` blocks are applied, built and run by the walkthrough test.)
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkoutLinks } from '../../src/cli/new-plugin-command.js';
import { scaffoldFiles } from '../../src/cli/new-plugin-templates.js';
import { LAYER_NAMES, type Layer } from '../../src/plugin/plugin-types.js';
import { GUIDE, guideBlocks, region, replaceRegion, repoRoot } from './new-plugin-helpers.js';

test('every ts block of the guide is marked, and every quoted one matches its region', { timeout: 30_000 }, async () => {
  const links = await checkoutLinks();
  assert.equal(typeof links, 'object', String(links));
  const blocks = guideBlocks(await readFile(GUIDE, 'utf8'));
  const ts = blocks.filter((b) => b.lang === 'ts');
  assert.ok(ts.length >= 8, `the guide has its code samples (found ${ts.length})`);
  for (const b of ts) assert.ok(b.marker !== undefined, `the ts block at docs/writing-plugins.md:${b.line} says where it comes from`);

  const quoted = blocks.filter((b) => b.marker?.kind === 'from');
  for (const b of quoted) {
    const m = b.marker!;
    let text: string;
    if (m.layer !== undefined) {
      assert.ok((LAYER_NAMES as readonly string[]).includes(m.layer), `line ${b.line}: layer '${m.layer}'`);
      const file = scaffoldFiles(m.layer as Layer, m.name!, links as Exclude<typeof links, string>).get(m.file);
      assert.ok(file !== undefined, `line ${b.line}: new-plugin ${m.layer} ${m.name} writes no ${m.file}`);
      text = file;
    } else {
      text = await readFile(join(repoRoot, m.file), 'utf8');
    }
    assert.equal(b.code, region(text, m.region).body, `docs/writing-plugins.md:${b.line} differs from ${m.file}#${m.region}`);
  }
  assert.ok(quoted.length >= 6, 'the guide quotes the generated files');
});

test('regions: found, dedented, replaced; a missing or unclosed one is an error', () => {
  const text = ['a', '  // #region r extra words', '    x', '', '  y', '  // #endregion r', 'b'].join('\n');
  assert.deepEqual(region(text, 'r').body, '  x\n\ny');
  assert.equal(replaceRegion(text, 'r', 'z\n  w'), ['a', '  // #region r extra words', '  z', '    w', '  // #endregion r', 'b'].join('\n'));
  assert.throws(() => region(text, 's'), /no '\/\/ #region s' line/);
  assert.throws(() => region('// #region r\nx', 'r'), /never closed/);
  assert.throws(() => region('  // #region r\nx\n  // #endregion r', 'r'), /indented less/);
  assert.throws(() => guideBlocks('<!-- from: nowhere -->\n```ts\nx\n```'), /a marker the guide tests do not understand/);
});
