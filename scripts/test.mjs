// Runs every compiled test file of the workspace with node:test. Node 20's runner takes no globs,
// so the files are listed here: packages/*/dist/test/**/*.test.js and examples/plugins/dist/**/*.test.js.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function collect(dir, out) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) collect(p, out);
    else if (name.endsWith('.test.js')) out.push(relative(root, p));
  }
  return out;
}

const files = [];
for (const pkg of readdirSync(join(root, 'packages')).sort()) {
  collect(join(root, 'packages', pkg, 'dist', 'test'), files);
}
// The example plugins (examples/plugins/<example>/test/*.test.ts) compile to examples/plugins/dist.
collect(join(root, 'examples', 'plugins', 'dist'), files);
const filter = process.argv.slice(2);
const selected = filter.length ? files.filter((f) => filter.some((s) => f.includes(s))) : files;
if (selected.length === 0) {
  console.error('test: no compiled test files found (did the build run?)');
  process.exit(1);
}
// A test that hangs fails after 5 minutes instead of blocking CI; tests of failure paths set their own, shorter timeouts.
const res = spawnSync(process.execPath, ['--test', '--test-timeout=300000', ...selected], { cwd: root, stdio: 'inherit' });
process.exit(res.status ?? 1);
