import type { Kysely } from 'kysely';
import { BeatwiseError, type Where } from '../../core/errors.ts';
import type { Database } from '../../core/store/schema.ts';

/** A team and the unit it belongs to (area codes). */
export interface TeamPlace {
  team: string;
  unit: string;
}

/** The team with this code in the force, with its unit; null when the force has no such team. */
export async function findTeam(
  db: Kysely<Database>,
  forceId: number,
  code: string,
): Promise<TeamPlace | null> {
  const row = await db
    .selectFrom('areas as t')
    .leftJoin('areas as u', 'u.id', 't.parent_id')
    .select(['t.code as team', 'u.code as unit'])
    .where('t.force_id', '=', forceId)
    .where('t.level', '=', 'team')
    .where('t.code', '=', code)
    .executeTakeFirst();
  return row ? { team: row.team, unit: row.unit ?? '' } : null;
}

export async function requireTeam(
  db: Kysely<Database>,
  forceId: number,
  code: string,
  where: Where = { field: 'team' },
): Promise<TeamPlace> {
  const t = await findTeam(db, forceId, code);
  if (!t)
    throw new BeatwiseError(
      'casework.unknown_team',
      `the force has no team "${code}" (see the force's teams with \`beatwise areas --level team\` or GET /api/forces/:force/areas?level=team)`,
      where,
    );
  return t;
}
