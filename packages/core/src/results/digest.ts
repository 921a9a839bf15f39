/**
 * Digests that make runs comparable: a host digest over the host's canonical journey records and
 * counters, and the run digest over the host digests in host order, so shards of a run can be
 * merged into the digest of the whole run.
 */
import { createHash } from 'node:crypto';

/**
 * SHA-256 (hex) of a host's canonical journey lines (journeys.jsonl, one per journey, in order)
 * and its counters line: equal digests mean the host met every error with the same fate.
 */
export function hostDigest(journeyLines: Iterable<string>, countsLine: string): string {
  const h = createHash('sha256');
  for (const line of journeyLines) h.update(line).update('\n');
  h.update(countsLine);
  return h.digest('hex');
}

/** SHA-256 (hex) of the host digests in host order: results.json's `digest`, the same for any worker count or shard split. */
export function runDigest(hostDigests: readonly string[]): string {
  const h = createHash('sha256');
  for (const d of hostDigests) h.update(d).update('\n');
  return h.digest('hex');
}
