/**
 * Europe/London wall-clock time ⇄ UTC instants (epoch milliseconds).
 *
 * Since 1996 the UK keeps GMT (UTC+0) in winter and BST (UTC+1) from 01:00 UTC on the last Sunday
 * of March to 01:00 UTC on the last Sunday of October. Those years are computed from that rule (fast:
 * this runs for every timestamp of a million-row import); earlier years ask the time zone database
 * through `Intl` (slow, rare).
 *
 * Local times that do not exist or happen twice:
 * - spring forward (clocks go 01:00 → 02:00): a local time in the gap, e.g. 01:30, does not exist;
 *   it is read as one hour later (01:30 → 02:30 BST = 01:30 UTC), as if the clock had not been changed;
 * - fall back (clocks go 02:00 → 01:00): a local time between 01:00 and 02:00 happens twice; it is
 *   read as the first of the two, still in BST (01:30 → 00:30 UTC).
 */

const HOUR = 3_600_000;
const DAY = 86_400_000;
const RULE_FROM_YEAR = 1996;

/** [BST start, BST end) in UTC ms, per year, cached. */
const starts = new Map<number, number>();
const ends = new Map<number, number>();

function lastSundayUtc1am(year: number, month0: number): number {
  const lastDay = Date.UTC(year, month0 + 1, 0); // day 0 of next month = last day of this month
  const dow = new Date(lastDay).getUTCDay();
  return lastDay - dow * DAY + HOUR;
}

function bstStart(year: number): number {
  let t = starts.get(year);
  if (t === undefined) {
    t = lastSundayUtc1am(year, 2);
    starts.set(year, t);
  }
  return t;
}

function bstEnd(year: number): number {
  let t = ends.get(year);
  if (t === undefined) {
    t = lastSundayUtc1am(year, 9);
    ends.set(year, t);
  }
  return t;
}

let intlFormat: Intl.DateTimeFormat | null = null;

/** Offset of London time from UTC at an instant, in ms (0 or 3,600,000 in modern years). */
export function londonOffsetMs(utcMs: number): number {
  const year = new Date(utcMs).getUTCFullYear();
  if (year >= RULE_FROM_YEAR) return utcMs >= bstStart(year) && utcMs < bstEnd(year) ? HOUR : 0;
  intlFormat ??= new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const parts: Record<string, number> = {};
  for (const p of intlFormat.formatToParts(new Date(utcMs))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const local = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return local - (utcMs - (((utcMs % 1000) + 1000) % 1000));
}

/**
 * The UTC instant of a Europe/London wall-clock time (month 1–12). Gap times move forward one hour;
 * repeated times take the first (BST) instant. Fields are not range-checked: validate them first.
 */
export function londonLocalToUtc(y: number, mo: number, d: number, h: number, mi: number, s = 0): number {
  const local = Date.UTC(y, mo - 1, d, h, mi, s);
  if (y >= RULE_FROM_YEAR && y < 10000) {
    // Fast path. Try BST first so that a repeated hour resolves to its first (BST) instant.
    const asBst = local - HOUR;
    if (asBst >= bstStart(y) && asBst < bstEnd(y)) return asBst;
    // Not BST: either GMT, or the spring gap, where `local` read as GMT is the hour-later instant.
    return local;
  }
  const before = londonOffsetMs(local - DAY);
  const after = londonOffsetMs(local + DAY);
  const hi = Math.max(before, after);
  const lo = Math.min(before, after);
  if (londonOffsetMs(local - hi) === hi) return local - hi;
  if (londonOffsetMs(local - lo) === lo) return local - lo;
  return local - before; // in the gap: read with the offset from before the change
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

export interface FormatLondonOptions {
  /** Append ':SS'. */
  seconds?: boolean;
  /** Append ' GMT' or ' BST' (useful around the autumn change, when a local time happens twice). */
  zone?: boolean;
}

/** 'YYYY-MM-DD HH:MM' in Europe/London time for a UTC instant. */
export function formatLondon(ms: number, opts: FormatLondonOptions = {}): string {
  const offset = londonOffsetMs(ms);
  const d = new Date(ms + offset);
  let out =
    `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ` +
    `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
  if (opts.seconds) out += `:${pad2(d.getUTCSeconds())}`;
  if (opts.zone) out += offset === HOUR ? ' BST' : offset === 0 ? ' GMT' : ` UTC+${offset / HOUR}`;
  return out;
}

/** A timestamp read from text: its UTC instant and the London month it falls in. */
export interface LondonTimestamp {
  ms: number;
  /** Months since 1970-01 of the London calendar date (see core/time/month.ts). */
  month: number;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(y: number, mo: number): number {
  return mo === 2 && ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0) ? 29 : DAYS_IN_MONTH[mo - 1];
}

function digits(s: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * Reads 'YYYY-MM-DD HH:MM', 'YYYY-MM-DDTHH:MM', either with ':SS' (and '.fff', ignored beyond ms),
 * or a bare 'YYYY-MM-DD' (midnight), as Europe/London local time. A trailing 'Z' or '±HH:MM' makes
 * it an explicit UTC offset instead. Returns null when the text is not such a timestamp or names a
 * date or time that does not exist (2023-02-30, 24:10).
 */
export function parseLondonTimestamp(text: string): LondonTimestamp | null {
  const s =
    text.length > 0 && (text.charCodeAt(0) <= 32 || text.charCodeAt(text.length - 1) <= 32)
      ? text.trim()
      : text;
  if (s.length < 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return null;
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  if (y < 1900 || mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo)) return null;
  let h = 0;
  let mi = 0;
  let sec = 0;
  let ms = 0;
  let i = 10;
  if (s.length > 10) {
    const sep = s.charCodeAt(10);
    if (sep !== 32 && sep !== 84 && sep !== 116) return null; // ' ', 'T', 't'
    if (s.length < 16 || s.charCodeAt(13) !== 58) return null;
    h = digits(s, 11, 2);
    mi = digits(s, 14, 2);
    if (h < 0 || h > 23 || mi < 0 || mi > 59) return null;
    i = 16;
    if (s.charCodeAt(i) === 58) {
      sec = digits(s, 17, 2);
      if (sec < 0 || sec > 59) return null;
      i = 19;
      if (s.charCodeAt(i) === 46) {
        let j = i + 1;
        let scale = 100;
        while (j < s.length) {
          const c = s.charCodeAt(j) - 48;
          if (c < 0 || c > 9) break;
          ms += c * scale;
          scale /= 10;
          j++;
        }
        if (j === i + 1) return null;
        ms = Math.floor(ms);
        i = j;
      }
    }
  }
  let utc: number;
  if (i === s.length) {
    utc = londonLocalToUtc(y, mo, d, h, mi, sec) + ms;
    return { ms: utc, month: (y - 1970) * 12 + mo - 1 };
  }
  const rest = s.slice(i);
  const local = Date.UTC(y, mo - 1, d, h, mi, sec) + ms;
  if (rest === 'Z' || rest === 'z') {
    utc = local;
  } else {
    const m = /^([+-])(\d{2}):?(\d{2})$/.exec(rest);
    if (!m) return null;
    const off = (Number(m[2]) * 60 + Number(m[3])) * 60_000;
    utc = m[1] === '+' ? local - off : local + off;
  }
  const ld = new Date(utc + londonOffsetMs(utc));
  return { ms: utc, month: (ld.getUTCFullYear() - 1970) * 12 + ld.getUTCMonth() };
}
