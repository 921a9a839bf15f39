// Where the repository and the read-only reference folder (../shared beside the checkout) are,
// found from this file so tests work from any working directory.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRepoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('tests: cannot find the repository root (pnpm-workspace.yaml)');
    dir = up;
  }
}

/** The repository root (holds pnpm-workspace.yaml). */
export const repoRoot = findRepoRoot();

/** The shared reference folder: spec, oracles. */
export const sharedDir = join(repoRoot, '..', 'shared');

/** The libcper CPER oracle records. */
export const libcperDir = join(sharedDir, 'oracles', 'libcper');

/** The HEST/iasl oracle. */
export const hestOracleDir = join(sharedDir, 'oracles', 'hest');
