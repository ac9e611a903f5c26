// Every command's --help ends with examples, and every flag an example uses is one of that
// command's options (an example that drifted from the flags would mislead).
import { describe, expect, test } from 'vitest';
import type { Command } from 'commander';
import { buildProgram } from '../../../scripts/cli/program.js';
import { commandPath, EXAMPLES } from '../../../scripts/cli/examples.js';

function allCommands(root: Command): Command[] {
  return root.commands.flatMap((c) => [c, ...allCommands(c)]);
}

describe('help examples', () => {
  const commands = allCommands(buildProgram()).filter((c) => c.name() !== 'help');

  test('every command has examples, and no example names a command that does not exist', () => {
    const paths = commands.map(commandPath);
    for (const p of paths) expect(EXAMPLES[p], p).toBeDefined();
    for (const key of Object.keys(EXAMPLES)) expect(paths).toContain(key);
  });

  test('the examples use only the flags of the command they run', () => {
    for (const cmd of commands) {
      for (const example of EXAMPLES[commandPath(cmd)] ?? []) {
        expect(example.startsWith(`ohmflow ${commandPath(cmd)}`), example).toBe(true);
        // The command the example runs: the deepest subcommand its words name.
        let target = cmd;
        for (const word of example.split(/\s+/).slice(commandPath(cmd).split(' ').length + 1)) {
          const sub = target.commands.find((c) => c.name() === word);
          if (sub === undefined) break;
          target = sub;
        }
        const known = new Set(target.options.flatMap((o) => [o.long, o.short].filter((x): x is string => x !== undefined)));
        for (const flag of example.split(/\s+/).filter((t) => t.startsWith('-'))) expect(known.has(flag), `${example}: ${flag}`).toBe(true);
      }
    }
  });
});
