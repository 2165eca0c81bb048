import { formatLondon, parseLondonTimestamp } from '../../core/time/london.ts';

/** An instant as stored: ISO 8601 in UTC to the second, e.g. '2022-11-03T09:12:00Z'. */
export function isoUtc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** The Europe/London month ('YYYY-MM') of a stored instant. */
export function londonMonth(iso: string): string {
  return formatLondon(Date.parse(iso)).slice(0, 7);
}

/**
 * A timestamp from a CSV or a form: 'YYYY-MM-DD HH:MM' (Europe/London) or ISO 8601 with a zone.
 * Null when it is neither.
 */
export function parseInstant(text: string): number | null {
  const t = text.trim();
  if (t === '') return null;
  const london = parseLondonTimestamp(t);
  if (london) return london.ms;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(t)) {
    const ms = Date.parse(t);
    return Number.isNaN(ms) ? null : ms;
  }
  return null;
}

/** A date 'YYYY-MM-DD' that exists, or null. */
export function parseDay(text: string): string | null {
  const t = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(t)) return null;
  const d = new Date(`${t}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== t ? null : t;
}

/** Hours between two stored instants. */
export function hoursBetween(fromIso: string, toIso: string): number {
  return (Date.parse(toIso) - Date.parse(fromIso)) / 3_600_000;
}
