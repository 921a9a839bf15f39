/**
 * Runs the soaks of several profiles at once, one worker thread per profile (so two profiles use
 * two cores), or one after the other in this thread. Each profile's soak is the same either way:
 * it depends only on the profile, the size and the seed.
 *
 * This module is also the workers' entry point: loaded in a worker with a `soakJob`, it runs that
 * job and posts the phases as they end, then the tally.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { Profile } from './expected-outcomes.js';
import { runSoak, type PhaseTally, type SoakTally } from './run-soak.js';
import type { SoakSize } from './soak-phases.js';

interface SoakJob {
  profile: Profile;
  size: SoakSize;
}

type Message = { phase: PhaseTally } | { tally: SoakTally } | { error: string };

export interface SoakRunOptions {
  /** One worker thread per profile (default true); false: in this thread, in order. */
  parallel?: boolean;
  /** Called as each phase of a profile ends. */
  onPhase?: (profile: Profile, p: PhaseTally) => void;
}

/** The tallies of `profiles`' soaks at `size`, in the order given. */
export async function runSoakProfiles(profiles: readonly Profile[], size: SoakSize, opts: SoakRunOptions = {}): Promise<SoakTally[]> {
  const onPhase = opts.onPhase ?? (() => {});
  if (opts.parallel === false) {
    const out: SoakTally[] = [];
    for (const profile of profiles) out.push(await runSoak(profile, size, (p) => onPhase(profile, p)));
    return out;
  }
  return Promise.all(profiles.map((profile) => inWorker({ profile, size }, onPhase)));
}

function inWorker(job: SoakJob, onPhase: (profile: Profile, p: PhaseTally) => void): Promise<SoakTally> {
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL(import.meta.url), { workerData: { soakJob: job } });
    let done = false;
    w.on('message', (m: Message) => {
      if ('phase' in m) onPhase(job.profile, m.phase);
      else if ('tally' in m) {
        done = true;
        resolve(m.tally);
      } else reject(new Error(`the ${job.profile} soak failed: ${m.error}`));
    });
    w.on('error', reject);
    w.on('exit', (code) => {
      if (!done) reject(new Error(`the ${job.profile} soak worker exited with code ${code} before reporting`));
    });
  });
}

const job = (workerData as { soakJob?: SoakJob } | null)?.soakJob;
if (!isMainThread && job !== undefined) {
  const post = (m: Message) => parentPort!.postMessage(m);
  runSoak(job.profile, job.size, (phase) => post({ phase })).then(
    (tally) => post({ tally }),
    (err: unknown) => post({ error: err instanceof Error ? err.stack ?? err.message : String(err) }),
  );
}
