import type { Kysely } from 'kysely';
import type { Database } from '../../core/store/schema.ts';

/** A force's teams with the unit each belongs to, by team code. */
export async function teamUnits(db: Kysely<Database>, forceId: number): Promise<Map<string, string | null>> {
  const rows = await db
    .selectFrom('areas as t')
    .leftJoin('areas as u', 'u.id', 't.parent_id')
    .select(['t.code as team', 'u.code as unit'])
    .where('t.force_id', '=', forceId)
    .where('t.level', '=', 'team')
    .execute();
  return new Map(rows.map((r) => [r.team, r.unit ?? null]));
}

/** Area codes by id for one level (unit or team) of a force. */
export async function areaCodes(
  db: Kysely<Database>,
  forceId: number,
  level: string,
): Promise<Map<number, string>> {
  const rows = await db
    .selectFrom('areas')
    .select(['id', 'code'])
    .where('force_id', '=', forceId)
    .where('level', '=', level)
    .execute();
  return new Map(rows.map((r) => [r.id, r.code]));
}
