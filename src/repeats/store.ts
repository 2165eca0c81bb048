/**
 * The repeats queries: a selection's burglaries as typed arrays, the places near a point, the
 * force's risk settings and its cocooning records.
 */
import type { Kysely } from 'kysely';
import { BeatwiseError } from '../core/errors.ts';
import type { Database } from '../core/store/schema.ts';
import { CATEGORIES } from '../crime/index.ts';
import { isSynthetic, type ResolvedArea } from '../hotspots/index.ts';
import type { Place } from './alerts.ts';
import { type Burglaries, emptyBurglaries, monthStartDay, type RiskSettings } from './model.ts';
import { rdb } from './schema.ts';

type Db = Kysely<Database>;

const BURGLARY = CATEGORIES.indexOf('Burglary');
const LEVEL_COLUMN = {
  lsoa: 'lsoa_id',
  msoa: 'msoa_id',
  ward: 'ward_id',
  district: 'district_id',
  team: 'team_id',
  unit: 'unit_id',
} as const;

export interface LoadedBurglaries {
  b: Burglaries;
  monthOnly: boolean;
  synthetic: boolean;
  /** Burglaries of the selection without a location. */
  unlocated: number;
}

/** Day of a crime: the midpoint of its from–to window (whole day), else the first day of its month. */
export function crimeDay(
  month: number,
  from: number | null,
  to: number | null,
): { day: number; dated: boolean } {
  if (from === null) return { day: monthStartDay(month), dated: false };
  const mid = to !== null && to >= from ? (from + to) / 2 : from;
  return { day: Math.floor(mid / 86_400_000), dated: true };
}

/** The burglaries of an area (the whole force or one level's area) and months (inclusive). */
export async function loadBurglaries(
  db: Db,
  area: ResolvedArea,
  from?: number,
  to?: number,
): Promise<LoadedBurglaries> {
  let q = db
    .selectFrom('crimes')
    .select([
      'id',
      'month',
      'occurred_from',
      'occurred_to',
      'easting',
      'northing',
      'place_id',
      'team_id',
      'ward_id',
      'unit_id',
    ])
    .where('force_id', '=', area.forceId)
    .where('category', '=', BURGLARY)
    .where('placement', '=', 0);
  if (from !== undefined) q = q.where('month', '>=', from);
  if (to !== undefined) q = q.where('month', '<=', to);
  if (area.level !== 'force') {
    const col = LEVEL_COLUMN[area.level as keyof typeof LEVEL_COLUMN];
    if (!col)
      throw new BeatwiseError('repeats.bad_level', `burglaries cannot be selected by a ${area.level} area`, {
        field: '--area',
      });
    q = q.where(col, '=', area.areaId);
  }
  const rows = await q.orderBy('month').orderBy('id').execute();
  const located = rows.filter((r) => r.easting !== null && r.northing !== null);
  const b = emptyBurglaries(located.length);
  let dated = 0;
  located.forEach((r, k) => {
    b.id[k] = Number(r.id);
    b.x[k] = Number(r.easting);
    b.y[k] = Number(r.northing);
    const d = crimeDay(
      Number(r.month),
      r.occurred_from === null ? null : Number(r.occurred_from),
      r.occurred_to === null ? null : Number(r.occurred_to),
    );
    b.day[k] = d.day;
    b.dated[k] = d.dated ? 1 : 0;
    if (d.dated) dated++;
    b.month[k] = Number(r.month);
    b.place[k] = Number(r.place_id);
    b.team[k] = r.team_id === null ? -1 : Number(r.team_id);
    b.ward[k] = r.ward_id === null ? -1 : Number(r.ward_id);
    b.unit[k] = r.unit_id === null ? -1 : Number(r.unit_id);
  });
  return {
    b,
    monthOnly: dated < located.length,
    synthetic: await isSynthetic(db, area.forceId),
    unlocated: rows.length - located.length,
  };
}

/** The places of a force within `radius` metres (a box; the caller measures) of any of the points. */
export async function placesNear(
  db: Db,
  forceId: number,
  points: { x: number; y: number }[],
  radius: number,
): Promise<Place[]> {
  if (points.length === 0) return [];
  const out = new Map<number, Place>();
  // One box per 50 points keeps each query small and the number of queries low.
  for (let s = 0; s < points.length; s += 50) {
    const chunk = points.slice(s, s + 50);
    const minX = Math.min(...chunk.map((p) => p.x)) - radius;
    const maxX = Math.max(...chunk.map((p) => p.x)) + radius;
    const minY = Math.min(...chunk.map((p) => p.y)) - radius;
    const maxY = Math.max(...chunk.map((p) => p.y)) + radius;
    const rows = await db
      .selectFrom('places')
      .leftJoin('labels', 'labels.id', 'places.location')
      .select([
        'places.id',
        'places.easting',
        'places.northing',
        'places.lon',
        'places.lat',
        'places.team_id',
        'labels.text',
      ])
      .where('places.force_id', '=', forceId)
      .where('places.easting', '>=', minX)
      .where('places.easting', '<=', maxX)
      .where('places.northing', '>=', minY)
      .where('places.northing', '<=', maxY)
      .execute();
    for (const r of rows)
      out.set(Number(r.id), {
        id: Number(r.id),
        x: Number(r.easting),
        y: Number(r.northing),
        lon: r.lon === null ? null : Number(r.lon),
        lat: r.lat === null ? null : Number(r.lat),
        street: r.text ?? '(no location text)',
        team: r.team_id === null ? -1 : Number(r.team_id),
      });
  }
  return [...out.values()].sort((a, b) => a.id - b.id);
}

/** Area names by id (teams, wards, units) of a force. */
export async function areaNames(
  db: Db,
  forceId: number,
): Promise<Map<number, { code: string; name: string; level: string }>> {
  const rows = await db
    .selectFrom('areas')
    .select(['id', 'code', 'name', 'level'])
    .where('force_id', '=', forceId)
    .execute();
  return new Map(rows.map((r) => [Number(r.id), { code: r.code, name: r.name, level: r.level }]));
}

export async function readRiskSettings(db: Db, forceId: number): Promise<RiskSettings | null> {
  const r = await rdb(db)
    .selectFrom('repeat_settings')
    .selectAll()
    .where('force_id', '=', forceId)
    .executeTakeFirst();
  if (!r) return null;
  return {
    radiusM: Number(r.radius_m),
    days: Number(r.days),
    source: r.source === 'knox' ? 'knox' : 'settings',
  };
}

export async function saveRiskSettings(
  db: Db,
  forceId: number,
  s: { radiusM: number; days: number; source: 'knox' | 'settings'; knox: unknown },
  now: string,
): Promise<void> {
  const values = {
    force_id: forceId,
    radius_m: Math.round(s.radiusM),
    days: Math.round(s.days),
    source: s.source,
    knox: s.knox === null ? null : JSON.stringify(s.knox),
    updated_at: now,
  };
  await rdb(db)
    .insertInto('repeat_settings')
    .values(values)
    .onConflict((oc) =>
      oc.column('force_id').doUpdateSet({
        radius_m: values.radius_m,
        days: values.days,
        source: values.source,
        knox: values.knox,
        updated_at: now,
      }),
    )
    .execute();
}

/** The burglary a cocooning record is for: its team and unit (for access) or an error naming it. */
export async function burglaryOf(
  db: Db,
  forceId: number,
  crimeId: number,
): Promise<{ team: number | null; unit: number | null }> {
  const r = await db
    .selectFrom('crimes')
    .select(['team_id', 'unit_id', 'category'])
    .where('force_id', '=', forceId)
    .where('id', '=', crimeId)
    .executeTakeFirst();
  if (!r || Number(r.category) !== BURGLARY)
    throw new BeatwiseError('repeats.unknown_burglary', `no burglary ${crimeId} in this force`, {
      field: 'crime',
    });
  return {
    team: r.team_id === null ? null : Number(r.team_id),
    unit: r.unit_id === null ? null : Number(r.unit_id),
  };
}

export interface CocoonRecord {
  crimeId: number;
  status: 'done' | 'planned';
  doneAt: string | null;
  doneBy: string | null;
  visits: number | null;
  note: string | null;
}

/** Records (or updates) a cocooning record; re-marking a burglary updates the one record. */
export async function recordCocooning(
  db: Db,
  forceId: number,
  rec: CocoonRecord,
  now: string,
): Promise<void> {
  const { team } = await burglaryOf(db, forceId, rec.crimeId);
  const values = {
    force_id: forceId,
    crime_id: rec.crimeId,
    team_id: team,
    status: rec.status,
    done_at: rec.doneAt,
    done_by: rec.doneBy,
    visits: rec.visits,
    note: rec.note,
    updated_at: now,
  };
  await rdb(db)
    .insertInto('repeat_cocooning')
    .values(values)
    .onConflict((oc) =>
      oc.columns(['force_id', 'crime_id']).doUpdateSet({
        status: values.status,
        done_at: values.done_at,
        done_by: values.done_by,
        visits: values.visits,
        note: values.note,
        updated_at: now,
      }),
    )
    .execute();
}

/** crime ids whose neighbourhood was cocooned (status done). */
export async function cocoonedCrimes(db: Db, forceId: number): Promise<Set<number>> {
  const rows = await rdb(db)
    .selectFrom('repeat_cocooning')
    .select('crime_id')
    .where('force_id', '=', forceId)
    .where('status', '=', 'done')
    .execute();
  return new Set(rows.map((r) => Number(r.crime_id)));
}

export async function cocooningRecords(
  db: Db,
  forceId: number,
  crimeIds: number[],
): Promise<Map<number, CocoonRecord>> {
  if (crimeIds.length === 0) return new Map();
  const rows = await rdb(db)
    .selectFrom('repeat_cocooning')
    .selectAll()
    .where('force_id', '=', forceId)
    .where('crime_id', 'in', crimeIds)
    .execute();
  return new Map(
    rows.map((r) => [
      Number(r.crime_id),
      {
        crimeId: Number(r.crime_id),
        status: r.status === 'done' ? 'done' : 'planned',
        doneAt: r.done_at,
        doneBy: r.done_by,
        visits: r.visits === null ? null : Number(r.visits),
        note: r.note,
      },
    ]),
  );
}
