// `--help` and `-h` work for every command: the command's usage on stdout, exit 0, nothing done
// (no file written, no scenario read), even next to an unknown option or a missing argument.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run-cli.js';

const COMMANDS: readonly (readonly string[])[] = [
  ['demo'], ['esr'], ['cper', 'decode'], ['hest'], ['examples'], ['compare'], ['run'], ['merge'], ['resume'], ['new-plugin'],
];

for (const command of COMMANDS) {
  for (const flag of ['--help', '-h']) {
    test(`rasflow ${command.join(' ')} ${flag} prints its usage and exits 0`, async () => {
      const io = memoryIo();
      // An unknown option before it: help still wins, so asking never ends in an error.
      assert.equal(await runCli([...command, '--no-such-option', flag], io), 0, io.stderr.join('\n'));
      assert.deepEqual(io.stderr, []);
      assert.match(io.stdout.join('\n'), new RegExp(`^usage: rasflow ${command.join(' ')}\\b`));
      assert.equal(io.written.size, 0);
    });
  }
}

test('-h given as the value of a flag is that value, not a request for help', async () => {
  const io = memoryIo();
  // hest's --oem-id takes a value: '-h' is the OEM id, and -o is still missing.
  assert.equal(await runCli(['hest', '--oem-id', '-h'], io), 2);
  assert.match(io.stderr.join('\n'), /hest: -o\/--out <file> is required/);
});

test('an unknown option names --help among the known ones, also for a command with no options', async () => {
  const io = memoryIo();
  assert.equal(await runCli(['demo', '--verbose'], io), 2);
  assert.match(io.stderr.join('\n'), /rasflow demo: unknown option '--verbose' \(known: --help\)/);
});
