/**
 * Errors are values: a code a program can test, a message a person can act on, and where it
 * happened. The CLI prints `where: message` and exits non-zero; the API maps `code` to a status.
 */
export interface Where {
  file?: string;
  line?: number;
  field?: string;
  feature?: number | string;
}

export class BeatwiseError extends Error {
  readonly code: string;
  where: Where;
  readonly details?: Record<string, unknown>;

  constructor(code: string, message: string, where: Where = {}, details?: Record<string, unknown>) {
    super(message);
    this.name = 'BeatwiseError';
    this.code = code;
    this.where = where;
    this.details = details;
  }

  /** `file:line:field: message`, with whichever parts are known. */
  override toString(): string {
    return formatWhere(this.where) + this.message;
  }
}

export function formatWhere(w: Where): string {
  const parts: string[] = [];
  if (w.file) parts.push(w.file);
  if (w.line !== undefined) parts.push(`line ${w.line}`);
  if (w.feature !== undefined) parts.push(`feature ${w.feature}`);
  if (w.field) parts.push(`field "${w.field}"`);
  return parts.length ? `${parts.join(', ')}: ` : '';
}

export function isBeatwiseError(e: unknown): e is BeatwiseError {
  return e instanceof BeatwiseError;
}
