/**
 * A force's casework settings in one place: the reasons a home burglary may go unattended, the
 * referral service levels (working hours per grade) and the retention period of each record class.
 * Stored in `casework_settings` under the keys the areas already read (burglary.reasons,
 * referrals.serviceLevels, retention.<class>). Every change is checked first and refused with a
 * message naming the field; nothing is written unless all of it is valid.
 */
import { BeatwiseError } from '../../core/errors.ts';
import type { Store } from '../../core/store/store.ts';
import { type NotAttendedReason, REASONS_SETTING } from '../burglary/model.ts';
import { reasonsOf } from '../burglary/store.ts';
import {
  DEFAULT_SERVICE_LEVELS,
  GRADES,
  SERVICE_LEVELS_SETTING,
  type ServiceLevels,
} from '../referrals/model.ts';
import { RETENTION_CLASSES } from '../retention/classes.ts';
import { retentionDays } from '../retention/review.ts';
import { cdb } from '../shared/schema.ts';
import { readSetting, writeSetting } from '../shared/settings.ts';

export interface RetentionSetting {
  recordClass: string;
  days: number;
  defaultDays: number;
  describe: string;
}

export interface CaseworkSettings {
  notAttendedReasons: NotAttendedReason[];
  serviceLevels: ServiceLevels;
  retention: RetentionSetting[];
}

/** A change: any of the three parts; retention by record class. */
export interface SettingsChange {
  notAttendedReasons?: NotAttendedReason[];
  serviceLevels?: Partial<ServiceLevels>;
  retentionDays?: Record<string, number>;
}

const CODE = /^[a-z0-9][a-z0-9-]{0,39}$/;
export const MAX_SERVICE_HOURS = 24 * 30;
export const MIN_RETENTION_DAYS = 30;
export const MAX_RETENTION_DAYS = 100 * 365;

export async function readCaseworkSettings(store: Store, forceId: number): Promise<CaseworkSettings> {
  const retention: RetentionSetting[] = [];
  for (const c of RETENTION_CLASSES)
    retention.push({
      recordClass: c.recordClass,
      days: await retentionDays(store, forceId, c),
      defaultDays: c.defaultDays,
      describe: c.describe,
    });
  return {
    notAttendedReasons: await reasonsOf(store.db, forceId),
    serviceLevels: await readSetting(store.db, forceId, SERVICE_LEVELS_SETTING, DEFAULT_SERVICE_LEVELS),
    retention,
  };
}

const invalid = (field: string, message: string) =>
  new BeatwiseError('casework.invalid', `${field}: ${message}`, { field });

/** The reasons list, checked: codes short and unique, labels given, at least one reason. Pure. */
export function checkReasons(reasons: readonly NotAttendedReason[]): NotAttendedReason[] {
  if (reasons.length === 0)
    throw invalid('notAttendedReasons', 'give at least one reason (e.g. victim-declined)');
  if (reasons.length > 30) throw invalid('notAttendedReasons', 'at most 30 reasons');
  const seen = new Set<string>();
  return reasons.map((r, i) => {
    const code = r.code.trim();
    const label = r.label.trim();
    if (!CODE.test(code))
      throw invalid(
        `notAttendedReasons.${i}.code`,
        `"${r.code}" is not a code: lower-case letters, digits and hyphens, up to 40 characters`,
      );
    if (seen.has(code)) throw invalid(`notAttendedReasons.${i}.code`, `"${code}" is given twice`);
    seen.add(code);
    if (label === '' || label.length > 120)
      throw invalid(`notAttendedReasons.${i}.label`, `the label of "${code}" must be 1 to 120 characters`);
    return { code, label };
  });
}

/** Service levels, checked: whole hours from 1 to 720, red no longer than amber, amber than green. Pure. */
export function checkServiceLevels(levels: ServiceLevels): ServiceLevels {
  for (const g of GRADES) {
    const h = levels[g];
    if (!Number.isInteger(h) || h < 1 || h > MAX_SERVICE_HOURS)
      throw invalid(
        `serviceLevels.${g}`,
        `${String(h)} is not a whole number of working hours from 1 to ${MAX_SERVICE_HOURS}`,
      );
  }
  if (levels.red > levels.amber || levels.amber > levels.green)
    throw invalid(
      'serviceLevels',
      `red (${levels.red} h) must be no longer than amber (${levels.amber} h), and amber no longer than green (${levels.green} h)`,
    );
  return { red: levels.red, amber: levels.amber, green: levels.green };
}

/** Retention days by class, checked: known classes, whole days from 30 to 36,500. Pure. */
export function checkRetention(days: Record<string, number>): Record<string, number> {
  const known = RETENTION_CLASSES.map((c) => c.recordClass);
  for (const [k, d] of Object.entries(days)) {
    if (!known.includes(k))
      throw invalid(`retentionDays.${k}`, `no record class "${k}"; the classes are ${known.join(', ')}`);
    if (!Number.isInteger(d) || d < MIN_RETENTION_DAYS || d > MAX_RETENTION_DAYS)
      throw invalid(
        `retentionDays.${k}`,
        `${String(d)} is not a whole number of days from ${MIN_RETENTION_DAYS} to ${MAX_RETENTION_DAYS}`,
      );
  }
  return { ...days };
}

/**
 * Checks a change against the force's current settings and writes it (all or nothing). A reason
 * still used by attendance records cannot be removed from the list: the records would lose their
 * meaning. Returns the settings after.
 */
export async function changeCaseworkSettings(
  store: Store,
  forceId: number,
  change: SettingsChange,
): Promise<CaseworkSettings> {
  const before = await readCaseworkSettings(store, forceId);
  const reasons = change.notAttendedReasons ? checkReasons(change.notAttendedReasons) : null;
  if (reasons) {
    const kept = new Set(reasons.map((r) => r.code));
    const used = await cdb(store.db)
      .selectFrom('burglary_attendance')
      .select(['reason', (eb) => eb.fn.countAll<number>().as('n')])
      .where('force_id', '=', forceId)
      .where('reason', 'is not', null)
      .groupBy('reason')
      .execute();
    const lost = used.find((u) => u.reason !== null && !kept.has(u.reason));
    if (lost)
      throw invalid(
        'notAttendedReasons',
        `"${lost.reason}" is the reason of ${Number(lost.n)} attendance records: keep it in the list`,
      );
  }
  const levels = change.serviceLevels
    ? checkServiceLevels({ ...before.serviceLevels, ...change.serviceLevels })
    : null;
  const retention = change.retentionDays ? checkRetention(change.retentionDays) : null;
  await store.transaction(async (tx) => {
    if (reasons) await writeSetting(tx, forceId, REASONS_SETTING, reasons);
    if (levels) await writeSetting(tx, forceId, SERVICE_LEVELS_SETTING, levels);
    for (const [k, d] of Object.entries(retention ?? {}))
      await writeSetting(tx, forceId, `retention.${k}`, d);
  });
  return readCaseworkSettings(store, forceId);
}
