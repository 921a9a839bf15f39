// Wrong use of `rasflow new-plugin` exits 2 naming what is allowed; a directory it would have to
// overwrite exits 1. Neither writes anything.
import assert from 'node:assert/strict';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { memoryIo } from '../../src/cli/io.js';
import { pluginNameProblem } from '../../src/cli/new-plugin-command.js';
import { runCli } from '../../src/cli/run-cli.js';
import { withTempDir } from '../helpers/run-command.js';
import { newPlugin } from './new-plugin-helpers.js';

async function usageError(args: string[], message: RegExp): Promise<void> {
  const io = memoryIo();
  assert.equal(await runCli(['new-plugin', ...args], io), 2, `exit 2 for ${args.join(' ')}`);
  const err = io.stderr.join('\n');
  assert.match(err, message);
  assert.match(err, /usage: rasflow new-plugin <layer> <name> \[--dir DIR\]/, 'the usage follows the message');
  assert.equal(io.written.size, 0, 'nothing written');
}

const LAYERS = /allowed: firmware, hypervisor, vmm, guest, workload, injector, observer/;

test('a missing layer or name', { timeout: 30_000 }, async () => {
  await usageError([], /needs a layer and a name, got neither/);
  await usageError(['vmm'], /needs a layer and a name, got only "vmm"/);
});

test('an unknown layer names the seven layers', { timeout: 30_000 }, async () => {
  await usageError(['vm', 'my-vm'], /unknown layer 'vm', /);
  await usageError(['vm', 'my-vm'], LAYERS);
  await usageError(['VMM', 'my-vmm'], LAYERS);
});

test('names npm would refuse, each with its reason', { timeout: 30_000 }, async () => {
  const cases: [string, RegExp][] = [
    ['My-Vmm', /lowercase/],
    ['.hidden', /cannot start with '\.'/],
    ['_private', /cannot start with '_'/],
    ['my vmm', /' ' is not allowed: only lowercase letters, digits, '-', '\.' and '_'/],
    ['my/vmm', /'\/' is not allowed/],
    ['vmm!', /'!' is not allowed/],
    ['@acme/vmm', /scoped name/],
    ['node_modules', /reserved by npm/],
    ['fs', /Node\.js core module/],
    ['x'.repeat(215), /215 characters, npm allows at most 214/],
  ];
  for (const [name, reason] of cases) await usageError(['vmm', name], new RegExp(`'${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').slice(0, 40)}.*cannot be a plugin name: .*${reason.source}`));
  await usageError(['vmm', ''], /cannot be a plugin name: it is empty/);
});

test('names npm accepts', () => {
  for (const name of ['my-vmm', 'vmm2', 'a', 'page.limit', 'x_y', '0day', 'x'.repeat(214)]) assert.equal(pluginNameProblem(name), undefined, name);
});

test('a stray argument, an unknown option, --dir without a value', { timeout: 30_000 }, async () => {
  await usageError(['vmm', 'my-vmm', 'extra'], /unexpected argument 'extra'/);
  await usageError(['vmm', 'my-vmm', '--force'], /unknown option '--force' \(known: --dir, --help\)/);
  await usageError(['vmm', 'my-vmm', '--dir'], /option '--dir' needs a value/);
  await usageError(['vmm', 'my-vmm', '--dir='], /--dir needs a directory/);
});

test('a directory that is not empty is refused: exit 1, nothing overwritten', { timeout: 30_000 }, async () => {
  await withTempDir(async (tmp) => {
    const dir = join(tmp, 'my-vmm');
    await mkdir(dir);
    await writeFile(join(dir, 'package.json'), '{"name":"mine"}\n');
    const r = await newPlugin(['vmm', 'my-vmm', '--dir', dir], tmp);
    assert.equal(r.code, 1);
    assert.match(r.err, /my-vmm is not empty \(1 entry\); new-plugin writes only into a new or empty directory/);
    assert.deepEqual(await readdir(dir), ['package.json']);
  });
});

test('a file where the directory should be is refused: exit 1', { timeout: 30_000 }, async () => {
  await withTempDir(async (tmp) => {
    await writeFile(join(tmp, 'taken'), 'x');
    const r = await newPlugin(['guest', 'my-guest', '--dir', 'taken'], tmp);
    assert.equal(r.code, 1);
    assert.match(r.err, /taken exists and is not a directory/);
  });
});

test('an empty directory is used, and --dir defaults to ./<name>', { timeout: 30_000 }, async () => {
  await withTempDir(async (tmp) => {
    await mkdir(join(tmp, 'empty'));
    assert.equal((await newPlugin(['observer', 'my-observer', '--dir', 'empty'], tmp)).code, 0);
    assert.ok((await readdir(join(tmp, 'empty'))).includes('package.json'));
    const r = await newPlugin(['observer', 'my-observer'], tmp);
    assert.equal(r.code, 0, r.err);
    assert.ok((await readdir(join(tmp, 'my-observer', 'src'))).includes('my-observer.ts'));
    assert.match(r.out, /next:\n {2}cd my-observer\n {2}npm install\n/);
  });
});

test('rasflow help lists new-plugin', { timeout: 30_000 }, async () => {
  const io = memoryIo();
  assert.equal(await runCli(['help'], io), 0);
  assert.match(io.stdout.join('\n'), /new-plugin.*rasflow new-plugin <layer> <name> \[--dir DIR\]/);
});
