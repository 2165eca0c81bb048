/**
 * Synthetic data.police.uk street-level crime files for benchmarks, from a seeded RNG.
 *
 * Shaped like the real download: one file per force per month (`YYYY-MM/YYYY-MM-<force>-street.csv`),
 * the 12-column header, 64-hex Crime IDs (empty for anti-social behaviour), points snapped to a fixed
 * set of anonymised "map points" named "On or near …" (as police.uk does), each map point inside a
 * real LSOA polygon and carrying that LSOA's code and name, ~2.5% unlocated rows ("No Location"), a
 * category mix and outcomes in roughly police.uk proportions, and a seasonal month profile.
 *
 * Crime is concentrated the way it is in real data: LSOAs get lognormal weights and, within an LSOA,
 * a few map points take most of its crime. About 2% of map points are scattered up to ~1 km around
 * their LSOA, so some fall outside the force area (the importer counts those as "outside").
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { pointInMultiPolygon } from '../../src/core/geo/point-in-polygon.ts';
import { featureCode, featureName, readBoundaryFile } from '../../src/core/geo/readers.ts';
import type { MultiPolygon } from '../../src/core/geo/types.ts';
import { type Rng, WeightedPicker } from './rng.ts';

export const POLICE_UK_HEADER =
  'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';

/** Crime types with rough police.uk shares (per cent of all rows, ASB included). */
export const CATEGORY_MIX: readonly (readonly [string, number])[] = [
  ['Violence and sexual offences', 35],
  ['Anti-social behaviour', 12],
  ['Public order', 10],
  ['Criminal damage and arson', 8],
  ['Other theft', 7],
  ['Vehicle crime', 7],
  ['Shoplifting', 5],
  ['Burglary', 5],
  ['Other crime', 3.5],
  ['Drugs', 2],
  ['Robbery', 2],
  ['Theft from the person', 1.5],
  ['Possession of weapons', 1],
  ['Bicycle theft', 1],
];

/** "Last outcome category" values with rough shares (ASB rows have none). */
export const OUTCOME_MIX: readonly (readonly [string, number])[] = [
  ['Investigation complete; no suspect identified', 38],
  ['Unable to prosecute suspect', 30],
  ['Status update unavailable', 6],
  ['Under investigation', 6],
  ['Court result unavailable', 4],
  ['Awaiting court outcome', 3],
  ['Local resolution', 3],
  ['Offender given a caution', 2],
  ['Further investigation is not in the public interest', 2],
  ['Action to be taken by another organisation', 2],
  ['Formal action is not in the public interest', 1.5],
  ['Suspect charged as part of another case', 1.5],
  ['Offender given penalty notice', 1],
];

const STREET_STEMS = [
  'Ash',
  'Birch',
  'Castle',
  'Church',
  'Mill',
  'Park',
  'Station',
  'High',
  'Victoria',
  'Albert',
  'Queen',
  'King',
  'Green',
  'Hill',
  'Oak',
  'Elm',
  'Brook',
  'Meadow',
  'Grange',
  'Manor',
  'Chapel',
  'School',
  'Bridge',
  'Canal',
  'Coventry',
  'Stratford',
  'Warwick',
  'Lichfield',
  'Soho',
  'Hagley',
  'Bristol',
  'Alcester',
  'Pershore',
  'Moseley',
  'Edgbaston',
  'Handsworth',
  'Aston',
  'Erdington',
  'Walsall',
  'Dudley',
  'Tipton',
  'Bilston',
  'Wednesbury',
  'Solihull',
  'Sutton',
  'Selly',
  'Harborne',
  'Yardley',
  'Quinton',
  'Northfield',
  'Willow',
  'Holly',
  'Rose',
  'Cherry',
  'Beech',
  'Cedar',
  'Maple',
  'Hawthorn',
  'Fox',
  'Lark',
];
const STREET_ENDINGS = ['', 'field', 'wood', 'ley', 'ton', 'bury', 'more', 'dale', 'croft', 'gate'];
const STREET_KINDS = [
  'Road',
  'Street',
  'Lane',
  'Avenue',
  'Close',
  'Drive',
  'Grove',
  'Way',
  'Crescent',
  'Place',
  'Walk',
  'Gardens',
  'Court',
  'Terrace',
];
/** Non-street map points police.uk uses. */
const PLACES = [
  'Parking Area',
  'Supermarket',
  'Shopping Area',
  'Petrol Station',
  'Nightclub',
  'Sports/recreation Area',
  'Hospital',
  'Police Station',
  'Bus/coach Station',
  'Further/higher Educational Building',
  'Theatre/concert Hall',
  'Pedestrian Subway',
];

export interface Lsoa {
  code: string;
  name: string;
  polygons: MultiPolygon;
  /** minLon, minLat, maxLon, maxLat */
  bbox: [number, number, number, number];
}

/** Reads LSOA boundary files (WGS84 after reading) into code, name, polygons and bbox. */
export async function loadLsoas(files: readonly string[]): Promise<Lsoa[]> {
  const out: Lsoa[] = [];
  for (const file of files) {
    const read = await readBoundaryFile(file);
    for (const f of read.features) {
      let minX = Number.POSITIVE_INFINITY;
      let minY = Number.POSITIVE_INFINITY;
      let maxX = Number.NEGATIVE_INFINITY;
      let maxY = Number.NEGATIVE_INFINITY;
      for (const poly of f.polygons)
        for (const [x, y] of poly[0]) {
          if (x < minX) minX = x;
          if (y < minY) minY = y;
          if (x > maxX) maxX = x;
          if (y > maxY) maxY = y;
        }
      out.push({
        code: featureCode(f, undefined, file),
        name: featureName(f, undefined, file),
        polygons: f.polygons,
        bbox: [minX, minY, maxX, maxY],
      });
    }
  }
  return out;
}

/**
 * The anonymised map points rows are snapped to, per LSOA, each pre-rendered as the CSV text of its
 * five columns `Longitude,Latitude,Location,LSOA code,LSOA name`.
 */
export class MapPoints {
  /** Per LSOA: the CSV fragments of its map points, busiest first. */
  readonly byLsoa: string[][];
  readonly lsoaPicker: WeightedPicker;
  readonly count: number;
  /** Map points placed inside their LSOA polygon vs scattered around it. */
  readonly inside: number;

  constructor(lsoas: readonly Lsoa[], rng: Rng, opts: { perLsoa?: number; scatterShare?: number } = {}) {
    const perLsoa = opts.perLsoa ?? 30;
    const scatter = opts.scatterShare ?? 0.02;
    this.byLsoa = [];
    let inside = 0;
    let count = 0;
    for (const l of lsoas) {
      const points: string[] = [];
      const [minX, minY, maxX, maxY] = l.bbox;
      for (let k = 0; k < perLsoa; k++) {
        let x = 0;
        let y = 0;
        if (rng.float() < scatter) {
          // ~1 km around the LSOA's box: some land in a neighbour, some outside the force.
          x = rng.range(minX - 0.015, maxX + 0.015);
          y = rng.range(minY - 0.009, maxY + 0.009);
        } else {
          let found = false;
          for (let t = 0; t < 1000 && !found; t++) {
            x = rng.range(minX, maxX);
            y = rng.range(minY, maxY);
            found = pointInMultiPolygon(x, y, l.polygons);
          }
          if (!found) [x, y] = l.polygons[0][0][0];
          inside++;
        }
        const location = `On or near ${rng.float() < 0.12 ? rng.pick(PLACES) : streetName(rng)}`;
        points.push(`${x.toFixed(6)},${y.toFixed(6)},${location},${l.code},${csvField(l.name)}`);
        count++;
      }
      this.byLsoa.push(points);
    }
    this.count = count;
    this.inside = inside;
    // Lognormal LSOA weights: a few LSOAs (town centres) carry much of the crime.
    this.lsoaPicker = new WeightedPicker(lsoas.map(() => Math.exp(0.9 * rng.normal())));
  }

  /** A map point's CSV fragment: an LSOA by weight, then a point skewed toward its busiest ones. */
  next(rng: Rng): string {
    const points = this.byLsoa[this.lsoaPicker.next(rng)];
    const u = rng.float();
    return points[Math.floor(u * u * points.length)];
  }
}

function streetName(rng: Rng): string {
  return `${rng.pick(STREET_STEMS)}${rng.pick(STREET_ENDINGS)} ${rng.pick(STREET_KINDS)}`;
}

function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Hex of every 16-bit value, so a 64-hex Crime ID is 16 lookups. */
const HEX16: string[] = Array.from({ length: 65536 }, (_, i) => i.toString(16).padStart(4, '0'));

/** 64 lowercase hex characters (256 random bits), like police.uk's SHA-256 Crime IDs. */
export function crimeId(rng: Rng): string {
  let s = '';
  for (let i = 0; i < 8; i++) {
    const u = rng.uint32();
    s += HEX16[u >>> 16] + HEX16[u & 0xffff];
  }
  return s;
}

/** 'YYYY-MM' for each month from `from` to `to` inclusive. */
export function monthRange(from: string, to: string): string[] {
  const [fy, fm] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  const out: string[] = [];
  for (let k = fy * 12 + fm - 1; k <= ty * 12 + tm - 1; k++) {
    out.push(`${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`);
  }
  return out;
}

/**
 * Splits `rows` over the months in proportion to a seasonal profile (summer peak, winter trough, the
 * spring-2020 lockdown dip), summing exactly to `rows` (largest remainder).
 */
export function monthCounts(months: readonly string[], rows: number): number[] {
  const w = months.map((m) => {
    const mo = Number(m.slice(5, 7));
    let x = 1 + 0.1 * Math.cos((2 * Math.PI * (mo - 7)) / 12);
    if (m === '2020-04') x *= 0.78;
    if (m === '2020-05') x *= 0.88;
    return x;
  });
  const total = w.reduce((a, b) => a + b, 0);
  const exact = w.map((x) => (x / total) * rows);
  const counts = exact.map(Math.floor);
  let left = rows - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) counts[order[k][1]]++;
  return counts;
}

export interface GenerateOptions {
  rows: number;
  outDir: string;
  /** Name written in "Reported by" and "Falls within". */
  forceName: string;
  /** Slug in file names: `2020-01-<slug>-street.csv`. */
  forceSlug: string;
  from: string;
  to: string;
  /** Share of rows with no location (police.uk: a few per cent). */
  unlocatedShare?: number;
}

export interface GeneratedFile {
  path: string;
  month: string;
  rows: number;
  bytes: number;
}

/** Writes one CSV per month with data rows into `outDir/YYYY-MM/`; months given no rows get no file. */
export function writePoliceUkFiles(rng: Rng, points: MapPoints, opts: GenerateOptions): GeneratedFile[] {
  const months = monthRange(opts.from, opts.to);
  const counts = monthCounts(months, opts.rows);
  const cats = new WeightedPicker(CATEGORY_MIX.map(([, w]) => w));
  const catNames = CATEGORY_MIX.map(([c]) => c);
  const outcomes = new WeightedPicker(OUTCOME_MIX.map(([, w]) => w));
  const outcomeNames = OUTCOME_MIX.map(([o]) => o);
  const unlocated = opts.unlocatedShare ?? 0.025;
  // Longitude, Latitude, Location, LSOA code, LSOA name of an unlocated row.
  const noPlace = ',,No Location,,';
  const asbIndex = catNames.indexOf('Anti-social behaviour');
  const by = `${csvField(opts.forceName)},${csvField(opts.forceName)}`;
  const files: GeneratedFile[] = [];
  for (let mi = 0; mi < months.length; mi++) {
    const month = months[mi];
    const n = counts[mi];
    if (n === 0) continue;
    const dir = join(opts.outDir, month);
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `${month}-${opts.forceSlug}-street.csv`);
    const fd = openSync(path, 'w');
    let bytes = 0;
    let buf = `${POLICE_UK_HEADER}\n`;
    const prefix = `,${month},${by},`;
    try {
      for (let i = 0; i < n; i++) {
        const c = cats.next(rng);
        const asb = c === asbIndex;
        const id = asb ? '' : crimeId(rng);
        const place = rng.float() < unlocated ? noPlace : points.next(rng);
        const outcome = asb ? '' : outcomeNames[outcomes.next(rng)];
        buf += `${id}${prefix}${place},${catNames[c]},${outcome},\n`;
        if (buf.length >= 1 << 20) {
          bytes += writeSync(fd, buf);
          buf = '';
        }
      }
      bytes += writeSync(fd, buf);
    } finally {
      closeSync(fd);
    }
    files.push({ path, month, rows: n, bytes });
  }
  return files;
}
