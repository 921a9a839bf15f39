/**
 * The `rasflow` command table. Each subcommand lives in its own module, loaded on first use, and
 * exports a {@link Command}. `main.ts` binds this to the process; tests call {@link runCli}.
 */
import { HelpRequest, CommandFailure, UsageError, type Command, type CliIo } from './io.js';

interface Entry {
  summary: string;
  load: () => Promise<Command>;
}

const COMMANDS: Record<string, Entry> = {
  demo: { summary: 'decode the bundled examples (the quick-start job)', load: async () => (await import('./demo-command.js')).demoCommand },
  esr: { summary: 'decode an ESR_ELx value: rasflow esr <value> [--json]', load: async () => (await import('./esr-command.js')).esrCommand },
  cper: { summary: 'decode a GHES block or CPER record: rasflow cper decode <file> [--json]', load: async () => (await import('./cper-command.js')).cperCommand },
  hest: { summary: 'write the HEST table the firmware publishes: rasflow hest [--sources sea,sei,sdei,gpio] -o <file>', load: async () => (await import('./hest-command.js')).hestCommand },
  examples: { summary: 'list the bundled scenarios: rasflow examples [--json]', load: async () => (await import('./examples-command.js')).examplesCommand },
  compare: { summary: 'two runs side by side: rasflow compare <results.json|dir> <results.json|dir> [--report FILE]', load: async () => (await import('./compare-command.js')).compareCommand },
  run: { summary: 'run a scenario, write results.json: rasflow run <scenario.json> [--seed N] [--out DIR] [--journeys] [--checkpoint-every TIME]', load: async () => (await import('./run-command.js')).runCommand },
  merge: { summary: 'combine the shards of a run (rasflow run --shard I/N): rasflow merge <dirs…> --out DIR', load: async () => (await import('./merge-command.js')).mergeCommand },
  resume: { summary: 'continue a checkpointed run that did not complete: rasflow resume <dir>', load: async () => (await import('./resume-command.js')).resumeCommand },
  'new-plugin': { summary: 'scaffold a plugin package: rasflow new-plugin <layer> <name> [--dir DIR]', load: async () => (await import('./new-plugin-command.js')).newPluginCommand },
};

function usage(): string {
  const lines = ['usage: rasflow <command> [options]', '       rasflow --version', '', 'commands:'];
  for (const [name, e] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(10)} ${e.summary}`);
  lines.push('', "every command takes --help (or -h): what it takes, and it does nothing else");
  return lines.join('\n');
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.out(usage());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version') {
    // Loaded here: only --version pays for finding the package.json.
    io.out((await import('../results/write-results.js')).coreVersion());
    return 0;
  }
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (entry === undefined) {
    io.err(`rasflow: unknown command '${name}'\n${usage()}`);
    return 2;
  }
  try {
    return await (await entry.load())(rest, io);
  } catch (err) {
    if (err instanceof HelpRequest) {
      io.out(err.usage);
      return 0;
    }
    if (err instanceof UsageError) {
      io.err(err.message);
      return 2;
    }
    if (err instanceof CommandFailure) {
      io.err(err.message);
      return 1;
    }
    throw err;
  }
}

