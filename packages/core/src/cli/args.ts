/**
 * A small argument splitter: positional arguments, boolean flags and flags with a value.
 * Unknown flags are usage errors, so a typo never silently changes what a command does.
 * `--help` and `-h` are known to every command: they win over everything else on the line
 * (HelpRequest, printed by runCli with exit 0), so a person can always ask what a command takes.
 */
import { HelpRequest, UsageError } from './io.js';

export interface ArgSpec {
  /** The command's usage text, printed for `--help` / `-h`. */
  usage: string;
  /** Flags without a value, e.g. `json` for `--json`. */
  booleans?: readonly string[];
  /** Flags with a value, e.g. `sources` for `--sources sea,sei` or `--sources=sea,sei`. */
  values?: readonly string[];
  /** Single-letter aliases, e.g. `{ o: 'out' }`. */
  aliases?: Readonly<Record<string, string>>;
}

export interface ParsedArgs {
  positional: string[];
  flags: Map<string, string | true>;
}

/**
 * Whether `argv` asks for help: `--help` or `-h` where a flag may stand (not as the value of a
 * flag that takes one, not after `--`). Looked for before anything else is checked, so that
 * `rasflow run --frobnicate --help` shows the usage instead of the error.
 */
function asksForHelp(argv: readonly string[], values: ReadonlySet<string>, aliases: Readonly<Record<string, string>>): boolean {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') return false;
    if (a === '--help' || a === '-h') return true;
    const name = a.startsWith('--') ? a.slice(2) : /^-[A-Za-z]$/.test(a) ? aliases[a.slice(1)] : undefined;
    if (name !== undefined && values.has(name)) i++; // its value, whatever it looks like
  }
  return false;
}

export function parseArgs(command: string, argv: readonly string[], spec: ArgSpec): ParsedArgs {
  const booleans = new Set(spec.booleans ?? []);
  const values = new Set(spec.values ?? []);
  if (asksForHelp(argv, values, spec.aliases ?? {})) throw new HelpRequest(spec.usage);
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    let name: string | undefined;
    let inline: string | undefined;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      inline = eq >= 0 ? a.slice(eq + 1) : undefined;
    } else if (/^-[A-Za-z]$/.test(a)) {
      const alias = spec.aliases?.[a.slice(1)];
      if (alias === undefined) throw new UsageError(`${command}: unknown option '${a}'`);
      name = alias;
    } else {
      positional.push(a);
      continue;
    }
    if (booleans.has(name)) {
      if (inline !== undefined) throw new UsageError(`${command}: option '--${name}' takes no value`);
      flags.set(name, true);
    } else if (values.has(name)) {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${command}: option '--${name}' needs a value`);
      flags.set(name, v);
    } else {
      const known = [...booleans, ...values, 'help'].map((n) => `--${n}`).join(', ');
      throw new UsageError(`${command}: unknown option '${a}' (known: ${known})`);
    }
  }
  return { positional, flags };
}
