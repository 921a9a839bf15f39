/**
 * An observer that writes per-VM error counters as CSV: one row per VM, in VM order, with the
 * errors that hit it by kind, what became of them (the outcomes results.json counts per VM), and
 * the SIGBUS signals its VMM received. A spreadsheet or a fleet dashboard reads it as it is.
 *
 * Observers run per host, after the host's last slice: every finished journey is handed to
 * onJourneyEnd, then onRunEnd runs once. Each host has its own instance, possibly in another
 * worker thread, and no hook sees the whole run, so each host writes its own file; with several
 * hosts the path must hold `{host}`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { BUS_MCEERR_AO, BUS_MCEERR_AR, EVENTS, OUTCOMES, SIGBUS, defineObserverPlugin } from '@rasflow/core';

export interface VmErrorCsvOptions {
  /**
   * Where to write; a relative path is taken in the run's output directory (`--out`), or in the
   * working directory when the run has none; `{host}` → the host index.
   */
  path: string;
}

/** Columns after `host,vm`: journeys, then by event kind, by outcome, and the VMM's signals. */
const COLUMNS = ['journeys', ...EVENTS, ...OUTCOMES, 'sigbus-ar', 'sigbus-ao'] as const;
const col = (name: (typeof COLUMNS)[number]): number => COLUMNS.indexOf(name);
const JOURNEYS = col('journeys');
const SIGBUS_AR = col('sigbus-ar');
const SIGBUS_AO = col('sigbus-ao');

export default defineObserverPlugin<VmErrorCsvOptions>({
  name: 'example-vm-error-csv',
  description: 'Writes per-VM error counters (errors by kind, outcomes, SIGBUS to the VMM) as CSV, one row per VM.',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['path'],
    properties: {
      path: { type: 'string', minLength: 1, description: 'CSV file to write (a relative path is in the run\'s output directory); {host} is replaced by the host index.' },
    },
  },

  create(o, env) {
    // One file per host: two hosts writing the same file would race (and one would win).
    if (env.hosts > 1 && !o.path.includes('{host}')) {
      throw new Error(`path '${o.path}' needs {host}: the scenario has ${env.hosts} hosts and each writes its own file`);
    }
    // Beside results.json, so that one run's files stay together whatever the working directory.
    const file = resolve(env.outDir ?? '.', o.path.replaceAll('{host}', String(env.host)));
    // Every VM gets a row, also one no error reached: a reader should not have to guess a 0.
    const rows = Array.from({ length: env.vmsPerHost }, () => new Array<number>(COLUMNS.length).fill(0));

    return {
      onJourneyEnd(j) {
        // Errors in host memory that no VM owns (host kernel, free pages) have vm -1.
        const row = rows[j.vm];
        if (row === undefined) return;
        row[JOURNEYS]!++;
        row[col(j.event)]!++;
        row[col(j.outcome)]!++;
        // The view is reused: read the steps now, keep only numbers.
        for (let i = 0; i < j.stepCount; i++) {
          const s = j.step(i);
          if (s.action !== 'sigbus' || s.signal !== SIGBUS) continue;
          if (s.code === BUS_MCEERR_AR) row[SIGBUS_AR]!++;
          else if (s.code === BUS_MCEERR_AO) row[SIGBUS_AO]!++;
        }
      },

      onRunEnd() {
        // Called when this host stops, also early (a stop request, a checkpointed run): what is
        // written then is the host so far, and a resumed run writes the file again at its end.
        const lines = [['host', 'vm', ...COLUMNS].join(',')];
        rows.forEach((row, vm) => lines.push([env.host, vm, ...row].join(',')));
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, lines.join('\n') + '\n');
      },
      // No saveState: the counters are filled only after the host's last slice, from the
      // journeys the engine itself keeps across a checkpoint.
    };
  },
});
