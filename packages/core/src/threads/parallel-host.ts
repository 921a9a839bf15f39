/**
 * --parallel: every worker runs every host, one host at a time and all on the same one, each
 * worker a share of the host's vCPUs (worker w: vCPUs w, w + W, …), so vCPUs of one VM run on
 * different threads over the same guest memory and see each other's poison and page flags as
 * soon as they are written. Worker 0 builds each host and sends its buffers (through the main
 * thread) to the others, which attach to them; worker 0 also runs the host's injectors. Journeys
 * and timed events take the host's lock (engine/host-lock.ts), and the workers meet at every
 * slice end (slice-barrier.ts), where they also decide together whether to stop.
 *
 * What is not shared: each worker has its own plugin instances, event queue and journey log; the
 * main thread merges the parts (results/merge-host-parts.ts). Results depend on thread timing:
 * results.json says `deterministic: false`.
 */
import type { MessagePort } from 'node:worker_threads';
import { HostRun } from '../engine/run-scenario.js';
import type { HostShared } from '../engine/host.js';
import { PluginError } from '../plugin/plugin-error.js';
import { HS_HEADER_WORDS } from '../memory/layout.js';
import { SliceBarrier } from './slice-barrier.js';
import { stepHost } from './step-host.js';
import { postHost, type FinalMessage, type MainMessage, type WorkerContext } from './run-worker.js';

/** Workers other than 0: the host buffers worker 0 sent, as they arrive. */
class SharedInbox {
  private readonly got = new Map<number, HostShared>();
  private ended = false;
  private wake: (() => void) | null = null;

  constructor(port: MessagePort) {
    port.on('message', (m: MainMessage) => {
      if (m.type === 'shared') this.got.set(m.host, m.shared);
      else this.ended = true;
      this.wake?.();
    });
  }

  /** The buffers of `host`, or null when worker 0 ended without building it. */
  async take(host: number): Promise<HostShared | null> {
    for (;;) {
      const s = this.got.get(host);
      if (s !== undefined) {
        this.got.delete(host);
        return s;
      }
      if (this.ended) return null;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }
}

export async function runParallel(c: WorkerContext): Promise<FinalMessage> {
  const { task, control } = c;
  const { worker, workers } = task;
  const inbox = worker === 0 ? null : new SharedInbox(task.port);
  const wantStop = (host: number): boolean => control.stopped() || host >= control.firstFailure();
  for (const host of task.hosts) {
    let attach: HostShared | undefined;
    if (inbox !== null) {
      const got = await inbox.take(host);
      if (got === null) return { type: 'stopped' };
      attach = got;
    } else if (wantStop(host)) return { type: 'stopped' }; // the others hear it as no-more-hosts

    // Built from the buffers before the host is, so a failure while building still releases
    // the workers already waiting at the host's barrier.
    let barrier = attach === undefined ? null : new SliceBarrier(new Int32Array(attach.state, 0, HS_HEADER_WORDS), workers);
    let run: HostRun | null = null;
    let busyMs: number;
    try {
      run = new HostRun(task.scenario, c.plugins, host, { worker, workers, ...(attach === undefined ? {} : { attach }) }, undefined, task.outDir);
      run.engine.flow.watch = control.hookWatch(worker);
      const b = barrier ?? new SliceBarrier(run.sim.stateWords, workers);
      barrier = b;
      if (attach === undefined) c.post({ type: 'shared', host, shared: run.sim.shared });
      c.queries.current = run;
      busyMs = await stepHost(run, c, () => b.arrive(wantStop(host)));
    } catch (err) {
      c.queries.current = null;
      barrier?.abort();
      if (err instanceof PluginError) {
        control.failedIn(host);
        return { type: 'plugin-error', message: err.message, host, reachedNs: run?.reachedNs ?? 0 };
      }
      throw err;
    }
    const complete = postHost(c, run, busyMs).output.complete;
    if (!complete || barrier.aborted()) return { type: 'stopped' };
  }
  return { type: 'done' };
}
