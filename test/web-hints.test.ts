// Every `npx beatwise …` command the web app tells a user to run is a command the CLI has.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Command } from 'commander';
import { buildProgram } from '../src/cli-program.ts';
import { REPO } from './support/stores.ts';

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sources(p, out);
    else if (/\.tsx?$/.test(name)) out.push(p);
  }
  return out;
}

/** Follows a command line's words down the sub-commands: the first word that is not one, or null. */
function firstUnknown(root: Command, words: string[]): string | null {
  let cmd = root;
  for (const w of words) {
    if (cmd.commands.length === 0) return null; // the rest are its arguments and options
    const sub = cmd.commands.find((c) => c.name() === w || c.aliases().includes(w));
    if (!sub) return w;
    cmd = sub;
  }
  return cmd.commands.length === 0 ? null : '(a sub-command is missing)';
}

test('the web app names only real CLI commands', () => {
  const root = buildProgram();
  const found: string[] = [];
  for (const file of sources(join(REPO, 'web', 'src'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(/npx beatwise ([a-z][\w -]*)/g)) {
      const line = m[1].trim();
      found.push(line);
      assert.equal(
        firstUnknown(root, line.split(/\s+/)),
        null,
        `${file}: "npx beatwise ${line}" is not a command`,
      );
    }
  }
  assert.ok(found.length > 0, 'the web app names at least one command');
});
