/**
 * Field rules shared by the volunteer and engagement records: one zod schema per record type checks
 * both a CSV row (every cell text) and a form or API body, so both say the same thing about a bad
 * value. Blank cells and blank form fields count as missing.
 */
import { z } from 'zod';

/** A calendar date as YYYY-MM-DD (2023-02-30 is refused). */
export const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'not a real date');

/** A reference or code: letters, digits and - _ . / (the natural key of a record within a force). */
export const reference = z
  .string()
  .trim()
  .min(1, 'required')
  .max(60, 'at most 60 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, 'letters, digits and - _ . / only');

export const text = (max: number) =>
  z.string().trim().min(1, 'required').max(max, `at most ${max} characters`);

/** A whole number from a cell or a form ('12' or 12). */
export const whole = (min: number, max: number) =>
  z.coerce
    .number({ error: 'a whole number' })
    .int('a whole number')
    .min(min, `at least ${min}`)
    .max(max, `at most ${max}`);

/** The optional SYNTHETIC label column of an export (re-imported as the record's label). */
export const syntheticFlag = z
  .string()
  .trim()
  .optional()
  .transform((s) => (s ?? '').toUpperCase() === 'SYNTHETIC');

/** The record with blank strings removed, so "missing" and "blank" read the same. */
export function withoutBlanks(v: unknown): unknown {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v))
    if (!(typeof x === 'string' && x.trim() === '') && x !== null && x !== undefined) out[k] = x;
  return out;
}

/** The first problem of a failed parse: which field and what is wrong with it. */
export function firstIssue(error: z.ZodError): { field: string; reason: string } {
  const i = error.issues[0];
  const field = i.path.map(String).join('.') || '(row)';
  const reason = i.code === 'invalid_type' && i.input === undefined ? 'required' : i.message;
  return { field, reason };
}

/** Every problem, for a form to show beside each field. */
export function allIssues(error: z.ZodError): { field: string; message: string }[] {
  return error.issues.map((i) => ({
    field: i.path.map(String).join('.') || 'body',
    message: i.code === 'invalid_type' && i.input === undefined ? 'required' : i.message,
  }));
}
