/**
 * The read side of a crime import (see import-batch.ts for the protocol): reads each file, checks
 * its header, validates rows (bad ones go to the rejects file with line, field and reason), projects
 * coordinates to BNG, places points in the force's areas, keys each row, numbers its labels and
 * places, and sends packed batches to the writer (which counts the monthly cube of the rows it stores). It runs on a worker thread
 * (import-worker.ts) for big imports, or on the calling thread for small ones: the same code.
 */
import { basename } from 'node:path';
import type { CsvBatch } from '../core/csv/reader.ts';
import { RawLineCursor, readCsv } from '../core/csv/reader.ts';
import { RejectsWriter } from '../core/csv/rejects.ts';
import { BeatwiseError, isBeatwiseError } from '../core/errors.ts';
import { toBNG, toWGS84 } from '../core/geo/bng.ts';
// The reader thread's one import from force/ is its assigner itself, not force/index.ts: the index
// brings in zod and the boundary readers, which would double the thread's start-up (see decisions.md).
import { Assigner } from '../force/assign.ts';
import { CATEGORIES } from './categories.ts';
import { isExtractHeader, makeExtractParser } from './extract.ts';
import { AreaNumbers } from './file-cube.ts';
import {
  AREAS,
  ContentKeys,
  EXTRACT_NUMBER_COLUMNS,
  errorData,
  type FromReader,
  idKeyAt,
  LABELS,
  MAX_IN_FLIGHT,
  newPackedBatch,
  type PackedBatch,
  PLACE_LABELS,
  type PlacingData,
  type ToReader,
} from './import-batch.ts';
import type { CrimeRecord, RowProblem } from './model.ts';
import { fileLimit, futureMonthReason, type LatestMonth } from './month-limit.ts';
import { isPoliceUkHeader, monthAt, parsePoliceUkRow, simpleDecimalAt, UK_BOUNDS } from './police-uk.ts';
import { RepeatLimit } from './repeat-limit.ts';
import { HarmWeights } from './weights.ts';

/** How the reader talks to the writer: a worker's parentPort, or a queue on the same thread. */
export interface ReaderPort {
  post(msg: FromReader, transfer: ArrayBuffer[]): void;
  onMessage(handler: (msg: ToReader) => void): void;
}

type Parse = (fields: string[], line: number) => CrimeRecord | RowProblem;
type Format = 'police-uk' | 'extract';

/** Starts a reader on `port`; it reads the files named by the writer's `start` message. */
export function runReader(port: ReaderPort): void {
  const reader = new Reader(port);
  port.onMessage((m) => reader.receive(m));
}

class Reader {
  private inFlight = 0;
  /** The writer's answer per file: the force id, or null = skip. */
  private readonly answers = new Map<number, number | null>();
  private readonly contexts = new Map<number, ForceContext>();
  private readonly fallsWithinOf = new Map<number, string>();
  private readonly forceByFallsWithin = new Map<string, number>();
  private lastForce: number | null = null;
  private forced = false;
  private fastLines = true;
  private latest: LatestMonth = { month: Number.MAX_SAFE_INTEGER, why: '' };
  private maxRepeats: number | undefined;
  private tokens: string[] = [];
  private wake: (() => void) | null = null;
  private readonly labels = new LabelNumbers();
  /** Batch memory the writer gave back (at most MAX_IN_FLIGHT: as many as batches in flight). */
  private readonly memory: ArrayBuffer[] = [];
  /** Batches packed so far in this import. */
  private packed = 0;

  constructor(private readonly port: ReaderPort) {}

  receive(m: ToReader): void {
    switch (m.t) {
      case 'start':
        this.forced = m.forced;
        this.fastLines = m.fastLines;
        if (m.latest) this.latest = m.latest;
        this.maxRepeats = m.maxRepeats;
        this.tokens = m.tokens ?? [];
        this.run(m.files, m.names, m.rejectsDir).catch((e: unknown) => {
          const err = e instanceof Error ? e : new Error(String(e));
          this.port.post({ t: 'crash', message: err.message, stack: err.stack }, []);
        });
        break;
      case 'ack':
        this.inFlight--;
        if (m.memory) this.memory.push(m.memory);
        break;
      case 'force': {
        if (m.placing) this.contexts.set(m.placing.forceId, new ForceContext(m.placing));
        this.answers.set(m.seq, m.forceId);
        this.lastForce = m.forceId;
        const fw = this.fallsWithinOf.get(m.seq);
        if (fw) this.forceByFallsWithin.set(fw, m.forceId);
        break;
      }
      case 'placing':
        this.contexts.set(m.placing.forceId, new ForceContext(m.placing));
        this.lastForce = m.placing.forceId;
        break;
      case 'skip':
        this.answers.set(m.seq, null);
        break;
    }
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private async until(ready: () => boolean): Promise<void> {
    while (!ready()) await new Promise<void>((resolve) => (this.wake = resolve));
  }

  private async run(files: string[], names: string[], rejectsDir: string): Promise<void> {
    for (let seq = 0; seq < files.length; seq++) {
      try {
        const limit = fileLimit(this.latest, names[seq]);
        const rejects = new RejectsWriter(rejectsDir, names[seq], this.tokens[seq]);
        await this.readFile(seq, files[seq], rejects, limit);
      } catch (e) {
        if (!isBeatwiseError(e)) throw e;
        this.port.post({ t: 'fail', seq, error: errorData(e) }, []);
      }
    }
  }

  /**
   * The force a file's rows are placed in. The writer names it (it may have to create the force),
   * but while it is still busy with earlier files the reader can go on with the force it named for
   * the same --force slug or the same "Falls within": that answer cannot change within one import.
   * The writer checks the force of each file before committing it.
   */
  private guess(seq: number): number | null {
    const answer = this.answers.get(seq);
    if (answer !== undefined) return answer;
    if (this.forced) return this.lastForce;
    return this.forceByFallsWithin.get(this.fallsWithinOf.get(seq) ?? '') ?? null;
  }

  /** `rejects` is only written to (so the file is only created) once rows are read. */
  private async readFile(
    seq: number,
    file: string,
    rejects: RejectsWriter,
    limit: LatestMonth,
  ): Promise<void> {
    const batches = readCsv(file, { rawLines: true });
    try {
      const head = await readHeader(file, batches);
      const fallsWithin = firstFallsWithin(head.first, head.parse);
      this.fallsWithinOf.set(seq, fallsWithin);
      this.port.post(
        {
          t: 'begin',
          seq,
          format: head.format,
          fallsWithin,
          synthetic: isSynthetic(file, head.header, head.first),
        },
        [],
      );
      await this.until(() => this.answers.get(seq) === null || this.guess(seq) !== null);
      const forceId = this.answers.get(seq) === null ? null : this.guess(seq);
      const ctx = forceId === null ? undefined : this.contexts.get(forceId);
      if (forceId === null || !ctx) {
        if (forceId !== null) throw new Error(`import reader: no placing data for force ${forceId}`);
        this.port.post({ t: 'end', seq, forceId: 0, warnings: [] }, []);
        return;
      }
      try {
        this.labels.restartIfBig();
        const packer = new FilePacker(
          ctx,
          this.labels,
          head.format,
          head.parse,
          rejects,
          this.fastLines,
          this.memory,
          limit,
          new RepeatLimit(file, this.maxRepeats),
        );
        let next: CsvBatch | undefined = head.first;
        while (next) {
          if (this.answers.get(seq) === null) break; // the writer gave up on this file
          // The import's first batch is small: the writer starts while this thread's code warms up.
          const first = this.packed++ === 0;
          packer.begin(first ? Math.min(rowsOf(next), FIRST_BATCH_ROWS) : Math.max(rowsOf(next), BATCH_ROWS));
          // Then the CSV reader's batches go on into the same packed batch while they fit: a real
          // police.uk file's quoted lines cut it into runs of a few hundred lines and single rows.
          for (;;) {
            packer.add(next, first ? FIRST_BATCH_ROWS : Number.POSITIVE_INFINITY);
            if (packer.more) break; // the rest of the same lines goes in the next packed batch
            const r = await batches.next();
            next = r.done ? undefined : r.value;
            if (!next || first || !packer.fits(rowsOf(next))) break;
          }
          const b = packer.finish();
          this.port.post({ t: 'batch', seq, batch: b }, [b.memory]);
          this.inFlight++;
          await this.until(() => this.inFlight < MAX_IN_FLIGHT);
        }
        const warning = packer.repeats.warning();
        await rejects.close(); // before 'end': the writer may add conflicts to the same file
        this.port.post({ t: 'end', seq, forceId, warnings: warning ? [warning] : [] }, []);
      } finally {
        await rejects.close();
      }
    } finally {
      await batches.return(undefined); // closes the file even when the header was refused
    }
  }
}

interface Head {
  format: Format;
  header: string[];
  parse: Parse;
  /** The first batch of data rows (the header taken off). */
  first: CsvBatch;
}

/** The header and the first data rows, or the reason the file cannot be imported at all. */
async function readHeader(file: string, batches: AsyncGenerator<CsvBatch>): Promise<Head> {
  const first = await batches.next();
  if (first.done || first.value.rows.length === 0) {
    throw new BeatwiseError('csv.empty', 'the file is empty', { file });
  }
  const header = first.value.rows[0];
  let format: Format;
  let parse: Parse;
  if (isPoliceUkHeader(header)) {
    format = 'police-uk';
    parse = parsePoliceUkRow;
  } else if (isExtractHeader(header)) {
    format = 'extract';
    const parser = makeExtractParser(header, file);
    parse = (f, l) => parser.parse(f, l);
  } else {
    throw new BeatwiseError(
      'import.unknown_format',
      `line 1 is not a header Beatwise knows: expected the 12 police.uk columns (Crime ID,Month,…) or a force extract (crime_reference,…; see docs/formats.md); found "${header.slice(0, 6).join(',')}"`,
      { file, line: 1 },
    );
  }
  if (first.value.rows.length === 1) {
    // The header was the only row of the first batch: peek for data.
    const next = await batches.next();
    if (next.done)
      throw new BeatwiseError('csv.header_only', 'the file has a header but no data rows', { file });
    return { format, header, parse, first: next.value };
  }
  const b = first.value;
  const rest: CsvBatch = { rows: b.rows.slice(1), lines: b.lines.slice(1) };
  if (b.tooLong) rest.tooLong = new Set([...b.tooLong].map((i) => i - 1));
  if (b.problems) rest.problems = new Map([...b.problems].map(([i, p]) => [i - 1, p]));
  if (b.spans) rest.spans = new Map([...b.spans].map(([i, n]) => [i - 1, n]));
  return { format, header, parse, first: rest };
}

/** The first valid row's "Falls within" ('' when none has one). */
function firstFallsWithin(batch: CsvBatch, parse: Parse): string {
  for (const [fields, line] of batchRows(batch)) {
    const r = parse(fields, line);
    if (!('reason' in r) && r.fallsWithin) return r.fallsWithin;
  }
  return '';
}

/** A batch's rows as fields and line, whether it came as rows or as raw lines. */
function* batchRows(batch: CsvBatch): Generator<[string[], number]> {
  if (batch.raw) {
    const c = new RawLineCursor(batch.raw);
    while (c.next()) yield [c.fields(), c.line];
  } else {
    for (let i = 0; i < batch.rows.length; i++) yield [batch.rows[i], batch.lines[i]];
  }
}

/**
 * A synthetic file says so: a `synthetic` column whose first value is Y/yes/true/1 (as
 * `beatwise synth` writes), or SYNTHETIC in the file name.
 */
function isSynthetic(file: string, header: string[], batch: CsvBatch): boolean {
  if (/synthetic/i.test(basename(file))) return true;
  const col = header.findIndex((h) => h.trim().toLowerCase() === 'synthetic');
  if (col < 0) return false;
  const first = batchRows(batch).next();
  return !first.done && /^(y|yes|true|1)$/i.test((first.value[0][col] ?? '').trim());
}

/** What placing a force's rows needs, built once per force from the writer's `PlacingData`. */
class ForceContext {
  readonly assigner: Assigner;
  readonly weights: HarmWeights;
  readonly forceArea: number;
  readonly places: PlaceCache;
  readonly areaNumbers: AreaNumbers;
  /** Place numbers of rows without a point, by their labels, in numbering generation `unlocatedGeneration`. */
  readonly unlocated = new Map<string, number>();
  unlocatedGeneration = 0;

  constructor(d: PlacingData) {
    this.assigner = Assigner.fromData(d.assigner);
    this.weights = new HarmWeights(d.categorySet, d.offenceSet);
    this.forceArea = d.forceArea;
    this.areaNumbers = new AreaNumbers(d.assigner.areas);
    this.places = new PlaceCache(this.assigner, this.areaNumbers);
  }
}

/** Recent texts remembered per label column (see LabelNumbers.number). */
const RECENT = 16;

/** Label texts or places a numbering holds before it starts again (bounds the reader's memory). */
const MAX_LABELS = 1 << 18;
const MAX_PLACES = 1 << 20;

/** Label columns the reader numbers: a crime's own (LABELS), then its place's (PLACE_LABELS). */
const NUMBERED_COLUMNS = LABELS + PLACE_LABELS;

/**
 * The reader's numbers for label texts and places, shared by the files of an import so that each
 * text and each place crosses to the writer once. Restarted between files when it holds MAX_LABELS
 * texts or MAX_PLACES places; the next batch then says so (`numbersReset`) and the writer forgets
 * its numbers too.
 */
class LabelNumbers {
  private readonly numbers = new Map<string, number>();
  /** Bumped at each restart (label and place words of place-cache records of an older generation are stale). */
  generation = 1;
  /** Texts numbered since the last batch was packed, in number order. */
  pending: string[] = [];
  /** The numbering restarted since the last batch was packed. */
  reset = false;
  /** Places numbered so far: the next place's number. */
  places = 0;
  private readonly lastText: string[] = new Array<string>(NUMBERED_COLUMNS).fill('\u0000');
  private readonly lastNumber = new Int32Array(NUMBERED_COLUMNS);
  /** Per column, the last RECENT distinct texts and their numbers (replaced round robin). */
  private readonly recentText: string[] = new Array<string>(NUMBERED_COLUMNS * RECENT).fill('\u0000');
  private readonly recentNumber = new Int32Array(NUMBERED_COLUMNS * RECENT);
  private readonly recentNext = new Int32Array(NUMBERED_COLUMNS);

  restartIfBig(): void {
    if (this.numbers.size < MAX_LABELS && this.places < MAX_PLACES) return;
    this.numbers.clear();
    this.places = 0;
    this.generation++;
    this.pending = [];
    this.reset = true;
    this.lastText.fill('\u0000');
    this.recentText.fill('\u0000');
  }

  /**
   * The number of a label of `column`. The same text as the column's last row is the usual case;
   * then one of its recent texts (an outcome, a crime type): comparing a few strings costs less
   * than one lookup in the map, which has to hash the text first.
   */
  number(column: number, text: string): number {
    if (text === this.lastText[column]) return this.lastNumber[column];
    const base = column * RECENT;
    let n = -1;
    for (let j = base; j < base + RECENT; j++) {
      if (this.recentText[j] === text) {
        n = this.recentNumber[j];
        break;
      }
    }
    if (n < 0) {
      n = this.lookUp(text);
      const j = base + this.recentNext[column];
      this.recentNext[column] = (this.recentNext[column] + 1) % RECENT;
      this.recentText[j] = copyString(text);
      this.recentNumber[j] = n;
    }
    this.lastText[column] = text;
    this.lastNumber[column] = n;
    return n;
  }

  /** `number` of the text at t[start, end), without cutting it out when it is a recent one. */
  numberAt(column: number, t: string, start: number, end: number): number {
    if (sameText(this.lastText[column], t, start, end)) return this.lastNumber[column];
    const base = column * RECENT;
    for (let j = base; j < base + RECENT; j++) {
      if (sameText(this.recentText[j], t, start, end)) {
        const n = this.recentNumber[j];
        this.lastText[column] = this.recentText[j];
        this.lastNumber[column] = n;
        return n;
      }
    }
    return this.number(column, t.slice(start, end));
  }

  lookUp(text: string): number {
    let n = this.numbers.get(text);
    if (n === undefined) {
      // A copy: `text` is a slice of a 1 MiB chunk of the file, which it would keep in memory.
      const own = copyString(text);
      n = this.numbers.size;
      this.numbers.set(own, n);
      this.pending.push(own);
    }
    return n;
  }
}

const CATEGORY_INDEX = new Map<string, number>(CATEGORIES.map((c, i) => [c, i]));

/** Rows a packed batch has room for, at least (one CSV batch of more gets a batch of its own size). */
const BATCH_ROWS = 4096;

/** The rows (or raw lines) of a CSV batch: what packing it needs room for, at most. */
function rowsOf(batch: CsvBatch): number {
  return batch.raw ? batch.raw.lines : batch.rows.length;
}

/**
 * Rows in an import's first batch. It is packed by cold code (~30 µs a row, ten times the warm
 * cost): a whole first chunk (~4,500 police.uk rows) kept the writer waiting ~0.13 s longer.
 */
const FIRST_BATCH_ROWS = 256;

/** Turns the rows of one file into packed batches. */
class FilePacker {
  /** Rows without an ID: their keys, counting repeats of the same content in this file. */
  private readonly contentKeys = new ContentKeys();
  // The batch being packed, its keys as 32-bit halves, and its crime IDs so far.
  private b!: PackedBatch;
  private halves: Uint32Array = new Uint32Array(0);
  private extra: string[] = [];
  /**
   * The batch's crime IDs are kept where they are: in `text` (the raw lines' text, for the fast
   * path; rows' idStart/idEnd are offsets in it until the batch is done) or, for rows parsed into
   * fields, in `extra` (such a row's idStart is -1 - its index in `extra` until then). The batch
   * sends the span of `text` from the first ID to the last, then `extra` (finishIds).
   */
  private text = '';
  /** Spans of the texts done with (sealText), their total length, and the first row of `text`. */
  private parts: string[] = [];
  private partsLength = 0;
  private textFromRow = 0;
  /** Where the first fast-path ID of the batch starts in `text` and the last ends (-1: none yet). */
  private firstId = -1;
  private lastId = 0;
  /** Where the commas of the police.uk line being packed are. */
  private readonly commas = new Int32Array(11);
  /** Crime type texts met on the fast path and their category numbers (exact police.uk names). */
  private readonly typeText: string[] = [];
  private readonly typeCategory: number[] = [];
  /** The point of the row being packed (locate; NaN = none). */
  private lon = Number.NaN;
  private lat = Number.NaN;
  private east = Number.NaN;
  private north = Number.NaN;

  constructor(
    private readonly ctx: ForceContext,
    private readonly labels: LabelNumbers,
    private readonly format: Format,
    private readonly parse: Parse,
    private readonly rejects: RejectsWriter,
    /** Take plain police.uk lines on the fast path (packPoliceUkLine). */
    private readonly fastLines: boolean,
    /** Batch memory the writer gave back, to pack the next batches in. */
    private readonly memory: ArrayBuffer[],
    /** The latest month a row may have (see month-limit.ts). */
    private readonly limit: LatestMonth,
    /** How often one row without an ID may repeat in the file. */
    readonly repeats: RepeatLimit,
  ) {
    this.maxMonth = limit.month;
  }

  private readonly maxMonth: number;

  /** The raw lines `pack` stopped in (at `maxRows`), to go on with at the next call. */
  private cursor: RawLineCursor | null = null;

  /** Whether the last `pack` left lines of its batch to pack (call it again with the same batch). */
  get more(): boolean {
    return this.cursor !== null;
  }

  /** The next rows of `batch` (at most `maxRows` of raw lines) as a packed batch. */
  /** Starts a packed batch with room for `rows` rows (add CSV batches, then finish). */
  begin(rows: number): void {
    const b = newPackedBatch(rows, this.format === 'extract', this.memory.pop());
    this.b = b;
    this.halves = new Uint32Array(b.key.buffer, b.key.byteOffset, b.key.length * 2);
    this.text = '';
    this.parts = [];
    this.partsLength = 0;
    this.textFromRow = 0;
    this.extra = [];
    this.firstId = -1;
    this.lastId = 0;
  }

  /** Whether `rows` more rows fit in the batch begun. */
  fits(rows: number): boolean {
    return this.b.read + rows <= this.b.month.length;
  }

  /** Packs the rows of `batch` (at most `maxRows` raw lines in all) into the batch begun. */
  add(batch: CsvBatch, maxRows = Number.POSITIVE_INFINITY): void {
    const raw = batch.raw;
    const b = this.b;
    if (raw && raw.text !== this.text) {
      this.sealText();
      this.text = raw.text;
    }
    if (raw) {
      const c = this.cursor ?? new RawLineCursor(raw);
      this.cursor = null;
      const fast = this.fastLines && this.format === 'police-uk';
      while (b.read < maxRows && c.next()) {
        if (fast && !c.quoted && this.packPoliceUkLine(c.text, c.start, c.end, c.line)) continue;
        this.packFields(c.fields(), c.line, null);
      }
      if (!c.done) this.cursor = c;
    } else {
      const { rows, lines, tooLong, problems, spans } = batch;
      for (let i = 0; i < rows.length; i++) {
        const fields = rows[i];
        const line = lines[i];
        let problem: RowProblem | null = null;
        if (problems?.has(i)) problem = { line, field: '(row)', reason: problems.get(i) as string };
        else if (tooLong?.has(i)) problem = { line, field: '(row)', reason: 'line is longer than 1 MiB' };
        const span = spans?.get(i);
        if (span !== undefined) {
          // One reject stands for the lines a bad quote spoiled; each counts as a row read and rejected.
          b.read += span - 1;
          b.rejected += span - 1;
          b.quoteLines += span;
        } else if (fields.length === 1 && fields[0] === '') continue; // a blank line is not a row
        this.packFields(fields, line, problem);
      }
    }
  }

  /** The batch begun, done: its IDs' text, and the labels and places it numbered first. */
  finish(): PackedBatch {
    const b = this.b;
    this.finishIds(b);
    b.newLabels = this.labels.pending;
    b.numbersReset = this.labels.reset;
    this.labels.pending = [];
    this.labels.reset = false;
    this.extra = [];
    this.parts = [];
    return b;
  }

  /**
   * Done with the current text (the next rows come from another chunk): its span of IDs joins
   * `parts`, and the fast-path rows since `textFromRow` get their offsets in the joined parts.
   */
  private sealText(): void {
    const b = this.b;
    if (this.firstId >= 0) {
      const shift = this.partsLength - this.firstId;
      for (let k = this.textFromRow; k < b.n; k++) {
        if (b.idStart[k] >= 0 && b.idEnd[k] > b.idStart[k]) {
          b.idStart[k] += shift;
          b.idEnd[k] += shift;
        }
      }
      const span = this.text.slice(this.firstId, this.lastId);
      this.parts.push(span);
      this.partsLength += span.length;
    }
    this.firstId = -1;
    this.lastId = 0;
    this.textFromRow = b.n;
  }

  /**
   * The batch's crime IDs as one text: the span of the lines' text from the first ID to the last
   * (one copy when the batch is sent, instead of a string per row and their join; only the span, as
   * a chunk's text can be shared by several batches), then the IDs of rows parsed into fields.
   */
  private finishIds(b: PackedBatch): void {
    this.sealText();
    const extraAt: number[] = [];
    let at = this.partsLength;
    for (const id of this.extra) {
      extraAt.push(at);
      at += id.length;
    }
    for (let k = 0; k < b.n; k++) {
      const start = b.idStart[k];
      if (start < 0) {
        const j = -1 - start;
        b.idStart[k] = extraAt[j];
        b.idEnd[k] = extraAt[j] + this.extra[j].length;
      }
    }
    b.crimeIds = this.parts.join('') + this.extra.join('');
  }

  /** One row as fields (the general path): parsed, then rejected or packed. */
  private packFields(fields: string[], line: number, problem: RowProblem | null): void {
    const b = this.b;
    b.read++;
    const rec = problem ?? this.parse(fields, line);
    if ('reason' in rec) {
      b.rejected++;
      this.rejects.write(rec.line, rec.field, rec.reason, fields);
      return;
    }
    if (rec.month > this.maxMonth) {
      const field = this.format === 'extract' ? 'recorded_at' : 'Month';
      b.rejected++;
      this.rejects.write(line, field, futureMonthReason(field, rec.month, this.limit), fields);
      return;
    }
    const k = b.n++;
    b.month[k] = rec.month;
    b.line[k] = line;
    const category = CATEGORY_INDEX.get(rec.category) ?? -1;
    b.category[k] = category;
    if (rec.crimeId) {
      idKeyAt(rec.crimeId, 0, rec.crimeId.length, this.halves, k);
      this.extra.push(rec.crimeId);
      b.idStart[k] = -this.extra.length; // -1 - its index
      b.idEnd[k] = 0;
    } else {
      const occurrence = this.contentKeys.ofString(
        `${rec.month}\u0000${fields.join('\u0001')}`,
        this.halves,
        k,
      );
      if (occurrence >= 0) this.repeats.see(occurrence, line);
      b.idStart[k] = 0;
      b.idEnd[k] = 0;
    }
    const at = this.locate(rec.lon, rec.lat, rec.easting, rec.northing, k);
    const l = k * LABELS;
    const labels = this.labels;
    b.labels[l] = labels.number(0, rec.reportedBy);
    b.labels[l + 1] = labels.number(1, rec.fallsWithin);
    b.labels[l + 2] = labels.number(2, rec.outcome);
    b.labels[l + 3] = labels.number(3, rec.context);
    b.place[k] = this.placeNumber(
      at,
      this.pointLabel(at, 0, rec.location, 0, rec.location.length),
      this.pointLabel(at, 1, rec.lsoaCode, 0, rec.lsoaCode.length),
      this.pointLabel(at, 2, rec.lsoaName, 0, rec.lsoaName.length),
    );
    if (b.extract) packExtract(rec, b.extract, k);
    const harm = this.ctx.weights.harmOf(category, rec.offenceCode);
    b.harm[k] = harm ?? Number.NaN;
  }

  /**
   * The fast path for a police.uk line without quotes: the same result as packFields on its fields,
   * read straight from the text (no field strings, no record object). Returns false, having
   * packed nothing, for any line it does not take as plainly valid (a wrong field count, month,
   * crime type or coordinates): packFields then parses it and says what is wrong.
   */
  private packPoliceUkLine(t: string, s: number, e: number, line: number): boolean {
    const cm = this.commas;
    let p = s;
    for (let f = 0; f < 11; f++) {
      const c = t.indexOf(',', p);
      if (c === -1 || c >= e) return false;
      cm[f] = c;
      p = c + 1;
    }
    const extra = t.indexOf(',', p);
    if (extra !== -1 && extra < e) return false;
    if (cm[1] - cm[0] !== 8) return false;
    const month = monthAt(t, cm[0] + 1);
    if (month < 0 || month > this.maxMonth) return false;
    const category = this.categoryAt(t, cm[8] + 1, cm[9]);
    if (category < 0) return false;
    let lon: number | null = null;
    let lat: number | null = null;
    const lonStart = cm[3] + 1;
    const latStart = cm[4] + 1;
    if (cm[4] > lonStart || cm[5] > latStart) {
      const x = simpleDecimalAt(t, lonStart, cm[4]);
      const y = simpleDecimalAt(t, latStart, cm[5]);
      const u = UK_BOUNDS;
      if (!(x >= u.minLon && x <= u.maxLon && y >= u.minLat && y <= u.maxLat)) return false; // NaN too
      lon = x;
      lat = y;
    }
    const b = this.b;
    b.read++;
    const k = b.n++;
    b.month[k] = month;
    b.line[k] = line;
    b.category[k] = category;
    if (cm[0] > s) {
      // The ID stays in the text (t is this.text): the writer cuts it out.
      idKeyAt(t, s, cm[0], this.halves, k);
      b.idStart[k] = s;
      b.idEnd[k] = cm[0];
      if (this.firstId < 0) this.firstId = s;
      this.lastId = cm[0];
    } else {
      const occurrence = this.contentKeys.ofLine(month, t, s, e, this.halves, k);
      if (occurrence >= 0) this.repeats.see(occurrence, line);
      b.idStart[k] = 0;
      b.idEnd[k] = 0;
    }
    const at = this.locate(lon, lat, null, null, k);
    const l = k * LABELS;
    const labels = this.labels;
    b.labels[l] = labels.numberAt(0, t, cm[1] + 1, cm[2]);
    b.labels[l + 1] = labels.numberAt(1, t, cm[2] + 1, cm[3]);
    b.labels[l + 2] = labels.numberAt(2, t, cm[9] + 1, cm[10]);
    b.labels[l + 3] = labels.numberAt(3, t, cm[10] + 1, e);
    b.place[k] = this.placeNumber(
      at,
      this.pointLabel(at, 0, t, cm[5] + 1, cm[6]),
      this.pointLabel(at, 1, t, cm[6] + 1, cm[7]),
      this.pointLabel(at, 2, t, cm[7] + 1, cm[8]),
    );
    const harm = this.ctx.weights.harmOf(category, null);
    b.harm[k] = harm ?? Number.NaN;
    return true;
  }

  /** The category of the crime type at t[start, end) if it is exactly a police.uk name, else -1. */
  private categoryAt(t: string, start: number, end: number): number {
    const texts = this.typeText;
    for (let j = 0; j < texts.length; j++) {
      if (sameText(texts[j], t, start, end)) return this.typeCategory[j];
    }
    const text = t.slice(start, end);
    const category = CATEGORY_INDEX.get(text);
    if (category === undefined) return -1;
    texts.push(copyString(text));
    this.typeCategory.push(category);
    return category;
  }

  /**
   * The number of the row's place: its point's cache record (`at`; -1 = no point) with the labels the
   * row gave it (location, LSOA code and name numbers). The usual case is the place of the last row
   * at the point, held in its record.
   */
  private placeNumber(at: number, l0: number, l1: number, l2: number): number {
    const generation = this.labels.generation;
    if (at < 0) {
      const ctx = this.ctx;
      if (ctx.unlocatedGeneration !== generation) {
        ctx.unlocated.clear();
        ctx.unlocatedGeneration = generation;
      }
      const key = `${l0},${l1},${l2}`;
      let n = ctx.unlocated.get(key);
      if (n === undefined) {
        n = this.newPlace(-1, l0, l1, l2);
        ctx.unlocated.set(key, n);
      }
      return n;
    }
    const places = this.ctx.places;
    const rec = places.rec;
    const m = places.labelWords;
    const g = (at + R_PLACE) * 2;
    // A record keyed by easting/northing alone (FROM_BNG_KEEP) holds rows given different lon/lat.
    const keep = rec[at] === FROM_BNG_KEEP;
    if (
      m[g] === generation &&
      m[g + 2] === l0 &&
      m[g + 3] === l1 &&
      m[g + 4] === l2 &&
      (!keep || (rec[at + R_GIVEN] === this.lon && rec[at + R_GIVEN + 1] === this.lat))
    ) {
      return m[g + 1];
    }
    const n = this.newPlace(at, l0, l1, l2);
    m[g] = generation;
    m[g + 1] = n;
    m[g + 2] = l0;
    m[g + 3] = l1;
    m[g + 4] = l2;
    if (keep) {
      rec[at + R_GIVEN] = this.lon;
      rec[at + R_GIVEN + 1] = this.lat;
    }
    return n;
  }

  /** Numbers a place met for the first time and adds it to the batch's new places. */
  private newPlace(at: number, l0: number, l1: number, l2: number): number {
    const b = this.b;
    const j = b.newPlaces++;
    const l = j * PLACE_LABELS;
    b.placeLabels[l] = l0;
    b.placeLabels[l + 1] = l1;
    b.placeLabels[l + 2] = l2;
    const c = j * 4;
    b.placeCoords[c] = this.lon;
    b.placeCoords[c + 1] = this.lat;
    b.placeCoords[c + 2] = this.east;
    b.placeCoords[c + 3] = this.north;
    const a = j * AREAS;
    if (at < 0) {
      b.placePlacement[j] = 1; // unlocated: counted at force level only
      b.placeAreas.fill(0, a, a + AREAS); // the batch's memory may hold an earlier batch's
      return this.labels.places++;
    }
    const places = this.ctx.places;
    const rec = places.rec;
    b.placePlacement[j] = rec[at + R_PLACEMENT];
    const ids = this.ctx.areaNumbers.id;
    for (let q = 0; q < AREAS; q++) {
      const x = rec[at + R_AREAS + q];
      b.placeAreas[a + q] = x < 0 ? 0 : ids[x];
    }
    const impactAt = rec[at + R_IMPACT];
    if (impactAt >= 0) {
      b.placeImpact ??= new Array<string | null>(b.place.length).fill(null);
      b.placeImpact[j] = places.impactText[impactAt];
    }
    return this.labels.places++;
  }

  /**
   * The number of a label that goes with the map point (its location and LSOA). The usual case is
   * the text of the last row at that point, found by its fingerprint in one cache line instead of a
   * lookup in the label map (which misses the CPU caches at every row). Two different texts at the
   * same point with the same length and 64-bit fingerprint would be taken for one another: about
   * 2⁻⁶⁴ per change of text at a point.
   */
  private pointLabel(at: number, which: number, t: string, start: number, end: number): number {
    const labels = this.labels;
    if (at < 0) return labels.numberAt(LABELS + which, t, start, end);
    let h1 = 0x811c9dc5;
    let h2 = 0x01000193 ^ (end - start);
    // Two characters (UTF-16 code units) per step: half the multiplications.
    let i = start;
    for (; i + 1 < end; i += 2) {
      const c = t.charCodeAt(i) | (t.charCodeAt(i + 1) << 16);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      h2 ^= h2 >>> 15;
    }
    if (i < end) {
      const c = t.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    }
    const m = this.ctx.places.labelWords;
    const g = (at + R_LABELS) * 2; // the record's label words
    const l = g + 1 + which * 3;
    if (m[g] === labels.generation && m[l] === h1 && m[l + 1] === h2 && m[l + 2] >= 0) return m[l + 2];
    const n = labels.lookUp(t.slice(start, end));
    if (m[g] !== labels.generation) {
      m[g] = labels.generation;
      m.fill(-1, g + 1, g + LABEL_WORDS); // forget the other labels' numbers: they were a restarted numbering's
    }
    m[l] = h1;
    m[l + 1] = h2;
    m[l + 2] = n;
    return n;
  }

  /**
   * Finds row k's point (kept in lon, lat, east, north) and placement; returns its record in the
   * place cache (an index into `rec`), or -1 when the row has no location.
   */
  private locate(
    lon: number | null,
    lat: number | null,
    e: number | null,
    n: number | null,
    k: number,
  ): number {
    const b = this.b;
    let at = -1;
    const cache = this.ctx.places;
    const rec = cache.rec;
    if (lon !== null && lat !== null && (e === null || n === null)) {
      at = cache.get(lon, lat, FROM_LONLAT);
      e = rec[at + R_X];
      n = rec[at + R_Y];
    } else if (e !== null && n !== null) {
      const both = lon !== null && lat !== null;
      at = cache.get(e, n, both ? FROM_BNG_KEEP : FROM_BNG);
      if (!both) {
        lon = rec[at + R_X];
        lat = rec[at + R_Y];
      }
    }
    this.lon = lon ?? Number.NaN;
    this.lat = lat ?? Number.NaN;
    this.east = e ?? Number.NaN;
    this.north = n ?? Number.NaN;
    b.placement[k] = at < 0 ? 1 : rec[at + R_PLACEMENT]; // 1: unlocated, counted at force level only
    return at;
  }
}

const EXTRACT_NUMBERS = EXTRACT_NUMBER_COLUMNS.length;

function packExtract(r: CrimeRecord, x: NonNullable<PackedBatch['extract']>, k: number): void {
  x.offenceCode[k] = r.offenceCode;
  x.offenceSubcode[k] = r.offenceSubcode;
  const o = k * EXTRACT_NUMBERS;
  const num = (v: number | boolean | null) =>
    v === null ? Number.NaN : v === true ? 1 : v === false ? 0 : v;
  x.numbers[o] = num(r.occurredFrom);
  x.numbers[o + 1] = num(r.occurredTo);
  x.numbers[o + 2] = num(r.recordedAt);
  x.numbers[o + 3] = num(r.attendedAt);
  x.numbers[o + 4] = num(r.victimAge);
  x.numbers[o + 5] = num(r.vulnerable);
  x.numbers[o + 6] = num(r.domestic);
  x.numbers[o + 7] = num(r.declinedAttendance);
}

/** A copy of a string that does not share the memory of the string it came from. */
function copyString(s: string): string {
  return s.length < 13 ? s : ` ${s}`.slice(1);
}

/** Cache keys: which pair the point was given as (the other pair is computed). */
const FROM_LONLAT = 1;
const FROM_BNG = 2;
/** Both pairs given: only the placement is computed (from easting/northing). */
const FROM_BNG_KEEP = 3;

const CACHE_SLOTS = 1 << 17;
/**
 * One cache record (Float64 words): kind (0 = empty), key a, key b, computed x, computed y,
 * placement, the area of each assigned level as an area number (AreaNumbers; -1 = none), the index
 * of its Impact Areas in `impactLists` (-1 = none), then the labels last seen at the point (see
 * FilePacker.pointLabel) as 32-bit words: the numbering generation (LabelNumbers), then per label
 * (location, LSOA code, LSOA name) a 64-bit fingerprint of its text and its number; then the last
 * place numbered at the point (FilePacker.placeNumber) as 32-bit words: generation (0 = none),
 * number, its three label numbers and a spare word; then, for FROM_BNG_KEEP records, that place's
 * given lon and lat. 23 words = 184 bytes, in one place: one random read per row.
 */
const REC = 23;
const R_X = 3;
const R_Y = 4;
const R_PLACEMENT = 5;
const R_AREAS = 6;
const R_IMPACT = R_AREAS + AREAS;
/** Where a record's label words start (in Float64 words), and how many 32-bit words they take. */
const R_LABELS = R_IMPACT + 1;
const LABEL_WORDS = 1 + 3 * 3;
/** Where a record's place words start (in Float64 words: 6 32-bit words), and its given lon/lat. */
const R_PLACE = R_LABELS + LABEL_WORDS / 2;
const R_GIVEN = R_PLACE + 3;

/**
 * Where points fall, remembered: police.uk rows sit on a fixed set of anonymised map points (tens
 * of thousands per force for millions of crimes), so most rows repeat a point already projected and
 * placed. An open-addressing table keyed by the exact coordinates; emptied when half full, so its
 * memory stays fixed (19 MB).
 */
export class PlaceCache {
  readonly rec = new Float64Array(CACHE_SLOTS * REC);
  /** The same memory as 32-bit words, for the records' label words. */
  readonly labelWords = new Int32Array(this.rec.buffer);
  /** Impact Areas of cached points: ids joined ("12,15"). */
  readonly impactText: string[] = [];
  private filled = 0;
  private readonly bits = new Float64Array(2);
  private readonly words = new Int32Array(this.bits.buffer);
  private readonly placed = Assigner.emptyPlacement();

  constructor(
    private readonly assigner: Assigner,
    private readonly numbers: AreaNumbers,
  ) {}

  /** The record (its first word's index in `rec`) for (a, b) of `kind`, computed on a miss. */
  get(a: number, b: number, kind: number): number {
    this.bits[0] = a;
    this.bits[1] = b;
    const w = this.words;
    let h = Math.imul(w[0] ^ kind, 0x9e3779b1);
    h = Math.imul(h ^ w[1] ^ (h >>> 15), 0x85ebca77);
    h = Math.imul(h ^ w[2] ^ (h >>> 13), 0xc2b2ae3d);
    h = Math.imul(h ^ w[3] ^ (h >>> 16), 0x27d4eb2f);
    h ^= h >>> 15;
    const mask = CACHE_SLOTS - 1;
    const rec = this.rec;
    let slot = h & mask;
    for (;;) {
      const at = slot * REC;
      const k = rec[at];
      if (k === 0) break;
      if (k === kind && rec[at + 1] === a && rec[at + 2] === b) return at;
      slot = (slot + 1) & mask;
    }
    if (this.filled >= CACHE_SLOTS / 2) {
      for (let i = 0; i < rec.length; i += REC) rec[i] = 0;
      this.impactText.length = 0;
      this.filled = 0;
      slot = h & mask;
    }
    this.filled++;
    const at = slot * REC;
    rec[at] = kind;
    rec[at + 1] = a;
    rec[at + 2] = b;
    this.compute(at, a, b, kind);
    return at;
  }

  private compute(at: number, a: number, b: number, kind: number): void {
    const rec = this.rec;
    this.labelWords[(at + R_PLACE) * 2] = 0; // no place yet (the slot may hold an earlier point's)
    let e = a;
    let n = b;
    if (kind === FROM_LONLAT) {
      [e, n] = toBNG(a, b);
      rec[at + R_X] = e;
      rec[at + R_Y] = n;
    } else if (kind === FROM_BNG) {
      const [lon, lat] = toWGS84(a, b);
      rec[at + R_X] = lon;
      rec[at + R_Y] = lat;
    }
    const p = this.assigner.place(e, n, this.placed);
    rec[at + R_IMPACT] = -1;
    if (p.outside) {
      rec[at + R_PLACEMENT] = 2;
      rec.fill(-1, at + R_AREAS, at + R_AREAS + AREAS);
      return;
    }
    rec[at + R_PLACEMENT] = 0;
    const ids = p.ids;
    const num = this.numbers;
    rec[at + R_AREAS] = num.of(ids.lsoa);
    rec[at + R_AREAS + 1] = num.of(ids.msoa);
    rec[at + R_AREAS + 2] = num.of(ids.ward);
    rec[at + R_AREAS + 3] = num.of(ids.district);
    rec[at + R_AREAS + 4] = num.of(ids.team);
    rec[at + R_AREAS + 5] = num.of(ids.unit);
    if (p.impactAreas.length) {
      rec[at + R_IMPACT] = this.impactText.length;
      this.impactText.push(p.impactAreas.join(','));
    }
  }
}

/** Whether `a` is the text at t[start, end). */
function sameText(a: string, t: string, start: number, end: number): boolean {
  const n = end - start;
  if (a.length !== n) return false;
  for (let i = 0; i < n; i++) if (a.charCodeAt(i) !== t.charCodeAt(start + i)) return false;
  return true;
}
