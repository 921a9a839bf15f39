/**
 * Creating a directory and its missing parents, one level at a time. Node 20's recursive mkdir
 * spins forever when a parent is on a pseudo file system that answers ENOENT to every mkdir
 * (`--out /proc/x` hung `rasflow run` after the whole simulation); this stops at the first error.
 */
import { mkdirSync, statSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

/** `dir` and the ancestors of it that do not exist, deepest first. */
function missing(dir: string, exists: (d: string) => boolean): string[] {
  const out: string[] = [];
  for (let d = dir; !exists(d); d = dirname(d)) {
    out.push(d);
    if (dirname(d) === d) break;
  }
  return out.reverse();
}

const isEexist = (err: unknown): boolean => (err as NodeJS.ErrnoException).code === 'EEXIST';

/** Makes `dir` (and its missing parents). */
export async function makeDir(dir: string): Promise<void> {
  const found = new Set<string>();
  for (let d = dir; ; d = dirname(d)) {
    try {
      await stat(d);
      found.add(d);
      break;
    } catch {
      if (dirname(d) === d) break;
    }
  }
  for (const d of missing(dir, (x) => found.has(x))) {
    try {
      await mkdir(d);
    } catch (err) {
      if (!isEexist(err)) throw err;
    }
  }
}

/** Makes `dir` (and its missing parents), synchronously. */
export function makeDirSync(dir: string): void {
  const exists = (d: string): boolean => {
    try {
      statSync(d);
      return true;
    } catch {
      return false;
    }
  };
  for (const d of missing(dir, exists)) {
    try {
      mkdirSync(d);
    } catch (err) {
      if (!isEexist(err)) throw err;
    }
  }
}
