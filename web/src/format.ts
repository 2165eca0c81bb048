/** Number and date formats used on every page (en-GB; harm in whole CCHI days). */

const INT = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const ONE = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export const DASH = '–';

/** A count: 12,345. */
export function fmtInt(n: number | null | undefined): string {
  return n === null || n === undefined || Number.isNaN(n) ? DASH : INT.format(n);
}

/** Harm (CCHI days), rounded to whole days: 1,157,306. */
export function fmtHarm(n: number | null | undefined): string {
  return fmtInt(n);
}

/** Full-time equivalents: whole numbers as such, halves kept (12.5). */
export function fmtFte(n: number | null | undefined): string {
  if (n === null || n === undefined || Number.isNaN(n)) return DASH;
  return Number.isInteger(n) ? INT.format(n) : ONE.format(n);
}

/** A signed change: +12 / −3 (a real minus sign). */
export function fmtSigned(n: number | null | undefined, f: (n: number) => string = fmtInt): string {
  if (n === null || n === undefined || Number.isNaN(n)) return DASH;
  if (n === 0) return f(0);
  return n > 0 ? `+${f(n)}` : `−${f(-n)}`;
}

/** A signed percentage with `digits` decimals: +1.23% / −0.40%. */
export function fmtPct(n: number | null | undefined, digits = 1): string {
  if (n === null || n === undefined || Number.isNaN(n)) return DASH;
  const abs = Math.abs(n).toFixed(digits);
  if (Number(abs) === 0) return `${(0).toFixed(digits)}%`;
  return `${n > 0 ? '+' : '−'}${abs}%`;
}

/** A part's share of the movement in the total's direction, already in % (0–100); a dash where none. */
export function fmtShareOfChange(n: number | null | undefined): string {
  if (n === null || n === undefined || Number.isNaN(n)) return DASH;
  return `${n < 0 ? '−' : ''}${Math.abs(n).toFixed(1)}%`;
}

/** A share 0..1 as a percentage: 0.734 → 73.4%. */
export function fmtShare(n: number | null | undefined, digits = 1): string {
  if (n === null || n === undefined || Number.isNaN(n)) return DASH;
  return `${(100 * n).toFixed(digits)}%`;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** '2022-04' → 'April 2022' (the text as given when it is not a month). */
export function fmtMonth(m: string | null | undefined): string {
  if (!m) return DASH;
  const r = /^(\d{4})-(\d{2})$/.exec(m);
  if (!r) return m;
  return `${MONTHS[Number(r[2]) - 1]} ${r[1]}`;
}

/** '2022-04' → 'Apr 2022'. */
export function fmtMonthShort(m: string): string {
  const r = /^(\d{4})-(\d{2})$/.exec(m);
  return r ? `${MONTHS[Number(r[2]) - 1].slice(0, 3)} ${r[1]}` : m;
}

/** A window '2021-09..2022-08' → 'Sep 2021 – Aug 2022'. */
export function fmtWindow(w: string): string {
  const [a, b] = w.split('..');
  return b ? `${fmtMonthShort(a)} – ${fmtMonthShort(b)}` : w;
}

const DATETIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** An ISO timestamp shown in Europe/London time. */
export function fmtDateTime(iso: string | null | undefined): string {
  if (!iso) return DASH;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : DATETIME.format(d);
}

/** Every month from `from` to `to` inclusive ('YYYY-MM'). */
export function monthRange(from: string, to: string): string[] {
  const [fy, fm] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  const out: string[] = [];
  for (let k = fy * 12 + fm - 1; k <= ty * 12 + tm - 1; k++)
    out.push(`${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`);
  return out;
}

/** A month `n` months after `m` (negative: before). */
export function addMonths(m: string, n: number): string {
  const [y, mo] = m.split('-').map(Number);
  const k = y * 12 + mo - 1 + n;
  return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
}

/** The police (financial) year a month is in, by its starting calendar year: 2022-03 → 2021. */
export function financialYear(m: string): number {
  const [y, mo] = m.split('-').map(Number);
  return mo >= 4 ? y : y - 1;
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} kB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
