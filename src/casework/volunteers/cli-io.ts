/** What the volunteer and engagement commands share: import many files, write an export, log personal exports. */
import { writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import type { Kysely } from 'kysely';
import { recordAudit } from '../../audit/index.ts';
import { BeatwiseError } from '../../core/errors.ts';
import type { Database } from '../../core/store/schema.ts';
import type { Store } from '../../core/store/store.ts';
import { withStore } from '../../core/store/with-store.ts';
import { textTable } from '../../core/table-format.ts';
import { requireForce } from '../../force/index.ts';
import type { ImportResult } from '../shared/table-import.ts';

export function importLine(r: ImportResult): string {
  return (
    `${r.file}: ${r.loaded} ${r.type} loaded, ${r.rejected} rejected` +
    (r.rejectsPath ? ` (see ${r.rejectsPath})` : '')
  );
}

/** Writes an export to `out` or stdout; a personal-data export needs a recipient and a reason, and is logged. */
export async function writeExport(
  store: Store,
  o: {
    force: string;
    type: string;
    csv: string;
    rows: number;
    out?: string;
    personal: boolean;
    to?: string;
    reason?: string;
  },
): Promise<void> {
  if (o.personal) {
    if (!o.to || !o.reason || o.reason.trim().length < 8)
      throw new BeatwiseError(
        'casework.export_reason',
        `${o.type} hold personal data: say who receives the export (--to) and why (--reason, at least 8 characters); it is logged`,
        { field: o.to ? 'reason' : 'to' },
      );
    await recordAudit(store, {
      kind: 'personal-read',
      userId: `cli:${userInfo().username}`,
      roles: ['cli'],
      method: 'EXPORT',
      route: `beatwise casework export ${o.type}`,
      objectIds: { force: o.force, type: o.type, rows: String(o.rows), recipient: o.to },
      outcome: 'ok',
      reason: o.reason,
    });
  }
  if (o.out) {
    writeFileSync(o.out, o.csv);
    console.error(`${o.rows} ${o.type} written to ${o.out}`);
  } else process.stdout.write(o.csv);
}

type FigureFilter = { month?: string; unit?: string; team?: string };

/**
 * The `figures` sub-command of a casework area: per team and month, for a force (optionally one
 * month, unit or team), as a table or JSON; SYNTHETIC said first; `empty` says what to do first.
 */
export function figuresCommand<R>(
  parent: Command,
  o: {
    description: string;
    /** What the records are, for the SYNTHETIC line: "volunteer", "engagement". */
    what: string;
    empty: string;
    figures: (
      db: Kysely<Database>,
      forceId: number,
      f: FigureFilter,
    ) => Promise<{ rows: R[]; synthetic: boolean }>;
    header: readonly string[];
    cells: (r: R) => (string | number)[];
  },
): void {
  parent
    .command('figures')
    .description(o.description)
    .requiredOption('--force <slug>', 'force')
    .option('--month <YYYY-MM>', 'one month')
    .option('--unit <code>', 'one unit')
    .option('--team <code>', 'one team')
    .option('--json', 'print JSON')
    .action(async (a: FigureFilter & { force: string; json?: boolean }, cmd: Command) =>
      withStore(cmd, async (store) => {
        if (a.month && !/^\d{4}-(0[1-9]|1[0-2])$/.test(a.month))
          throw new BeatwiseError('casework.invalid', 'a month as YYYY-MM', { field: 'month' });
        const f = await requireForce(store.db, a.force);
        const { rows, synthetic } = await o.figures(store.db, f.id, a);
        if (a.json) return console.log(JSON.stringify({ synthetic, rows }, null, 2));
        if (synthetic) console.log(`SYNTHETIC ${o.what} records (demonstration data)`);
        if (rows.length === 0) return console.log(o.empty);
        console.log(textTable([...o.header], rows.map(o.cells)));
      }),
    );
}
