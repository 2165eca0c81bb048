import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Command } from 'commander';
import { isBeatwiseError } from '../../core/errors.ts';
import { registerSynthCommands } from './commands.ts';
import type { SynthTruth } from './truth.ts';

const dir = mkdtempSync(join(tmpdir(), 'beatwise-synth-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]): Promise<string> {
  const program = new Command('beatwise').exitOverride();
  registerSynthCommands(program);
  const lines: string[] = [];
  const log = console.log;
  console.log = (...a: unknown[]) => lines.push(a.join(' '));
  try {
    await program.parseAsync(['synth', ...args], { from: 'user' });
  } finally {
    console.log = log;
  }
  return lines.join('\n');
}

test('synth writes the extract and its truth, and says it is synthetic', async () => {
  const out = join(dir, 'wm-SYNTHETIC.csv');
  const truthFile = join(dir, 'truth.json');
  const base = ['--force', 'west-midlands', '--from', '2022-01', '--to', '2022-02', '--seed', '3'];
  const json = JSON.parse(
    await run([...base, '--rows', '2000', '--out', out, '--truth', truthFile, '--json']),
  );
  assert.equal(json.synthetic, true);
  assert.equal(json.rows, 2000);
  assert.equal(json.fraction, null);
  const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
  assert.equal(lines.length, 2001);
  assert.ok(lines.slice(1).every((l) => l.endsWith(',West Midlands Police,Y')));
  const truth = JSON.parse(readFileSync(truthFile, 'utf8')) as SynthTruth;
  assert.equal(truth.synthetic, true);
  assert.equal(truth.seed, 3);
  assert.ok(truth.hotspots.length > 5000);
  assert.ok(truth.hotspots[0].expected >= truth.hotspots[1].expected);

  const text = await run([...base, '--rows', '2000', '--out', join(dir, 'again.csv')]);
  assert.match(text, /^SYNTHETIC force extract for west-midlands/);
  assert.match(text, /busiest 5% of the force area's \d+ cells of 100 m hold/);
  assert.deepEqual(readFileSync(join(dir, 'again.csv')), readFileSync(out));
});

test('synth refuses what it cannot do, saying why', async () => {
  const cases: [string[], RegExp][] = [
    [['--force', 'leicestershire'], /only west-midlands is calibrated/],
    [['--out', join(dir, 'x.txt')], /must end in \.csv or \.csv\.gz/],
    [['--from', '2023-04', '--to', '2023-03'], /before --from/],
    [['--from', '2023-13'], /is not a month/],
    [['--seed', 'abc'], /is not a number/],
    [['--fraction', '0.1', '--rows', '10'], /not both/],
    [['--fraction', '0'], /above 0/],
  ];
  for (const [args, message] of cases) {
    const o: Record<string, string> = {
      '--force': 'west-midlands',
      '--from': '2022-01',
      '--to': '2022-01',
      '--out': join(dir, 'bad.csv'),
    };
    for (let i = 0; i < args.length; i += 2) o[args[i]] = args[i + 1];
    const argv = Object.entries(o).flat();
    await assert.rejects(run(argv), (e) => isBeatwiseError(e) && message.test(e.message), args.join(' '));
  }
  assert.ok(!existsSync(join(dir, 'x.txt')));
});
