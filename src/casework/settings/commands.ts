import type { Command } from 'commander';
import { BeatwiseError } from '../../core/errors.ts';
import { withStore } from '../../core/store/with-store.ts';
import { forceIdOf } from '../shared/http.ts';
import {
  type CaseworkSettings,
  changeCaseworkSettings,
  readCaseworkSettings,
  type SettingsChange,
} from './settings.ts';

const bad = (option: string, message: string) =>
  new BeatwiseError('casework.invalid', `${option}: ${message}`, { field: option });

/** `code=Label;code=Label` to the reasons list. Pure. */
export function parseReasonsOption(text: string): { code: string; label: string }[] {
  return text
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const eq = p.indexOf('=');
      if (eq <= 0) throw bad('--reasons', `"${p}" is not code=Label (e.g. victim-declined=Victim declined)`);
      return { code: p.slice(0, eq).trim(), label: p.slice(eq + 1).trim() };
    });
}

/** A whole number given on the command line, or the error naming the option. Pure. */
export function wholeOption(option: string, v: string): number {
  if (!/^\d+$/.test(v.trim())) throw bad(option, `"${v}" is not a whole number`);
  return Number(v);
}

/** `class=days` (repeatable) to the retention change. Pure. */
export function parseRetentionOption(items: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) {
    const [k, d, ...rest] = item.split('=');
    if (!k || d === undefined || rest.length)
      throw bad('--retention', `"${item}" is not class=days (e.g. referrals=2190)`);
    out[k.trim()] = wholeOption('--retention', d);
  }
  return out;
}

export function formatSettings(s: CaseworkSettings): string {
  const lines = ['Reasons a home burglary may go unattended:'];
  for (const r of s.notAttendedReasons) lines.push(`  ${r.code}\t${r.label}`);
  lines.push(
    `Referral service levels (working hours): red ${s.serviceLevels.red}, amber ${s.serviceLevels.amber}, green ${s.serviceLevels.green}`,
    'Retention (days from the record’s date):',
  );
  for (const r of s.retention)
    lines.push(
      `  ${r.recordClass}\t${r.days}${r.days === r.defaultDays ? ' (default)' : ` (default ${r.defaultDays})`}`,
    );
  return lines.join('\n');
}

/** `beatwise casework settings show|set --force F`. */
export function registerSettingsCommands(casework: Command): void {
  const s = casework
    .command('settings')
    .description(
      'a force’s casework settings: not-attended reasons, referral service levels, retention days',
    );
  s.command('show')
    .description('show the settings (defaults where the force has set none)')
    .requiredOption('--force <slug>')
    .option('--json', 'as JSON')
    .action(async (o: { force: string; json?: boolean }, cmd: Command) => {
      await withStore(cmd, async (store) => {
        const v = await readCaseworkSettings(store, await forceIdOf(store, o.force));
        console.log(o.json ? JSON.stringify(v, null, 2) : formatSettings(v));
      });
    });
  s.command('set')
    .description('change settings; all of the change is checked before any of it is written')
    .requiredOption('--force <slug>')
    .option('--reasons <list>', 'the whole list of not-attended reasons: "code=Label;code=Label"')
    .option('--red <hours>', 'service level of a red referral, working hours')
    .option('--amber <hours>', 'service level of an amber referral, working hours')
    .option('--green <hours>', 'service level of a green referral, working hours')
    .option(
      '--retention <class=days>',
      'retention of a record class in days (repeatable)',
      (v: string, prev: string[]) => [...prev, v],
      [] as string[],
    )
    .action(
      async (
        o: {
          force: string;
          reasons?: string;
          red?: string;
          amber?: string;
          green?: string;
          retention: string[];
        },
        cmd: Command,
      ) => {
        const change: SettingsChange = {};
        if (o.reasons !== undefined) change.notAttendedReasons = parseReasonsOption(o.reasons);
        const levels: SettingsChange['serviceLevels'] = {};
        for (const g of ['red', 'amber', 'green'] as const) {
          const v = o[g];
          if (v !== undefined) levels[g] = wholeOption(`--${g}`, v);
        }
        if (Object.keys(levels).length) change.serviceLevels = levels;
        if (o.retention.length) change.retentionDays = parseRetentionOption(o.retention);
        if (Object.keys(change).length === 0)
          throw bad('set', 'nothing to change: give --reasons, --red/--amber/--green or --retention');
        await withStore(cmd, async (store) => {
          const v = await changeCaseworkSettings(store, await forceIdOf(store, o.force), change);
          console.log(formatSettings(v));
        });
      },
    );
}
