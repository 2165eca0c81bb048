import type { Store } from '../../core/store/store.ts';
import { areaCodes } from '../shared/areas.ts';
import { isoUtc } from '../shared/time.ts';
import { HOME_BURGLARY_CODES } from './model.ts';
import { type NewAttendance, upsertAttendance } from './store.ts';

/**
 * Attendance records for every home burglary of a force extract already imported (crimes with a
 * crime reference, offence code 28E/28F and a recorded time). The extract says attended (a time),
 * declined by the victim, or neither: the last becomes "not attended" with no reason, which the
 * figures report as "cannot evidence". Records entered or imported from a CSV are left as they are.
 * Idempotent: running it again changes only what the extract changed.
 */
export async function attendanceFromExtract(
  store: Store,
  forceId: number,
): Promise<{ burglaries: number; inserted: number; updated: number; unchanged: number }> {
  const units = await areaCodes(store.db, forceId, 'unit');
  const teams = await areaCodes(store.db, forceId, 'team');
  const rows = await store.db
    .selectFrom('crimes as c')
    .innerJoin('imports as i', 'i.id', 'c.import_id')
    .select([
      'c.crime_id',
      'c.recorded_at',
      'c.attended_at',
      'c.declined_attendance',
      'c.vulnerable',
      'c.unit_id',
      'c.team_id',
      'i.synthetic',
    ])
    .where('c.force_id', '=', forceId)
    .where('c.offence_code', 'in', [...HOME_BURGLARY_CODES])
    .where('c.crime_id', 'is not', null)
    .where('c.recorded_at', 'is not', null)
    .execute();
  const records: NewAttendance[] = [];
  for (const r of rows) {
    if (r.crime_id === null || r.recorded_at === null) continue;
    const attended = r.attended_at !== null;
    const declined = r.declined_attendance === 1;
    records.push({
      crimeRef: r.crime_id,
      source: 'extract',
      unit: r.unit_id === null ? null : (units.get(r.unit_id) ?? null),
      team: r.team_id === null ? null : (teams.get(r.team_id) ?? null),
      ownerId: null,
      reportedAt: isoUtc(Number(r.recorded_at)),
      vulnerable: r.vulnerable === null ? null : r.vulnerable === 1,
      state: attended ? 'attended' : r.declined_attendance === null ? 'reported' : 'not-attended',
      scheduledFor: null,
      attendedAt: attended ? isoUtc(Number(r.attended_at)) : null,
      reason: !attended && declined ? 'victim-declined' : null,
      victimContact: null,
      synthetic: r.synthetic === 1,
    });
  }
  let inserted = 0;
  let updated = 0;
  let unchanged = 0;
  for (let i = 0; i < records.length; i += 5000) {
    const c = await upsertAttendance(store, forceId, records.slice(i, i + 5000), 'force extract', {
      keepManual: true,
    });
    inserted += c.inserted;
    updated += c.updated;
    unchanged += c.unchanged;
  }
  return { burglaries: records.length, inserted, updated, unchanged };
}
