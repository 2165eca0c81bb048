/**
 * What an error answer may say: never a stack trace, never a path on the server. A BeatwiseError's
 * `where.file` is cut to the file's own name (the name the user uploaded), and absolute paths in a
 * message are cut to their last part.
 */
import { basename } from 'node:path';
import type { BeatwiseError } from '../errors.ts';

const ABSOLUTE_PATH = /(?:[A-Za-z]:)?(?:[\\/][\w.@~+-]+){2,}[\\/]?/g;

/** A message with every absolute path replaced by its last part. */
export function withoutPaths(message: string): string {
  return message.replace(ABSOLUTE_PATH, (p) => basename(p.replace(/[\\/]+$/, '').replace(/\\/g, '/')));
}

function cleanValue(v: unknown): unknown {
  if (typeof v === 'string') return withoutPaths(v);
  if (Array.isArray(v)) return v.map(cleanValue);
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, cleanValue(x)]));
  return v;
}

/** The body of a BeatwiseError answer. */
export function beatwiseErrorBody(err: BeatwiseError): {
  error: { code: string; message: string; details: Record<string, unknown> };
} {
  const details = cleanValue({ ...err.where, ...(err.details ?? {}) }) as Record<string, unknown>;
  if (typeof err.where.file === 'string') details.file = basename(err.where.file.replace(/\\/g, '/'));
  return { error: { code: err.code, message: withoutPaths(err.message), details } };
}
