/** What the volunteer and engagement commands share: import many files, write an export, log personal exports. */
import { writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { recordAudit } from '../../audit/index.ts';
import { BeatwiseError } from '../../core/errors.ts';
import type { Store } from '../../core/store/store.ts';
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
