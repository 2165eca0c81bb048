/**
 * GPS or radio-location tracks: CSV (officer_id, time, and lat/lon or easting/northing) or GPX
 * (track points with times, one officer per file). A malformed file is refused as a whole with an
 * error naming its line and field, so nothing half-read is stored and nothing stored is lost.
 */
import Papa from 'papaparse';
import { BeatwiseError } from '../core/errors.ts';
import { isBNGRange, isInUK, toBNG } from '../core/geo/bng.ts';
import { parseLondonTimestamp } from '../core/time/london.ts';
import type { Ping } from './model.ts';

function bad(file: string, line: number, field: string, message: string): BeatwiseError {
  return new BeatwiseError('patrols.bad_track', message, { file, line, field });
}

function when(text: string, file: string, line: number, field: string): number {
  const t = parseLondonTimestamp(text);
  if (!t)
    throw bad(file, line, field, `"${text}" is not a time like 2024-05-03 21:15:00 or 2024-05-03T20:15:00Z`);
  return t.ms;
}

function position(
  lat: string | undefined,
  lon: string | undefined,
  e: string | undefined,
  n: string | undefined,
  file: string,
  line: number,
): { x: number; y: number } {
  if (lat !== undefined && lon !== undefined && lat !== '' && lon !== '') {
    const la = Number(lat);
    const lo = Number(lon);
    if (!Number.isFinite(la) || !Number.isFinite(lo) || !isInUK(lo, la))
      throw bad(file, line, 'lat', `lat ${lat}, lon ${lon} is not a position in the UK`);
    const [x, y] = toBNG(lo, la);
    return { x, y };
  }
  if (e !== undefined && n !== undefined && e !== '' && n !== '') {
    const x = Number(e);
    const y = Number(n);
    if (!Number.isFinite(x) || !Number.isFinite(y) || !isBNGRange(x, y))
      throw bad(file, line, 'easting', `easting ${e}, northing ${n} is not a British National Grid position`);
    return { x, y };
  }
  throw bad(file, line, 'lat', 'each row needs lat and lon, or easting and northing');
}

/** Pings of a CSV with a header row: officer_id, time, lat, lon (or easting, northing). */
export function parseTrackCsv(text: string, file: string, officerDefault?: string): Ping[] {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { header: false, skipEmptyLines: true });
  const rows = parsed.data;
  if (rows.length < 2) throw bad(file, 1, 'header', 'a track CSV needs a header row and at least one ping');
  const header = rows[0].map((h) => h.trim().toLowerCase());
  const col = (...names: string[]) => header.findIndex((h) => names.includes(h));
  const officer = col('officer_id', 'officer', 'user_id');
  const time = col('time', 'timestamp', 'at');
  const lat = col('lat', 'latitude');
  const lon = col('lon', 'lng', 'longitude');
  const e = col('easting', 'x');
  const n = col('northing', 'y');
  if (time < 0) throw bad(file, 1, 'time', 'the header has no "time" column');
  if (officer < 0 && !officerDefault)
    throw bad(file, 1, 'officer_id', 'the header has no "officer_id" column');
  if ((lat < 0 || lon < 0) && (e < 0 || n < 0))
    throw bad(file, 1, 'lat', 'the header needs "lat" and "lon", or "easting" and "northing"');
  const out: Ping[] = [];
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r];
    const line = r + 1;
    const id = officer >= 0 ? (row[officer] ?? '').trim() : (officerDefault ?? '');
    if (!id) throw bad(file, line, 'officer_id', 'officer_id is empty');
    const p = position(row[lat], row[lon], row[e], row[n], file, line);
    out.push({ officerId: id, atMs: when((row[time] ?? '').trim(), file, line, 'time'), ...p });
  }
  return out;
}

/** Pings of a GPX file's track points (each needs a <time>), for one officer. */
export function parseGpx(text: string, file: string, officerId: string): Ping[] {
  if (!/<gpx[\s>]/.test(text)) throw bad(file, 1, 'gpx', 'not a GPX file: no <gpx> element');
  const out: Ping[] = [];
  const re = /<(trkpt|wpt|rtept)\b([^>]*)>([\s\S]*?)<\/\1>/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const line = text.slice(0, m.index).split('\n').length;
    const lat = /\blat="([^"]*)"/.exec(m[2])?.[1];
    const lon = /\blon="([^"]*)"/.exec(m[2])?.[1];
    const t = /<time>([^<]*)<\/time>/.exec(m[3])?.[1];
    if (!t) throw bad(file, line, 'time', `a <${m[1]}> has no <time>`);
    out.push({
      officerId,
      atMs: when(t.trim(), file, line, 'time'),
      ...position(lat, lon, undefined, undefined, file, line),
    });
  }
  if (out.length === 0) throw bad(file, 1, 'trkpt', 'the GPX file holds no track points');
  return out;
}
