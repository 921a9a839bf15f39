/**
 * What `rasflow run` shows while it runs: on a terminal one status line redrawn in place (a bar,
 * simulated time, journeys, outcomes so far, ETA); elsewhere (a pipe, a CI log) a plain line every
 * few seconds with no control codes; nothing with --quiet. It goes to stderr, so stdout keeps only
 * the summary.
 *
 * Figures come from the control block (simulated time and journeys per worker, updated at slice
 * ends) and, for outcomes, from the workers' stats() query; a query that has not answered yet
 * leaves the previous figures in place.
 */
import type { RunHandle } from '../threads/run-driver.js';
import type { Scenario } from '../scenario/scenario-types.js';
import { OUTCOMES } from '../plugin/vocabulary.js';
import { OUTCOME_COUNT_KEY } from '../engine/counts.js';
import { formatNs } from './run-summary.js';

/** Where progress goes: stderr in the real process. */
export interface ProgressSink {
  isTTY: boolean;
  /** Terminal width (TTY only). */
  columns?: number;
  write(text: string): void;
}

/**
 * How often the line is redrawn on a terminal, and a plain line printed elsewhere;
 * RASFLOW_PROGRESS_EVERY_MS overrides both (tests use it to see a line without waiting).
 */
const EVERY_OVERRIDE = Number(process.env['RASFLOW_PROGRESS_EVERY_MS'] ?? NaN);
const TTY_EVERY_MS = EVERY_OVERRIDE > 0 ? EVERY_OVERRIDE : 200;
const PLAIN_EVERY_MS = EVERY_OVERRIDE > 0 ? EVERY_OVERRIDE : 5_000;

export class RunProgress {
  private timer: NodeJS.Timeout | null = null;
  private handle: RunHandle | null = null;
  private readonly started = Date.now();
  private outcomes = '';
  private asking = false;
  private drawn = false;

  /** `hosts`: how many hosts this run simulates (a shard's, or every host of the scenario). */
  constructor(private readonly s: Scenario, private readonly sink: ProgressSink, private readonly hosts = s.hosts.count) {}

  /** Called with the run's handle once the workers are up (driveRun's onControl). */
  attach(handle: RunHandle): void {
    this.handle = handle;
    this.timer = setInterval(() => this.tick(), this.sink.isTTY ? TTY_EVERY_MS : PLAIN_EVERY_MS);
    this.timer.unref(); // never keeps the process alive on its own
  }

  /** Stops drawing and clears the status line. */
  finish(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    if (this.sink.isTTY && this.drawn) this.sink.write('\r\x1b[2K');
  }

  /** One status line: fraction done, simulated time, journeys, outcomes so far, ETA. */
  line(): string {
    const h = this.handle;
    if (h === null) return '';
    const p = h.control.progress();
    const duration = this.s.durationNs;
    const hosts = this.hosts;
    let doneNs = 0;
    let journeys = 0;
    for (const w of p) {
      // A worker's line keeps the host it last ran: once that host reached the end it is counted
      // in hostsDone, not again as the running one.
      doneNs += w.hostsDone * duration + (w.host >= 0 && w.simulatedNs < duration ? w.simulatedNs : 0);
      journeys += w.journeys;
    }
    const f = Math.min(1, doneNs / (hosts * duration));
    const elapsed = (Date.now() - this.started) / 1000;
    const eta = f > 0.001 ? Math.max(0, elapsed * (1 - f) / f) : NaN;
    const hostsDone = p.reduce((t, w) => t + w.hostsDone, 0);
    // Outcomes last: on a narrow terminal they are what the cut takes away.
    const parts = [
      `${(f * 100).toFixed(0).padStart(3)}%`,
      `${formatNs(doneNs / Math.max(1, hosts))} / ${formatNs(duration)} simulated`,
      `hosts ${hostsDone}/${hosts} done`,
      `${journeys} journeys`,
      `ETA ${Number.isFinite(eta) ? `${eta.toFixed(0)} s` : '?'}`,
      ...(this.outcomes === '' ? [] : [this.outcomes]),
    ];
    const text = parts.join(' · ');
    if (!this.sink.isTTY) return `progress: ${text}`;
    const width = 20;
    const fill = Math.round(f * width);
    const bar = `[${'#'.repeat(fill)}${'.'.repeat(width - fill)}]`;
    const full = `${bar} ${text}`;
    const cols = this.sink.columns ?? 200;
    return full.length >= cols ? full.slice(0, cols - 1) : full;
  }

  private tick(): void {
    this.askOutcomes();
    const text = this.line();
    if (text === '') return;
    if (this.sink.isTTY) {
      this.sink.write(`\r\x1b[2K${text}`);
      this.drawn = true;
    } else this.sink.write(`${text}\n`);
  }

  /** Outcomes over finished hosts and the running ones, most severe first (asynchronous). */
  private askOutcomes(): void {
    const h = this.handle;
    if (h === null || this.asking || this.timer === null) return;
    let asked: Promise<Awaited<ReturnType<RunHandle['workers'][number]['stats']>>[]>;
    try {
      asked = Promise.all(h.workers.map((w) => w.stats()));
    } catch {
      // The run is ending: its query channels are closed (finish() comes right after).
      return;
    }
    this.asking = true;
    asked.then((stats) => {
      const parts: string[] = [];
      for (let k = OUTCOMES.length - 1; k >= 0; k--) {
        const o = OUTCOMES[k]!;
        const n = stats.reduce((t, st) => t + st.counts[OUTCOME_COUNT_KEY[o]], 0);
        if (n > 0 && o !== 'latent') parts.push(`${o} ${n}`);
      }
      this.outcomes = parts.join(', ');
    }, () => undefined).finally(() => {
      this.asking = false;
    });
  }
}
