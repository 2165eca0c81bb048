/**
 * The rejects file: every row an import could not take, with where and why, so a person can fix
 * the source and import again. One rejects file per import of a file: `<dir>/<basename of input>.<token>.csv`
 * with columns `file,line,field,reason,row` (`row` is the original fields re-joined as CSV, cut to
 * 1,000 characters).
 *
 * The folder and file are created at the first reject only; an import without rejects leaves no
 * trace. A rejects file left by an earlier import of the same file name is replaced at the first
 * reject, and removed by `close()` when this import had none (it would describe the old data).
 * Writes are synchronous and buffered (64 KiB), so a file with many bad rows stays cheap.
 */
import { closeSync, existsSync, mkdirSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, join } from 'node:path';
import { joinCsvFields, toCsvLine } from './write.ts';

export const REJECTS_HEADER = ['file', 'line', 'field', 'reason', 'row'] as const;
/** Longest `row` text kept in a rejects file. */
export const MAX_REJECT_ROW_CHARS = 1000;
const FLUSH_AT = 1 << 16;

export interface Reject {
  line: number;
  /** The column at fault, or '(row)' when it is the whole row. */
  field: string;
  reason: string;
  /** The row's original fields ([] when the row could not be read at all, e.g. too long). */
  row: readonly string[];
}

/**
 * Where the rejects of `inputFile` go in `dir`: `<name>.<token>.csv` with the import's own token
 * (so two imports of files with the same name keep their own rejects), `<name>.csv` without one.
 */
export function rejectsPathOf(dir: string, inputFile: string, token?: string): string {
  return join(dir, token ? `${basename(inputFile)}.${token}.csv` : `${basename(inputFile)}.csv`);
}

export class RejectsWriter {
  /** Rows rejected so far. */
  count = 0;
  /** Where the rejects go (it exists only once `count > 0`). */
  readonly path: string;
  private fd: number | null = null;
  private buffer = '';
  private closed = false;

  /**
   * @param dir folder for rejects files, e.g. `<store>.rejects`
   * @param inputFile the file being imported; it is named in each reject's `file` column as given
   */
  constructor(
    readonly dir: string,
    readonly inputFile: string,
    /** The import's rejects token (see rejectsPathOf). */
    token?: string,
    /** Add to a rejects file an earlier writer closed (kept, not replaced, and not removed). */
    private readonly append = false,
  ) {
    this.path = rejectsPathOf(dir, inputFile, token);
  }

  /** Records one rejected row. `row` is its original fields ([] when it could not be read at all). */
  write(line: number, field: string, reason: string, row: readonly string[]): void {
    if (this.closed) throw new Error(`RejectsWriter for ${this.inputFile} is closed`);
    if (this.fd === null) {
      mkdirSync(this.dir, { recursive: true });
      const fresh = !this.append || !existsSync(this.path) || statSync(this.path).size === 0;
      this.fd = openSync(this.path, this.append ? 'a' : 'w');
      this.buffer = fresh ? `${toCsvLine(REJECTS_HEADER)}\n` : '';
    }
    let text = joinCsvFields(row);
    if (text.length > MAX_REJECT_ROW_CHARS) {
      let cut = MAX_REJECT_ROW_CHARS;
      const c = text.charCodeAt(cut - 1);
      if (c >= 0xd800 && c <= 0xdbff) cut--; // do not split a surrogate pair
      text = text.slice(0, cut);
    }
    this.buffer += `${toCsvLine([this.inputFile, line, field, reason, text])}\n`;
    this.count++;
    if (this.buffer.length >= FLUSH_AT) this.flush();
  }

  /** Same as `write`, from a `Reject` value. */
  add(reject: Reject): void {
    this.write(reject.line, reject.field, reject.reason, reject.row);
  }

  /** Writes what is buffered and closes the file; removes a stale rejects file when there were none. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.fd === null) {
      if (!this.append) rmSync(this.path, { force: true });
      return;
    }
    this.flush();
    closeSync(this.fd);
    this.fd = null;
  }

  private flush(): void {
    if (this.fd === null || this.buffer.length === 0) return;
    writeSync(this.fd, this.buffer);
    this.buffer = '';
  }
}
