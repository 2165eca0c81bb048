/**
 * Crimes as police.uk's street-level API answers them: read from the store for one month, placed at
 * their published point (precision.ts), and shaped field for field as police.uk does (numbers
 * police.uk sends as strings stay strings: latitude and longitude).
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { toBNG } from '../../core/geo/bng.ts';
import { pointInPolygonWithHoles } from '../../core/geo/point-in-polygon.ts';
import type { Database } from '../../core/store/schema.ts';
import { formatMonth, parseMonth } from '../../core/time/month.ts';
import { ASB, CATEGORIES } from '../categories.ts';
import { outcomeCode, policeUkCategoryId } from './categories.ts';
import { type PublishedPoint, snapPoint } from './precision.ts';

/** One crime as read for the public API (the exact point stays inside this module's callers). */
export interface PublicCrimeRow {
  id: number;
  force_id: number;
  month: number;
  crime_id: string | null;
  source: number;
  category: number;
  place_id: number;
  placement: number;
  easting: number | null;
  northing: number | null;
  lon: number | null;
  lat: number | null;
  team_id: number | null;
  location: string;
  outcome: string;
  context: string;
  reported_by: string;
}

/** A crime at its published point: `x`, `y` are that point's BNG metres (for radius and poly tests). */
export interface PlacedCrime {
  row: PublicCrimeRow;
  point: PublishedPoint | null;
  x: number;
  y: number;
  street: string;
}

export interface PoliceUkLocation {
  latitude: string;
  street: { id: number; name: string };
  longitude: string;
}

export interface PoliceUkCrime {
  category: string;
  location_type: string | null;
  location: PoliceUkLocation | null;
  context: string;
  outcome_status: { category: string; date: string } | null;
  persistent_id: string;
  id: number;
  location_subtype: string;
  month: string;
}

export interface Selection {
  forceIds: number[];
  month: number;
  /** Located crimes within this BNG box, or the unlocated ones. */
  where: { box: { xMin: number; yMin: number; xMax: number; yMax: number } } | { unlocated: true };
  categories?: number[];
  /** Stop reading past this many rows (the caller answers 503). */
  limit?: number;
}

/** Reads a month's crimes of some forces: located ones within a box, or the unlocated ones. */
export async function readCrimes(db: Kysely<Database>, s: Selection): Promise<PublicCrimeRow[]> {
  if (s.forceIds.length === 0) return [];
  let q = db
    .selectFrom('crimes as c')
    .innerJoin('labels as lo', 'lo.id', 'c.location')
    .innerJoin('labels as oc', 'oc.id', 'c.outcome')
    .innerJoin('labels as cx', 'cx.id', 'c.context')
    .innerJoin('labels as rb', 'rb.id', 'c.reported_by')
    .select([
      'c.id',
      'c.force_id',
      'c.month',
      'c.crime_id',
      'c.source',
      'c.category',
      'c.place_id',
      'c.placement',
      'c.easting',
      'c.northing',
      'c.lon',
      'c.lat',
      'c.team_id',
      'lo.text as location',
      'oc.text as outcome',
      'cx.text as context',
      'rb.text as reported_by',
    ])
    .where('c.force_id', 'in', s.forceIds)
    .where('c.month', '=', s.month);
  if ('box' in s.where) {
    const b = s.where.box;
    q = q
      .where('c.easting', '>=', b.xMin)
      .where('c.easting', '<=', b.xMax)
      .where('c.northing', '>=', b.yMin)
      .where('c.northing', '<=', b.yMax);
  } else q = q.where('c.easting', 'is', null);
  if (s.categories && s.categories.length < CATEGORIES.length) q = q.where('c.category', 'in', s.categories);
  if (s.limit) q = q.limit(s.limit + 1);
  const rows = await q.orderBy('c.id').execute();
  return rows.map((r) => ({ ...r, id: Number(r.id), place_id: Number(r.place_id) }));
}

const EXTRACT = 1;

/** Places a crime at its published point: police.uk's own map point, or the snapped square. */
export function placeCrime(row: PublicCrimeRow, snapM: number, teamNames: Map<number, string>): PlacedCrime {
  if (row.easting === null || row.northing === null || row.lon === null || row.lat === null)
    return { row, point: null, x: Number.NaN, y: Number.NaN, street: '' };
  if (row.source === EXTRACT) {
    const point = snapPoint(row.easting, row.northing, snapM);
    const [x, y] = toBNG(point.lon, point.lat);
    const team = row.team_id === null ? undefined : teamNames.get(row.team_id);
    return { row, point, x, y, street: team ? `On or near ${team}` : 'On or near an anonymised map point' };
  }
  return {
    row,
    point: { id: row.place_id, lon: row.lon, lat: row.lat },
    x: row.easting,
    y: row.northing,
    street: row.location || 'On or near an anonymised map point',
  };
}

/**
 * police.uk's persistent_id: police.uk's own Crime ID for its crimes; for a force extract's crime
 * (whose reference is internal) 48 hex digits of a hash and the record's id in 16, so it can be
 * found again (outcomes-for-crime) and tells nothing of the force's reference.
 */
export function persistentId(row: Pick<PublicCrimeRow, 'id' | 'crime_id' | 'source' | 'category'>): string {
  if (row.category === CATEGORIES.indexOf(ASB) || row.crime_id === null) return '';
  if (row.source !== EXTRACT) return row.crime_id;
  return extractPersistentId(row.id);
}

export function extractPersistentId(id: number): string {
  const h = createHash('sha256').update(`beatwise-public:${id}`).digest('hex').slice(0, 48);
  return `${h}${id.toString(16).padStart(16, '0')}`;
}

/** The record id a persistent_id names when it is an extract crime's, else null. */
export function idOfPersistentId(pid: string): number | null {
  if (!/^[0-9a-f]{64}$/.test(pid)) return null;
  const id = Number.parseInt(pid.slice(48), 16);
  return Number.isSafeInteger(id) && id > 0 && extractPersistentId(id) === pid ? id : null;
}

function locationOf(c: PlacedCrime): PoliceUkLocation | null {
  if (!c.point) return null;
  return {
    latitude: c.point.lat.toFixed(6),
    street: { id: c.point.id, name: c.street },
    longitude: c.point.lon.toFixed(6),
  };
}

/** A crime in police.uk's crimes-street shape. */
export function policeUkCrime(c: PlacedCrime): PoliceUkCrime {
  const r = c.row;
  const asb = r.category === CATEGORIES.indexOf(ASB);
  return {
    category: policeUkCategoryId(r.category),
    location_type: c.point ? (/british transport/i.test(r.reported_by) ? 'BTP' : 'Force') : null,
    location: locationOf(c),
    context: r.context,
    outcome_status: asb || !r.outcome ? null : { category: r.outcome, date: formatMonth(r.month) },
    persistent_id: persistentId(r),
    id: r.id,
    location_subtype: '',
    month: formatMonth(r.month),
  };
}

/** The crime without its outcome, as outcomes-at-location and outcomes-for-crime nest it. */
export function policeUkCrimeNoOutcome(c: PlacedCrime): Omit<PoliceUkCrime, 'outcome_status'> {
  const { outcome_status: _, ...rest } = policeUkCrime(c);
  return rest;
}

/** An outcome in police.uk's shape (category code and name, month, person_id null). */
export function policeUkOutcome(c: PlacedCrime) {
  return {
    category: { code: outcomeCode(c.row.outcome), name: c.row.outcome },
    date: formatMonth(c.row.month),
    person_id: null,
  };
}

/** Whether a crime has an outcome to publish (crimes, not ASB, with one recorded). */
export function hasOutcome(c: PlacedCrime): boolean {
  return c.row.category !== CATEGORIES.indexOf(ASB) && c.row.outcome !== '';
}

/** Within `radiusM` metres of (x, y), by published point. */
export function withinRadius(c: PlacedCrime, x: number, y: number, radiusM: number): boolean {
  return c.point !== null && (c.x - x) ** 2 + (c.y - y) ** 2 <= radiusM * radiusM;
}

/** Inside a BNG ring, by published point. */
export function withinRing(c: PlacedCrime, ring: [number, number][]): boolean {
  return c.point !== null && pointInPolygonWithHoles(c.x, c.y, [ring]);
}

/** Month index of 'YYYY-MM' (already validated). */
export function monthIndex(v: string): number {
  const m = parseMonth(v);
  if (m === null) throw new Error(`not a month: ${v}`);
  return m;
}
