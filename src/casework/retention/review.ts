import { sql } from 'kysely';
import { recordAudit } from '../../audit/index.ts';
import type { Store } from '../../core/store/store.ts';
import { readSetting } from '../shared/settings.ts';
import { isoUtc } from '../shared/time.ts';
import { REDACTIONS, RETENTION_CLASSES, type RetentionClass } from './classes.ts';

export interface DueRecord {
  recordClass: string;
  id: number;
  /** When its retention ran from. */
  date: string;
  /** When it fell due for review or deletion. */
  dueOn: string;
}

export interface ClassReview {
  recordClass: string;
  describe: string;
  days: number;
  /** Records on or before this date are due. */
  cutoff: string;
  due: DueRecord[];
}

/** The days a force keeps a class: its setting `retention.<class>`, else the class's default. */
export async function retentionDays(store: Store, forceId: number, c: RetentionClass): Promise<number> {
  return readSetting(store.db, forceId, `retention.${c.recordClass}`, c.defaultDays);
}

/** Records of each class past their retention on `asOfMs` (already redacted ones are not listed). */
export async function reviewRetention(
  store: Store,
  forceId: number,
  asOfMs: number,
  classes = RETENTION_CLASSES,
): Promise<ClassReview[]> {
  const out: ClassReview[] = [];
  for (const c of classes) {
    const days = await retentionDays(store, forceId, c);
    const cutoff = isoUtc(asOfMs - days * 86_400_000);
    const red = REDACTIONS[c.recordClass];
    const stillPersonal = red?.stamp
      ? sql`AND ${sql.ref(red.stamp)} IS NULL`
      : red?.pending
        ? sql`AND ${red.pending}`
        : sql``;
    const rows = await sql<{
      id: number;
      d: string;
    }>`SELECT ${sql.ref(c.idColumn)} AS id, ${sql.ref(c.dateColumn)} AS d FROM ${sql.table(c.table)}
      WHERE ${sql.ref(c.forceColumn)} = ${forceId} AND ${sql.ref(c.dateColumn)} <= ${cutoff}
      ${stillPersonal} ORDER BY ${sql.ref(c.dateColumn)}`.execute(store.db);
    let found = rows.rows.map((r) => ({ id: Number(r.id), date: String(r.d).slice(0, 10), at: String(r.d) }));
    if (red?.hold) {
      const held = await red.hold(store.db, forceId, found, cutoff.slice(0, 10));
      found = found.filter((r) => !held.has(r.id));
    }
    out.push({
      recordClass: c.recordClass,
      describe: c.describe,
      days,
      cutoff: cutoff.slice(0, 10),
      due: found.map((r) => ({
        recordClass: c.recordClass,
        id: r.id,
        date: r.date,
        dueOn: isoUtc(Date.parse(r.at.length === 10 ? `${r.at}T00:00:00Z` : r.at) + days * 86_400_000).slice(
          0,
          10,
        ),
      })),
    });
  }
  return out;
}

/**
 * Removes the personal data of the due records: personal fields cleared (the record stays, so the
 * aggregate figures do not change), or the row deleted for a class without a redaction. Each record
 * is logged in the audit log.
 */
export async function applyRetention(
  store: Store,
  reviews: readonly ClassReview[],
  by: string,
): Promise<number> {
  let n = 0;
  const now = isoUtc(Date.now());
  for (const r of reviews) {
    const c = RETENTION_CLASSES.find((x) => x.recordClass === r.recordClass);
    if (!c) continue;
    const red = REDACTIONS[c.recordClass];
    const { prepare } = red ?? {};
    if (prepare && r.due.length)
      await store.transaction((tx) =>
        prepare(
          tx,
          r.due.map((d) => d.id),
        ),
      );
    for (const d of r.due) {
      await store.transaction(async (tx) => {
        if (red) {
          const sets = [
            ...red.columns.map((col) => sql`${sql.ref(col)} = NULL`),
            ...Object.entries(red.values ?? {}).map(([col, v]) => sql`${sql.ref(col)} = ${v}`),
            ...(red.stamp ? [sql`${sql.ref(red.stamp)} = ${now}`] : []),
          ];
          if (sets.length)
            await sql`UPDATE ${sql.table(c.table)} SET ${sql.join(sets)} WHERE ${sql.ref(c.idColumn)} = ${d.id}`.execute(
              tx,
            );
        } else
          await sql`DELETE FROM ${sql.table(c.table)} WHERE ${sql.ref(c.idColumn)} = ${d.id}`.execute(tx);
      });
      await recordAudit(store, {
        kind: 'write',
        userId: by,
        roles: [],
        method: 'RETENTION',
        route: red ? 'retention: personal data removed' : 'retention: record deleted',
        objectIds: { recordClass: c.recordClass, id: String(d.id) },
        outcome: 'ok',
        reason: `past its retention of ${r.days} days (from ${d.date})`,
      });
      n++;
    }
  }
  return n;
}
