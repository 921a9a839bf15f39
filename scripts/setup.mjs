// Installs the workspace with the pnpm version pinned in package.json#packageManager and builds it.
// Runs on a machine that has only Node.js and npm: pnpm comes through npx, because corepack's
// signature check fails against the registry these machines reach.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const pnpm = pkg.packageManager; // "pnpm@x.y.z"
const quiet = { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] };

function run(cmd, args, opts) {
  try {
    execFileSync(cmd, args, opts);
  } catch (err) {
    console.error(`setup: '${cmd} ${args.join(' ')}' failed (exit ${err.status ?? '?'})`);
    process.exit(1);
  }
}

run('npx', ['-y', pnpm, 'install', '--frozen-lockfile', '--prefer-offline', '--reporter=silent'], quiet);
run(join(root, 'node_modules', '.bin', 'tsc'), ['-b'], { cwd: root, stdio: 'inherit' });
