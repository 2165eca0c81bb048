/**
 * Streaming CSV reader for big files (millions of rows), with the physical line each row starts on.
 *
 * Pipeline: file (optionally gunzipped) → 1 MiB byte chunks → sniffed once for binary formats →
 * decoded as UTF-8 (ASCII chunks take a fast path; invalid UTF-8 stops the read with its line) →
 * `CsvTextParser`, which cuts the text into windows of complete records and hands each window to
 * papaparse's `Parser` (comma delimiter, `"` quotes, `header: false` semantics: rows are arrays).
 *
 * Whole-file problems are thrown as one `BeatwiseError` (codes `csv.*`, see `readCsv`). Row problems
 * never stop the read: a row longer than `maxLineBytes` is yielded as `[]` and marked in `tooLong`,
 * and papaparse's quote errors are reported per row in `problems`; the importer rejects those rows.
 * Memory stays bounded by a few times `maxLineBytes` whatever the file holds.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import Papa from 'papaparse';
import { BeatwiseError, isBeatwiseError } from '../errors.ts';

export interface CsvBatch {
  /** Rows as arrays of fields. The header row is the first row of the first batch. */
  rows: string[][];
  /** 1-based physical line on which each row starts (blank lines are skipped but counted). */
  lines: number[];
  /** Indexes of rows longer than `maxLineBytes`: their `rows[i]` is `[]`. Also listed in `problems`. */
  tooLong?: Set<number>;
  /** Indexes of rows that could not be read cleanly, with the reason (the importer rejects them). */
  problems?: Map<number, string>;
  /**
   * Rows that stand for a run of physical lines a bad quote spoiled (an unclosed quoted field, or
   * one with text after its closing quote), with how many non-blank lines the run holds. Such a row
   * is also in `tooLong` (its fields are `[]`) and `problems` (the reason names the lines).
   */
  spans?: Map<number, number>;
  /**
   * Only with `ReadCsvOptions.rawLines`: the batch is a run of records that are each one physical
   * line, left as text for a caller that splits them faster itself (walk them with RawLineCursor);
   * `rows` and `lines` are then empty. Raw and row batches come in file order.
   */
  raw?: RawLines;
}

/**
 * Records as text: `text.slice(start, end)` is whole lines, each ending with a line break, each one
 * record: either without any `"`, or with well-formed quoted fields that close on the same line
 * (RawLineCursor.fields splits those as papaparse would). Lines with stray quotes, multi-line
 * fields, over-long lines and the header never come raw.
 */
export interface RawLines {
  text: string;
  start: number;
  end: number;
  /** Physical line (1-based) of the line at `start`. */
  firstLine: number;
  /** How many lines the segment holds (blank ones too): at most that many records. */
  lines: number;
}

export interface ReadCsvOptions {
  /**
   * The longest row accepted, default 1 MiB. Measured in characters of decoded text, which is bytes
   * for ASCII. A longer row is skipped without being held in memory (see `CsvBatch.tooLong`).
   */
  maxLineBytes?: number;
  /**
   * Hand simple records over as text (`CsvBatch.raw`) rather than parsed rows, for a caller that
   * splits lines itself. The rows such a caller gets with RawLineCursor are exactly those papaparse
   * gives; only the work of building them is left to the caller.
   */
  rawLines?: boolean;
}

export const DEFAULT_MAX_LINE_BYTES = 1 << 20;
const READ_CHUNK = 1 << 20;
const SNIFF_BYTES = 4096;
/** How much text the line-ending choice looks at. */
const NEWLINE_SNIFF = 65536;

/**
 * Reads a `.csv` or `.csv.gz` file as batches of rows.
 *
 * Throws `BeatwiseError` (with `where.file`, and `where.line` when it applies):
 * `csv.read` (cannot open or read), `csv.empty` (0 bytes or only whitespace), `csv.not_csv`
 * (binary: NUL bytes or a known file signature such as PNG, ZIP/XLSX, PDF, gzip, or JSON/HTML text),
 * `csv.encoding` (not UTF-8, or UTF-16), `csv.delimiter` (the first row is a single field holding
 * `;`, tab or `|`), `csv.line_endings` (old Mac CR-only line ends), `csv.gzip` (a `.gz` file that is
 * not gzip or is corrupt). A header-only file is not an error here.
 */
export async function* readCsv(path: string, opts: ReadCsvOptions = {}): AsyncGenerator<CsvBatch> {
  const maxLine = opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  if (!Number.isInteger(maxLine) || maxLine < 1) {
    throw new RangeError(`maxLineBytes must be a positive integer, got ${maxLine}`);
  }
  const gz = path.toLowerCase().endsWith('.gz');
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    throw readError(path, e);
  }
  let raw: Readable | null = null;
  let gunzip: Readable | null = null;
  try {
    if (gz) await checkGzipMagic(fh, path);
    raw = fh.createReadStream({ highWaterMark: READ_CHUNK }); // closes fh when done or destroyed
    let source: Readable = raw;
    if (gz) {
      const z = createGunzip({ chunkSize: 1 << 16 });
      raw.on('error', (e) => z.destroy(e));
      raw.pipe(z);
      gunzip = z;
      source = z;
    }

    const text = new CsvTextParser(path, maxLine, opts.rawLines ?? false);
    const utf8 = new Utf8Chunks(path, text);
    let head: Buffer[] | null = [];
    let headLen = 0;
    let total = 0;
    try {
      for await (const c of source as AsyncIterable<Buffer>) {
        total += c.length;
        let chunk = c;
        if (head) {
          head.push(c);
          headLen += c.length;
          if (headLen < SNIFF_BYTES) continue;
          chunk = head.length === 1 ? head[0] : Buffer.concat(head);
          head = null;
          chunk = sniff(chunk, path, gz);
        }
        yield* text.push(utf8.decode(chunk));
      }
      if (head && headLen > 0) yield* text.push(utf8.decode(sniff(Buffer.concat(head), path, gz)));
      utf8.end();
    } catch (e) {
      throw isBeatwiseError(e) ? e : gz ? gzipError(path, e) : readError(path, e);
    }
    if (total === 0) throw new BeatwiseError('csv.empty', 'the file is empty (0 bytes)', { file: path });
    yield* text.end();
  } finally {
    gunzip?.destroy();
    if (raw) raw.destroy();
    else await fh.close().catch(() => {});
  }
}

// ---------------------------------------------------------------------------------------------
// Text → rows

interface PapaError {
  code: string;
  message: string;
  row: number;
}
interface PapaResult {
  data: string[][];
  errors: PapaError[];
  meta: { cursor: number };
}

const LF = 10;
const CR = 13;
const QUOTE = 34;
const COMMA = 44;
const SPACE = 32;

/**
 * Cuts decoded text into complete CSV records and parses them with papaparse. Feed it text with
 * `push` (any cut: mid-row, mid-quote, between \r and \n) and finish with `end`. Exported for tests
 * and for callers that already hold text; `readCsv` is the usual entry point.
 */
export class CsvTextParser {
  private pending = '';
  /** Physical line (1-based) of pending[0]. */
  private line = 1;
  /** Characters dropped from the front of the text so far. */
  private consumed = 0;
  private parser: Papa.Parser | null = null;
  private newline: '\n' | '\r\n' | null = null;
  private window = 0;
  /** While skipping an over-long record. */
  private skipper: RecordSkipper | null = null;
  /** While skipping the lines a bad quote spoiled, up to the next line that reads as a row. */
  private recovery: QuoteRecovery | null = null;
  /** Fields of the first row (the header): a line must have as many to end a bad quote's run. */
  private width = 0;
  /** Do not re-parse a partial record until this much text is pending. */
  private minParse = 0;
  private firstRow = true;
  private content = false;

  constructor(
    readonly file: string,
    readonly maxLine: number = DEFAULT_MAX_LINE_BYTES,
    /** See ReadCsvOptions.rawLines. */
    readonly rawLines = false,
  ) {}

  /** The physical line at the end of the text received so far (for errors found while decoding). */
  currentLine(): number {
    return this.line + (this.skipper ? this.skipper.newlines : 0) + countNewlines(this.pending, 0);
  }

  /** The batches the text completes (none while a record is still open). */
  push(text: string): CsvBatch[] {
    if (text.length === 0) return [];
    const out = new BatchBuilder();
    if (this.pending.length === 0) {
      this.pending = text;
    } else if (this.pending.length + text.length < this.minParse) {
      this.pending += text; // still inside one unfinished record
      return [];
    } else {
      // Finish the record left over from the last text with the start of this one, then parse the
      // rest of `text` on its own: parsing `pending + text` as one string is ~30% slower (V8 has to
      // flatten the concatenation into a new 1 MiB string).
      const k = text.indexOf('\n');
      if (k !== -1 && this.parser !== null && this.pending.length + k < this.window) {
        this.pending += text.slice(0, k + 1);
        this.run(false, out);
        const rest = text.slice(k + 1);
        this.pending = this.pending.length === 0 ? rest : this.pending + rest;
      } else {
        this.pending += text;
      }
    }
    this.run(false, out);
    return out.build();
  }

  end(): CsvBatch[] {
    const out = new BatchBuilder();
    this.run(true, out);
    if (!this.content) {
      throw new BeatwiseError('csv.empty', 'the file holds only blank lines or spaces: no header, no rows', {
        file: this.file,
      });
    }
    return out.build();
  }

  private run(final: boolean, out: BatchBuilder): void {
    const p = this.pending;
    let off = 0;
    let capHeader = this.rawLines;
    for (;;) {
      if (this.recovery) {
        off = this.recover(p, off, final, out);
        if (this.recovery) break; // needs more text
        continue;
      }
      if (this.skipper) {
        const end = this.skipper.feed(p, off);
        if (end < 0) {
          off = p.length;
          break;
        }
        this.line += this.skipper.newlines + 1;
        this.skipper = null;
        off = end;
        continue;
      }
      const avail = p.length - off;
      if (avail === 0) break;
      if (this.parser === null && !this.detectNewline(p, off, final)) break;
      let size = this.window;
      if (this.rawLines) {
        if (!this.firstRow) {
          const to = this.rawScan(p, off, out);
          if (to !== off) {
            off = to;
            continue;
          }
          if (!final && p.indexOf('\n', off) === -1 && avail <= this.window) break; // an unfinished line
        } else if (capHeader) {
          // The header goes through papaparse alone, so raw lines can start right after it.
          const end = new RecordSkipper().feed(p, off);
          if (end > 0 && end - off < avail && end - off <= this.window) size = end - off;
        }
      }
      const full = avail > size;
      const last = final && !full;
      const win = full ? p.slice(off, off + size) : off === 0 ? p : p.slice(off);
      const r: PapaResult = this.parser!.parse(win, 0, !last);
      const n = r.data.length;
      if (n === 0) {
        if (size < this.window) {
          capHeader = false; // papaparse ends the record elsewhere: read the window as usual
          continue;
        }
        if (last) break;
        if (!full) {
          this.minParse = Math.min(avail * 2, this.window + 1);
          break;
        }
        off = this.overflow(off, win, out);
        continue;
      }
      this.minParse = 0;
      const used = last ? win.length : r.meta.cursor;
      const took = this.collect(r, win, used, last, out);
      off += took;
      if (took < used) continue; // a bad quote: the lines after its first are read again
      if (!full) break;
    }
    this.consumed += off;
    this.pending = final ? '' : off === 0 ? p : p.slice(off);
  }

  /**
   * Takes the complete simple lines at p[off...] as one raw segment (see RawLines) and returns where
   * it stopped: at the first line that papaparse must read (a stray or multi-line quote, a bare LF
   * in a CRLF file, an over-long line) or at the unfinished last line.
   */
  private rawScan(p: string, off: number, out: BatchBuilder): number {
    const crlf = this.newline === '\r\n';
    const maxLine = this.maxLine;
    let i = off;
    let lines = 0;
    let quote = p.indexOf('"', off);
    for (;;) {
      const nl = p.indexOf('\n', i);
      if (nl === -1 || nl - i > maxLine + 1) break;
      const cr = nl > i && p.charCodeAt(nl - 1) === CR;
      if (crlf && !cr) break;
      if (quote !== -1 && quote < nl) {
        // A quoted line must close its quotes itself; in an LF file it must not end with \r (papaparse
        // would not take the quote before it as closing).
        if ((cr && !crlf) || splitLine(p, i, cr ? nl - 1 : nl) === null) break;
        quote = p.indexOf('"', nl);
      }
      i = nl + 1;
      lines++;
    }
    if (lines === 0) return off;
    out.raw({ text: p, start: off, end: i, firstLine: this.line, lines });
    this.line += lines;
    return i;
  }

  /** Chooses '\r\n' when every line end in the first 64 KiB is CRLF, else '\n'. */
  private detectNewline(p: string, off: number, final: boolean): boolean {
    // Decide on 64 KiB of text (or the whole text when shorter), however it arrives: a first
    // piece holding one CRLF line must not make a file whose other lines end in LF read as CRLF.
    if (!final && p.length - off < NEWLINE_SNIFF) return false;
    const first = p.indexOf('\n', off);
    if (first === -1) {
      if (!final && p.length - off <= this.maxLine) return false;
      const cr = p.indexOf('\r', off);
      if (
        cr !== -1 &&
        p
          .slice(off, off + SNIFF_BYTES * 16)
          .trimEnd()
          .includes('\r')
      ) {
        throw new BeatwiseError(
          'csv.line_endings',
          'lines end with a bare carriage return (old Mac line endings); save the file with Windows or Unix line endings',
          { file: this.file, line: this.line },
        );
      }
      this.newline = '\n';
    } else {
      const end = Math.min(p.length, off + NEWLINE_SNIFF);
      let crlf = true;
      for (let i = first; i !== -1 && i < end; i = p.indexOf('\n', i + 1)) {
        if (p.charCodeAt(i - 1) !== CR) {
          crlf = false;
          break;
        }
      }
      this.newline = crlf ? '\r\n' : '\n';
    }
    this.window = this.maxLine + this.newline.length;
    this.parser = new Papa.Parser({ delimiter: ',', newline: this.newline, quoteChar: '"' });
    return true;
  }

  /** The record at `off` does not end within one window (no row came back from a full window). */
  private overflow(off: number, win: string, out: BatchBuilder): number {
    const line = this.line;
    const limit = formatBytes(this.maxLine);
    this.minParse = 0;
    if (!/\S/.test(win)) {
      // A huge run of spaces: a blank line, skip it quietly.
      this.skipper = new RecordSkipper();
      return off;
    }
    this.seeContent();
    const nl = win.indexOf('\n');
    if (nl === -1) {
      out.skipped(line, `the line is longer than ${limit}; the row was skipped`);
      this.skipper = new RecordSkipper();
      return off;
    }
    // The record spans lines: a quoted field opened and not closed within the window.
    this.startRecovery(line, `a quoted field that starts on this line is not closed within ${limit}`);
    return off + nl + 1;
  }

  /**
   * A bad quote on physical line `line` (the line itself is taken): the lines after it are skipped
   * up to the next one that reads as a row on its own, and reported as one row standing for them.
   */
  private startRecovery(line: number, why: string): void {
    this.recovery = { line, lines: 1, why, midLine: false };
    this.line = line + 1;
  }

  /**
   * Skips the lines of a bad quote's run from p[off...]: each line that is not blank and does not
   * read as a row on its own (its quotes closed, as many fields as the header) belongs to the run.
   * Returns where it stopped: at the line that ends the run (the recovery is then reported and
   * over), or at the end of the text (more is needed, unless `final`).
   */
  private recover(p: string, off: number, final: boolean, out: BatchBuilder): number {
    const r = this.recovery as QuoteRecovery;
    for (;;) {
      if (off >= p.length) {
        if (final) this.endRecovery(out);
        return off;
      }
      const nl = p.indexOf('\n', off);
      if (nl === -1 && !final) {
        if (p.length - off > this.window) {
          // A line longer than a window inside the run: drop what there is of it.
          if (!r.midLine) r.lines++;
          r.midLine = true;
          return p.length;
        }
        return off; // wait for the rest of the line
      }
      const next = nl === -1 ? p.length : nl + 1;
      let end = nl === -1 ? p.length : nl;
      if (end > off && p.charCodeAt(end - 1) === CR) end--;
      if (r.midLine) {
        r.midLine = false;
      } else if (end > off && /\S/.test(p.slice(off, Math.min(end, off + 64)))) {
        const f = end - off <= this.maxLine ? splitLine(p, off, end) : null;
        if (f !== null && (this.width === 0 || f.length === this.width)) {
          this.endRecovery(out);
          return off;
        }
        r.lines++;
      }
      this.line++;
      off = next;
    }
  }

  private endRecovery(out: BatchBuilder): void {
    const r = this.recovery as QuoteRecovery;
    this.recovery = null;
    const last = this.line - 1;
    const span =
      r.lines === 1
        ? 'the line was skipped'
        : `lines ${r.line.toLocaleString('en-GB')}–${last.toLocaleString('en-GB')} (${r.lines.toLocaleString('en-GB')} lines) were skipped`;
    out.region(r.line, r.lines, `${r.why}; ${span} and reading went on at the next line that reads as a row`);
  }

  /**
   * Adds the rows of one parsed window to the batch with their line numbers and problems. Returns
   * how much of the window it took: `used`, or less when a row with a quote problem spans lines
   * (only its first line is taken; the recovery reads on from the next).
   */
  private collect(r: PapaResult, win: string, used: number, last: boolean, out: BatchBuilder): number {
    const rows = r.data;
    const n = rows.length;
    const lf = this.newline === '\n';
    // Each row is one physical line unless a quoted field holds a line break.
    let simple = lf && win.indexOf('"') === -1;
    if (!simple) simple = countNewlines(win, 0, used) === (last ? n - 1 : n);
    const stripCr = lf && win.indexOf('\r') !== -1;
    let problems: Map<number, string> | null = null;
    for (const e of r.errors) {
      if (e.row >= n) continue; // belongs to the unfinished record left for the next window
      problems ??= new Map();
      if (!problems.has(e.row)) problems.set(e.row, papaMessage(e));
    }
    let ln = this.line;
    for (let i = 0; i < n; i++) {
      const row = rows[i];
      const rowLine = ln;
      if (simple) ln++;
      else ln += 1 + newlinesIn(row);
      if (stripCr) {
        const k = row.length - 1;
        const f = row[k];
        if (f.charCodeAt(f.length - 1) === CR) row[k] = f.slice(0, -1);
      }
      const problem = problems?.get(i);
      if (problem !== undefined && ln - rowLine > 1 && !this.firstRow) {
        // A bad quote swallowed the lines after it: take its first line only.
        let at = 0;
        for (let k = this.line; k <= rowLine; k++) at = win.indexOf('\n', at) + 1;
        this.startRecovery(rowLine, `a quoted field on this line is not closed properly (${problem})`);
        return at;
      }
      if (row.length === 1 && problem === undefined && (row[0] === '' || row[0].trim() === '')) continue;
      if (this.firstRow) this.checkFirstRow(row, rowLine);
      out.add(row, rowLine, problem);
    }
    this.line = ln;
    return used;
  }

  private seeContent(): void {
    this.content = true;
    this.firstRow = false;
  }

  private checkFirstRow(row: string[], line: number): void {
    this.seeContent();
    this.width = row.length;
    if (row.length !== 1) return;
    const f = row[0];
    let best = '';
    let bestCount = 0;
    for (const [d, name] of [
      [';', 'semicolons (;)'],
      ['\t', 'tabs'],
      ['|', 'pipes (|)'],
    ] as const) {
      const c = f.split(d).length - 1;
      if (c > bestCount) {
        best = name;
        bestCount = c;
      }
    }
    if (bestCount > 0) {
      throw new BeatwiseError(
        'csv.delimiter',
        `the header is one field that seems to be separated by ${best}; Beatwise expects commas ` +
          '(re-export or save the file as comma-separated CSV)',
        { file: this.file, line },
      );
    }
  }
}

/** The run of lines a bad quote spoiled, while it is being skipped. */
interface QuoteRecovery {
  /** Its first physical line (the one with the bad quote). */
  line: number;
  /** Non-blank lines in it so far. */
  lines: number;
  why: string;
  /** Inside a line longer than a window (its start was dropped). */
  midLine: boolean;
}

/** Collects the batches of one push: rows, and raw segments between them, in file order. */
class BatchBuilder {
  rows: string[][] = [];
  lines: number[] = [];
  tooLong: Set<number> | null = null;
  problems: Map<number, string> | null = null;
  spans: Map<number, number> | null = null;
  private readonly done: CsvBatch[] = [];

  raw(raw: RawLines): void {
    this.flush();
    this.done.push({ rows: [], lines: [], raw });
  }

  add(row: string[], line: number, problem: string | undefined): void {
    if (problem !== undefined) {
      this.problems ??= new Map();
      this.problems.set(this.rows.length, problem);
    }
    this.rows.push(row);
    this.lines.push(line);
  }

  /** A row standing for `lines` physical lines a bad quote spoiled. */
  region(line: number, lines: number, reason: string): void {
    this.spans ??= new Map();
    this.spans.set(this.rows.length, lines);
    this.skipped(line, reason);
  }

  skipped(line: number, reason: string): void {
    this.tooLong ??= new Set();
    this.tooLong.add(this.rows.length);
    this.add([], line, reason);
  }

  build(): CsvBatch[] {
    this.flush();
    return this.done;
  }

  private flush(): void {
    if (this.rows.length === 0) return;
    const b: CsvBatch = { rows: this.rows, lines: this.lines };
    if (this.tooLong) b.tooLong = this.tooLong;
    if (this.problems) b.problems = this.problems;
    if (this.spans) b.spans = this.spans;
    this.done.push(b);
    this.rows = [];
    this.lines = [];
    this.tooLong = null;
    this.problems = null;
    this.spans = null;
  }
}

/**
 * Walks the records of a raw segment, skipping blank lines as the row batches do:
 *
 *   const c = new RawLineCursor(batch.raw);
 *   while (c.next()) use(c.text.slice(c.start, c.end), c.line, c.quoted ? c.fields() : null);
 *
 * `start`..`end` is the record's text without its line break (and without the \r of a CRLF end).
 */
export class RawLineCursor {
  readonly text: string;
  /** The current record: its text range, physical line, and whether it holds a quote. */
  start = 0;
  end = 0;
  line: number;
  quoted = false;
  private at: number;
  private readonly stop: number;
  private quote: number;

  constructor(raw: RawLines) {
    this.text = raw.text;
    this.at = raw.start;
    this.stop = raw.end;
    this.line = raw.firstLine - 1;
    this.quote = raw.text.indexOf('"', raw.start);
  }

  /** Whether the segment's text is all read (what is left may still be only blank lines). */
  get done(): boolean {
    return this.at >= this.stop;
  }

  /** Moves to the next record; false when the segment is done. */
  next(): boolean {
    const t = this.text;
    while (this.at < this.stop) {
      const s = this.at;
      const nl = t.indexOf('\n', s);
      const e = nl > s && t.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
      this.at = nl + 1;
      this.line++;
      this.quoted = this.quote !== -1 && this.quote < nl;
      if (this.quoted) this.quote = t.indexOf('"', nl);
      this.start = s;
      this.end = e;
      if (!this.blank()) return true;
    }
    return false;
  }

  /** The current record's fields, as papaparse gives them. */
  fields(): string[] {
    const t = this.text;
    if (!this.quoted) return t.slice(this.start, this.end).split(',');
    const f = splitLine(t, this.start, this.end);
    if (f === null) throw new Error('RawLineCursor: a raw line with quotes that do not close on it');
    return f;
  }

  /** A blank line is one field that is empty or only spaces, as the row batches skip it. */
  private blank(): boolean {
    const s = this.start;
    const e = this.end;
    if (e === s) return true;
    const c = this.text.charCodeAt(s);
    if (c > SPACE && c < 127 && c !== QUOTE) return false;
    const f = this.fields();
    return f.length === 1 && f[0].trim() === '';
  }
}

/**
 * The fields of text[start, end) when it is one record on its own: fields separated by commas, a
 * field that starts with `"` closing with `"` right before a comma or the end (`""` inside is a
 * quote), and no `"` anywhere else. Otherwise null: papaparse has to read it.
 */
export function splitLine(text: string, start: number, end: number): string[] | null {
  const out: string[] = [];
  let i = start;
  for (;;) {
    if (i < end && text.charCodeAt(i) === QUOTE) {
      let value = '';
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q === -1 || q >= end) return null; // not closed on this line
        if (q + 1 < end && text.charCodeAt(q + 1) === QUOTE) {
          value += text.slice(from, q + 1);
          from = q + 2;
          continue;
        }
        value += text.slice(from, q);
        i = q + 1;
        break;
      }
      out.push(value);
      if (i === end) return out;
      if (text.charCodeAt(i) !== COMMA) return null;
      i++;
      continue;
    }
    let c = text.indexOf(',', i);
    if (c === -1 || c > end) c = end;
    for (let k = i; k < c; k++) if (text.charCodeAt(k) === QUOTE) return null; // inside an unquoted field
    out.push(text.slice(i, c));
    if (c === end) return out;
    i = c + 1;
  }
}

/**
 * Finds the end of one record without keeping it, following papaparse's quoting rules: a quote
 * opens a quoted field only at the start of a field; `""` inside is a quote; a quote closes the
 * field when followed by (spaces and) a comma or a line end. State carries across `feed` calls.
 */
class RecordSkipper {
  newlines = 0;
  private inQuote = false;
  private afterQuote = false;
  private fieldStart = true;

  /** Index just past the record's final '\n' in `text`, or -1 when the record goes on. */
  feed(text: string, from: number): number {
    const n = text.length;
    for (let i = from; i < n; i++) {
      const c = text.charCodeAt(i);
      if (this.inQuote) {
        if (this.afterQuote) {
          if (c === QUOTE) {
            this.afterQuote = false; // "" is an escaped quote
          } else if (c === COMMA) {
            this.inQuote = false;
            this.afterQuote = false;
            this.fieldStart = true;
          } else if (c === LF) {
            return i + 1;
          } else if (c !== SPACE && c !== CR) {
            this.afterQuote = false; // a stray quote inside the field: still quoted
          }
        } else if (c === QUOTE) {
          this.afterQuote = true;
        } else if (c === LF) {
          this.newlines++;
        }
      } else if (c === LF) {
        return i + 1;
      } else if (c === COMMA) {
        this.fieldStart = true;
      } else {
        if (c === QUOTE && this.fieldStart) this.inQuote = true;
        this.fieldStart = false;
      }
    }
    return -1;
  }
}

function papaMessage(e: PapaError): string {
  if (e.code === 'MissingQuotes') return 'a quoted field is not closed (its closing " is missing)';
  if (e.code === 'InvalidQuotes') {
    return 'a quoted field has a stray " after its closing quote (a quote inside a field must be doubled: "")';
  }
  return e.message;
}

function countNewlines(s: string, from: number, to: number = s.length): number {
  let count = 0;
  for (let i = s.indexOf('\n', from); i !== -1 && i < to; i = s.indexOf('\n', i + 1)) count++;
  return count;
}

function newlinesIn(row: string[]): number {
  let count = 0;
  for (let j = 0; j < row.length; j++) {
    const f = row[j];
    for (let i = f.indexOf('\n'); i !== -1; i = f.indexOf('\n', i + 1)) count++;
  }
  return count;
}

function formatBytes(n: number): string {
  if (n >= 1 << 20 && n % (1 << 20) === 0) return `${n >> 20} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n >> 10} KiB`;
  return `${n.toLocaleString('en-GB')} bytes`;
}

// ---------------------------------------------------------------------------------------------
// Bytes → text

/**
 * Decodes UTF-8 chunk by chunk. ASCII chunks (the usual case) are copied as Latin-1, which is the
 * same text and several times faster than UTF-8 decoding; other chunks are validated with
 * `buffer.isUtf8` (it is faster than a fatal streaming `TextDecoder` here, and that decoder's
 * two-byte strings also slow papaparse down) and a character cut by the chunk end is carried over.
 */
class Utf8Chunks {
  private carry: Buffer | null = null;

  constructor(
    private readonly file: string,
    private readonly text: CsvTextParser,
  ) {}

  decode(chunk: Buffer): string {
    if (this.carry) {
      chunk = Buffer.concat([this.carry, chunk]);
      this.carry = null;
    }
    if (isAscii(chunk)) return chunk.toString('latin1');
    const end = completeUtf8End(chunk);
    const body = end === chunk.length ? chunk : chunk.subarray(0, end);
    if (!isUtf8(body)) this.fail(body, firstInvalidUtf8(body));
    if (end < chunk.length) this.carry = Buffer.from(chunk.subarray(end));
    return body.toString('utf8');
  }

  end(): void {
    if (this.carry) this.fail(this.carry, 0);
  }

  private fail(buf: Buffer, at: number): never {
    let line = this.text.currentLine();
    for (let i = buf.indexOf(LF); i !== -1 && i < at; i = buf.indexOf(LF, i + 1)) line++;
    const bytes = Array.from(
      buf.subarray(at, Math.min(at + 4, buf.length)),
      (b) => `0x${b.toString(16).padStart(2, '0').toUpperCase()}`,
    ).join(' ');
    throw new BeatwiseError(
      'csv.encoding',
      `the text is not valid UTF-8 (bytes ${bytes}); Beatwise reads UTF-8 CSV: save the file as ` +
        '"CSV UTF-8" (it may be Windows-1252 / Latin-1)',
      { file: this.file, line },
    );
  }
}

/** Length of `b` without a UTF-8 sequence cut off at its end. */
function completeUtf8End(b: Buffer): number {
  const n = b.length;
  for (let i = n - 1; i >= 0 && i >= n - 3; i--) {
    const c = b[i];
    if (c < 0x80) return n;
    if (c >= 0xc0) {
      const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
      return n - i >= need ? n : i;
    }
  }
  return n;
}

/** Offset of the first byte that is not part of a valid UTF-8 sequence (b.length if none). */
export function firstInvalidUtf8(b: Uint8Array): number {
  const n = b.length;
  let i = 0;
  while (i < n) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else {
      return i;
    }
    if (i + need >= n) return i;
    let cp = c & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const cc = b[i + k];
      if ((cc & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return n;
}

// ---------------------------------------------------------------------------------------------
// Sniffing and errors

const SIGNATURES: [bytes: number[], what: string][] = [
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive (an Excel .xlsx workbook is one): save the sheet as CSV'],
  [[0x50, 0x4b, 0x05, 0x06], 'an empty ZIP archive'],
  [
    [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
    'an old Office file (Excel .xls?): save the sheet as CSV',
  ],
  [[0x1f, 0x8b], 'gzip-compressed data: name the file .csv.gz so Beatwise unpacks it'],
  [[0x42, 0x5a, 0x68], 'bzip2-compressed data'],
  [[0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], 'xz-compressed data'],
  [[0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], 'a 7-Zip archive'],
  [[0x52, 0x61, 0x72, 0x21], 'a RAR archive'],
  [[0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66], 'an SQLite database'],
  [[0x50, 0x41, 0x52, 0x31], 'a Parquet file'],
  [[0x7f, 0x45, 0x4c, 0x46], 'a program (ELF executable)'],
];

/** Throws when the first bytes are not CSV text; returns the chunk without a UTF-8 BOM. */
function sniff(head: Buffer, file: string, gz: boolean): Buffer {
  const inside = gz ? 'the unpacked file' : 'the file';
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    throw new BeatwiseError(
      'csv.encoding',
      `${inside} is UTF-16 text (Excel "Unicode Text"); Beatwise reads UTF-8: save it as "CSV UTF-8"`,
      { file },
    );
  }
  for (const [sig, what] of SIGNATURES) {
    if (head.length >= sig.length && sig.every((b, i) => head[i] === b)) {
      throw new BeatwiseError('csv.not_csv', `${inside} is not CSV: it looks like ${what}`, { file });
    }
  }
  const n = Math.min(head.length, SNIFF_BYTES);
  const nul = head.indexOf(0);
  if (nul !== -1 && nul < n) {
    let even = 0;
    let odd = 0;
    for (let i = 0; i < n; i++) if (head[i] === 0) i % 2 === 0 ? even++ : odd++;
    if (Math.max(even, odd) > n * 0.3 && Math.min(even, odd) < n * 0.02) {
      throw new BeatwiseError(
        'csv.encoding',
        `${inside} looks like UTF-16 text without a byte order mark; Beatwise reads UTF-8: save it as "CSV UTF-8"`,
        { file },
      );
    }
    throw new BeatwiseError(
      'csv.not_csv',
      `${inside} is not CSV: it holds NUL bytes, so it is binary (a spreadsheet, database or image?)`,
      { file },
    );
  }
  const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  const start = head
    .subarray(bom, Math.min(head.length, bom + 256))
    .toString('latin1')
    .trimStart();
  const lower = start.slice(0, 64).toLowerCase();
  let what = '';
  if (lower.startsWith('<!doctype html') || lower.startsWith('<html')) what = 'an HTML web page';
  else if (lower.startsWith('<?xml') || lower.startsWith('<kml') || lower.startsWith('<gpx')) {
    what = 'XML (KML?)';
  } else if (/^\{\s*"/.test(start) || /^\[\s*[[{"]/.test(start)) what = 'JSON (GeoJSON?)';
  if (what) throw new BeatwiseError('csv.not_csv', `${inside} is not CSV: it looks like ${what}`, { file });
  return bom ? head.subarray(bom) : head;
}

async function checkGzipMagic(fh: FileHandle, file: string): Promise<void> {
  const magic = Buffer.alloc(2);
  const { bytesRead } = await fh.read(magic, 0, 2, 0);
  if (bytesRead === 0) throw new BeatwiseError('csv.empty', 'the file is empty (0 bytes)', { file });
  if (bytesRead < 2 || magic[0] !== 0x1f || magic[1] !== 0x8b) {
    throw new BeatwiseError(
      'csv.gzip',
      'the file is named .gz but is not gzip-compressed; rename it to .csv if it is plain CSV',
      { file },
    );
  }
}

function errorCode(e: unknown): string {
  return typeof e === 'object' && e !== null && 'code' in e ? String(e.code) : '';
}

function readError(file: string, e: unknown): BeatwiseError {
  const code = errorCode(e);
  const why =
    code === 'ENOENT'
      ? 'no such file'
      : code === 'EISDIR'
        ? 'it is a folder, not a file'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : e instanceof Error
            ? e.message
            : String(e);
  return new BeatwiseError('csv.read', `cannot read the file: ${why}`, { file }, { cause: code });
}

function gzipError(file: string, e: unknown): BeatwiseError {
  const code = errorCode(e);
  if (code.startsWith('Z_') || code === 'ERR_STREAM_PREMATURE_CLOSE') {
    const why =
      code === 'Z_BUF_ERROR' ? 'the compressed data is cut short (truncated download?)' : 'it is corrupt';
    return new BeatwiseError('csv.gzip', `cannot unpack the gzip file: ${why}`, { file }, { cause: code });
  }
  return readError(file, e);
}
