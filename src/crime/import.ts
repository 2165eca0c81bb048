/**
 * The crime importer: police.uk street-level files and force extracts into the store, one
 * transaction per file (a file lands whole or not at all), rows = loaded + duplicates + conflicts +
 * rejected, re-importing adds nothing, rejects go to the import's own `<rejectsDir>/<file>.<token>.csv`,
 * and the monthly cube is kept up to date as rows land.
 *
 * It runs as two halves (see import-batch.ts): a reader (import-read.ts) that reads, validates,
 * projects, places and keys rows, and this writer, which turns packed batches into store rows and
 * counts the cube of the rows it stored, inside each file's transaction. For big imports the reader runs on a worker thread
 * (import-worker.ts), so reading the next rows overlaps with storing the last ones.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ResourceLimits } from 'node:worker_threads';
import type { Kysely } from 'kysely';
import { RejectsWriter, rejectsPathOf } from '../core/csv/rejects.ts';
import { dataDir } from '../core/data-dir.ts';
import { BeatwiseError, isBeatwiseError } from '../core/errors.ts';
import type { Database } from '../core/store/schema.ts';
import type { BulkWriter, CrimeColumn, CrimeInserter, CrimeValue, Store } from '../core/store/store.ts';
import { startWorker } from '../core/worker.ts';
import {
  Assigner,
  checkForceSlug,
  ensureForce,
  findForce,
  forceSlugFromName,
  howToCreateForce,
} from '../force/index.ts';
import { forceAreaId } from './cube.ts';
import { AreaNumbers, FileCube } from './file-cube.ts';
import {
  EXTRACT_NUMBER_COLUMNS,
  errorFromData,
  type FromReader,
  LABEL_COLUMNS,
  LABELS,
  type PackedBatch,
  type PlacingData,
  type ToReader,
} from './import-batch.ts';
import { orNull, PlaceNumbers } from './import-places.ts';
import { type ReaderPort, runReader } from './import-read.ts';
import { FileBlocks } from './month-blocks.ts';
import { latestMonth } from './month-limit.ts';
import { RepeatLimit } from './repeat-limit.ts';
import { forceWeights } from './weights-store.ts';

/** The counts an import reports, per file and in total: rows = loaded + duplicates + conflicts + rejected. */
export interface ImportCounts {
  /** Rows read: records, plus every further physical line a bad quote spoiled. */
  rows: number;
  loaded: number;
  duplicates: number;
  rejected: number;
  /** Of `loaded`: without coordinates. */
  unlocated: number;
  /** Of `loaded`: outside the force's areas. */
  outside: number;
  /** Of `rejected`: physical lines a bad quote (unclosed, or text after its closing quote) spoiled. */
  badQuoteLines: number;
  /**
   * Rows whose Crime ID was already stored (from this file or an earlier import) with other
   * content: the stored crime takes the later row's outcome, and the row is listed in the rejects
   * file. rows = loaded + duplicates + conflicts + rejected.
   */
  conflicts: number;
}

export interface FileResult {
  file: string;
  force?: string;
  format?: 'police-uk' | 'extract';
  counts: ImportCounts;
  /** The import's id in the imports table (0 when the file was not imported). */
  importId?: number;
  /** The file's rejects file, when it had rejected rows or conflicts. */
  rejectsFile?: string;
  /** The unguessable token that names the rejects file (and downloads it: /api/imports/rejects/:token). */
  rejectsToken?: string;
  /** What looked wrong but did not stop the file (e.g. one row repeated implausibly often). */
  warnings?: string[];
  /** Set when the file could not be imported at all (nothing of it was loaded). */
  error?: BeatwiseError;
}

export interface ImportOptions {
  /** Force slug; when absent, the file's "Falls within" names it. */
  force?: string;
  /**
   * Create the force when the store does not know it (named by `force`, or by "Falls within" slugged
   * as police.uk does). Off by default: a file naming an unknown force is refused, saying how to
   * create it. The HTTP upload never sets it.
   */
  createForce?: boolean;
  /** The name the imports list and rejects file know the file by (default its path), e.g. an upload's own name. */
  sourceName?: string;
  /** Folder for rejects files (one CSV per input file). */
  rejectsDir: string;
  onProgress?: (p: { file: string; rows: number }) => void;
  /**
   * What placing rows in a force needs (its areas, its weights), kept across the files of one run
   * and across runs that pass the same map: reading every boundary once per force, not per file.
   */
  cache?: Map<number, PlacingData>;
  /**
   * Read and place rows on a worker thread while this thread stores them. Default: when the files
   * hold at least 32 MB (~140,000 police.uk rows): below that, starting the worker (~0.3 s from the
   * TypeScript sources) costs more than the overlap saves.
   */
  worker?: boolean;
  /** Limits of the reader's worker thread (its heap), when it has one: an upload's import bounds it. */
  readerLimits?: ResourceLimits;
  /**
   * Read plain police.uk lines straight from the text (default). false sends every row through the
   * general parser, as the tests do to hold the two paths equal.
   */
  fastLines?: boolean;
  /**
   * The latest month a row may have, 'YYYY-MM' (default: today's month in Europe/London, from
   * `now`). Rows after it, or after a police.uk file's own month (its name), are rejected.
   */
  latestMonth?: string;
  /** The clock (default: the system's): only for today's month. */
  now?: () => Date;
  /**
   * How often one row without a Crime ID may repeat in a file (default 10,000; a warning from a
   * tenth of it): a file past it is not imported.
   */
  maxRepeats?: number;
}

/** Inputs at least this big are read on a worker thread unless `worker` says otherwise. */
const WORKER_MIN_BYTES = 32 * 1024 * 1024;

async function placingFor(
  store: Store,
  forceId: number,
  cache: Map<number, PlacingData>,
): Promise<PlacingData> {
  const hit = cache.get(forceId);
  if (hit) return hit;
  const placing = await loadPlacing(store.db, forceId);
  cache.set(forceId, placing);
  return placing;
}

/**
 * A force's placing data: its areas' polygon indexes are built here, on the writing thread, which
 * has nothing else to do while the reader's thread starts (~0.1 s for the West Midlands' 1,843
 * boundaries, that the reader would otherwise spend before its first row).
 */
export async function loadPlacing(db: Kysely<Database>, forceId: number): Promise<PlacingData> {
  const { areas, members } = await Assigner.loadRows(db, forceId);
  const weights = await forceWeights(db, forceId, dataDir());
  return {
    forceId,
    forceArea: await forceAreaId(db, forceId),
    assigner: new Assigner(areas, members).toData(),
    categorySet: weights.categorySet,
    offenceSet: weights.offenceSet,
  };
}

export function zeroCounts(): ImportCounts {
  return {
    rows: 0,
    loaded: 0,
    duplicates: 0,
    conflicts: 0,
    rejected: 0,
    unlocated: 0,
    outside: 0,
    badQuoteLines: 0,
  };
}

export function addCounts(into: ImportCounts, c: ImportCounts): void {
  into.rows += c.rows;
  into.loaded += c.loaded;
  into.duplicates += c.duplicates;
  into.rejected += c.rejected;
  into.unlocated += c.unlocated;
  into.outside += c.outside;
  into.badQuoteLines += c.badQuoteLines;
  into.conflicts += c.conflicts;
}

/** The CSV files named: files as given, folders searched (recursively) for .csv and .csv.gz. */
export function expandCrimeFiles(paths: string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(p);
    } catch {
      throw new BeatwiseError('import.not_found', `no such file or folder: ${p}`, { file: p });
    }
    if (!st.isDirectory()) {
      out.push(p);
      continue;
    }
    const found: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir).sort()) {
        const full = join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else if (/\.csv(\.gz)?$/i.test(name)) found.push(full);
      }
    };
    walk(p);
    if (found.length === 0)
      throw new BeatwiseError('import.empty_folder', `no .csv or .csv.gz files in ${p}`, { file: p });
    out.push(...found);
  }
  return out;
}

/** Imports each file in its own transaction; a file that fails entirely is reported and skipped. */
export async function importCrimeFiles(
  store: Store,
  paths: string[],
  opts: ImportOptions,
): Promise<FileResult[]> {
  return runImport(store, expandCrimeFiles(paths), opts, false);
}

/** Reads, validates, places and stores one file, atomically: all its good rows land, or none. */
export async function importCrimeFile(store: Store, file: string, opts: ImportOptions): Promise<FileResult> {
  const [result] = await runImport(store, [file], opts, true);
  return result;
}

async function runImport(
  store: Store,
  files: string[],
  opts: ImportOptions,
  rethrow: boolean,
): Promise<FileResult[]> {
  if (files.length === 0) return [];
  // A big import: the reader on a worker thread, and the store set for a long run of transactions.
  if (opts.worker ?? totalBytes(files) >= WORKER_MIN_BYTES)
    return store.bulkLoad(() => importWith(workerReader(opts.readerLimits), store, files, opts, rethrow));
  return importWith(inlineReader(), store, files, opts, rethrow);
}

async function importWith(
  reader: ReaderHandle,
  store: Store,
  files: string[],
  opts: ImportOptions,
  rethrow: boolean,
): Promise<FileResult[]> {
  const results: FileResult[] = [];
  const run: Run = {
    store,
    reader,
    opts,
    cache: opts.cache ?? new Map(),
    sent: new Set(),
    labelTexts: [],
    labelIds: [],
    places: new PlaceNumbers(),
    areaNumbers: new Map(),
    tokens: files.map(() => randomBytes(16).toString('hex')),
  };
  const latest = latestMonth((opts.now ?? (() => new Date()))(), opts.latestMonth);
  try {
    if (opts.maxRepeats !== undefined) RepeatLimit.check(opts.maxRepeats);
    reader.send({
      t: 'start',
      tokens: run.tokens,
      latest,
      maxRepeats: opts.maxRepeats,
      files,
      names: files.map((f) => opts.sourceName ?? f),
      rejectsDir: opts.rejectsDir,
      forced: opts.force !== undefined,
      fastLines: opts.fastLines ?? true,
    });
    if (opts.force) {
      // The usual case: the force is known, so its areas can go to the reader while it starts.
      const known = await findForce(store.db, opts.force);
      if (known) {
        reader.send({ t: 'placing', placing: await placingFor(store, known.id, run.cache) });
        run.sent.add(known.id);
      }
    }
    for (let seq = 0; seq < files.length; seq++) {
      try {
        results.push(await importOne(run, seq, files[seq]));
      } catch (e) {
        if (rethrow || !isBeatwiseError(e)) throw e;
        results.push({ file: files[seq], counts: zeroCounts(), error: e });
      }
    }
  } finally {
    await reader.close();
  }
  return results;
}

function totalBytes(files: string[]): number {
  let sum = 0;
  for (const f of files) {
    try {
      sum += statSync(f).size;
    } catch {
      // a missing file is reported by the reader, with its name
    }
  }
  return sum;
}

interface Run {
  store: Store;
  reader: ReaderHandle;
  opts: ImportOptions;
  cache: Map<number, PlacingData>;
  /** Forces whose placing data the reader already has. */
  sent: Set<number>;
  /** The reader's label numbering: text and store id (-1 = not looked up yet) by number. */
  labelTexts: string[];
  labelIds: number[];
  /** The reader's place numbering. */
  places: PlaceNumbers;
  /** Per force, its area numbers (for counting cubes). */
  areaNumbers: Map<number, AreaNumbers>;
  /** Per file, the unguessable token its rejects file is named by and downloaded with. */
  tokens: string[];
}

/**
 * Takes in the label texts and places a batch brings (every batch, written or not, to keep the
 * numberings).
 */
function takeNumbers(run: Run, b: PackedBatch): void {
  if (b.numbersReset) {
    run.labelTexts.length = 0;
    run.labelIds.length = 0;
    run.places.clear();
  }
  for (const text of b.newLabels) {
    run.labelTexts.push(text);
    run.labelIds.push(-1);
  }
  run.places.take(b);
}

/** A force's area numbers for counting cubes, made once per force and run. */
function areaNumbersOf(run: Run, placing: PlacingData): AreaNumbers {
  let numbers = run.areaNumbers.get(placing.forceId);
  if (!numbers) {
    numbers = new AreaNumbers(placing.assigner.areas);
    run.areaNumbers.set(placing.forceId, numbers);
  }
  return numbers;
}

/** One file: its force, then its batches inside one transaction. */
async function importOne(run: Run, seq: number, file: string): Promise<FileResult> {
  const { store, reader, opts } = run;
  const begin = await reader.receive(seq);
  if (begin.t === 'fail') throw errorFromData(begin.error);
  if (begin.t !== 'begin') throw protocolError(begin);
  let ended = false;
  let created: number | null = null;
  try {
    const { force, isNew } = await resolveForce(store, file, begin.fallsWithin, opts);
    if (isNew) created = force.id;
    const placing = await placingFor(store, force.id, run.cache);
    reader.send({ t: 'force', seq, forceId: force.id, placing: run.sent.has(force.id) ? null : placing });
    run.sent.add(force.id);
    const counts = zeroCounts();
    let warnings: string[] = [];
    let importId = 0;
    await store.transaction(async (tx, bulk) => {
      const imp = await tx
        .insertInto('imports')
        .values({
          force_id: force.id,
          kind: 'crimes',
          file: opts.sourceName ?? file,
          format: begin.format,
          started_at: new Date().toISOString(),
          synthetic: begin.synthetic ? 1 : 0,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      importId = imp.id;
      const cube = new FileCube(areaNumbersOf(run, placing), placing.forceArea);
      const writer = new BatchWriter(bulk, begin.format, force.id, imp.id, cube, run);
      for (;;) {
        const m = await reader.receive(seq);
        if (m.t === 'batch') {
          takeNumbers(run, m.batch);
          await writer.write(m.batch, counts);
          reader.send({ t: 'ack', memory: m.batch.memory }, [m.batch.memory]);
          opts.onProgress?.({ file, rows: counts.rows });
          continue;
        }
        ended = true;
        if (m.t === 'fail') throw errorFromData(m.error);
        if (m.t !== 'end') throw protocolError(m);
        if (m.forceId !== force.id) {
          throw new Error(`import: rows of ${file} were placed in force ${m.forceId}, not ${force.id}`);
        }
        writer.finish();
        writer.listConflicts(opts.rejectsDir, opts.sourceName ?? file, run.tokens[seq]);
        warnings = m.warnings;
        await writer.blocks.commit(tx);
        break;
      }
      await tx
        .updateTable('imports')
        .set({
          rows: counts.rows,
          loaded: counts.loaded,
          duplicates: counts.duplicates,
          rejected: counts.rejected,
          unlocated: counts.unlocated,
          outside: counts.outside,
          bad_quote_lines: counts.badQuoteLines,
          conflicts: counts.conflicts,
          rejects_token: counts.rejected + counts.conflicts > 0 ? run.tokens[seq] : null,
          finished_at: new Date().toISOString(),
        })
        .where('id', '=', imp.id)
        .execute();
    });
    const result: FileResult = { file, importId, force: force.slug, format: begin.format, counts };
    if (counts.rejected + counts.conflicts > 0) {
      result.rejectsFile = rejectsPathOf(opts.rejectsDir, opts.sourceName ?? file, run.tokens[seq]);
      result.rejectsToken = run.tokens[seq];
    }
    if (warnings.length) result.warnings = warnings;
    return result;
  } catch (e) {
    // Label and place ids looked up in the transaction that rolled back may be gone: look them up again.
    run.labelIds.fill(-1);
    run.places.forgetIds();
    if (!ended) await skipRest(run, seq);
    // A force created for this file goes with it: a failed import leaves nothing behind.
    if (created !== null) await forgetForce(run, created);
    // Nothing of the file is stored: its rejects would describe no import.
    rmSync(rejectsPathOf(opts.rejectsDir, opts.sourceName ?? file, run.tokens[seq]), { force: true });
    throw e;
  }
}

/** Tells the reader to stop reading file `seq` and waits until it has. */
async function skipRest(run: Run, seq: number): Promise<void> {
  run.reader.send({ t: 'skip', seq });
  for (;;) {
    const m = await run.reader.receive(seq);
    if (m.t === 'batch') {
      takeNumbers(run, m.batch);
      run.reader.send({ t: 'ack', memory: m.batch.memory }, [m.batch.memory]);
    } else if (m.t === 'end' || m.t === 'fail') return;
  }
}

function protocolError(m: FromReader): Error {
  return new Error(`import: unexpected message from the reader: ${m.t}`);
}

/**
 * The force named by --force, else by the first data row's "Falls within"; created only when the
 * import says so (`createForce`), else a force the store does not know is refused.
 */
async function resolveForce(store: Store, file: string, fallsWithin: string, opts: ImportOptions) {
  const slug = opts.force;
  if (slug) {
    checkForceSlug(slug, { field: 'force' });
    const known = await findForce(store.db, slug);
    if (known) return { force: known, isNew: false };
  }
  if (!slug && !fallsWithin) {
    throw new BeatwiseError(
      'import.no_force',
      'cannot tell which force this file belongs to: its first rows have no "Falls within" name; give --force SLUG',
      { file },
    );
  }
  const s = slug ?? forceSlugFromName(fallsWithin);
  checkForceSlug(s, { file, field: slug ? 'force' : 'Falls within' });
  if (!slug) {
    const known = await findForce(store.db, s);
    if (known) return { force: known, isNew: false };
  }
  if (!opts.createForce) {
    throw new BeatwiseError(
      'force.unknown',
      `the store has no force "${s}"${slug ? '' : ` (from "Falls within" ${JSON.stringify(fallsWithin.slice(0, 60))})`}: ` +
        `${howToCreateForce(s)}, or import with --create-force`,
      { file, field: slug ? 'force' : 'Falls within' },
    );
  }
  return { force: await ensureForce(store.db, s, fallsWithin.slice(0, 200) || s), isNew: true };
}

/** Removes a force this run created (it has only its whole-force area) and what the run kept of it. */
async function forgetForce(run: Run, forceId: number): Promise<void> {
  await run.store.db.deleteFrom('areas').where('force_id', '=', forceId).execute();
  await run.store.db.deleteFrom('forces').where('id', '=', forceId).execute();
  run.cache.delete(forceId);
  run.sent.delete(forceId);
  run.areaNumbers.delete(forceId);
}

// ---------------------------------------------------------------------------------------------
// Storing batches

const BASE_COLUMNS: readonly CrimeColumn[] = [
  'month',
  'crime_key',
  'crime_id',
  'category',
  ...LABEL_COLUMNS,
  'place_id',
];
/** police.uk rows leave the force-extract columns NULL, so they are not even bound. */
const EXTRACT_COLUMNS: readonly CrimeColumn[] = [
  ...BASE_COLUMNS,
  'offence_code',
  'offence_subcode',
  ...EXTRACT_NUMBER_COLUMNS,
];

// Where fill() puts each group of values in a row (the column lists above).
const AT_LABELS = BASE_COLUMNS.indexOf('reported_by');
const AT_PLACE = BASE_COLUMNS.indexOf('place_id');
const AT_OFFENCE = EXTRACT_COLUMNS.indexOf('offence_code');
const AT_NUMBERS = EXTRACT_COLUMNS.indexOf(EXTRACT_NUMBER_COLUMNS[0]);
const AT_VICTIM_AGE = EXTRACT_NUMBER_COLUMNS.indexOf('victim_age');

/** Turns one file's packed batches into crime rows and cube counts. */
class BatchWriter {
  private readonly inserter: CrimeInserter;
  private readonly width: number;
  private readonly values: CrimeValue[];
  private readonly inserted: Uint8Array;

  constructor(
    private readonly bulk: BulkWriter,
    format: 'police-uk' | 'extract',
    private readonly forceId: number,
    importId: number,
    /** The file's cube counts: of the rows stored, not of their duplicates. */
    private readonly cube: FileCube,
    private readonly run: Run,
  ) {
    const columns = format === 'extract' ? EXTRACT_COLUMNS : BASE_COLUMNS;
    this.inserter = bulk.crimeInserter(columns, {
      force_id: forceId,
      source: format === 'extract' ? 1 : 0,
      import_id: importId,
    });
    this.source = format === 'extract' ? 1 : 0;
    this.blocks = new FileBlocks(forceId);
    this.width = columns.length;
    this.values = new Array<CrimeValue>(this.inserter.batchRows * this.width).fill(null);
    this.inserted = new Uint8Array(this.inserter.batchRows);
    this.labelId = (n) => {
      const ids = this.run.labelIds;
      let id = ids[n];
      if (id < 0) {
        id = this.bulk.label(this.run.labelTexts[n]);
        ids[n] = id;
      }
      return id;
    };
  }

  /** The store id of the reader's label number `n`. */
  private readonly labelId: (n: number) => number;
  private readonly source: number;
  /** The month blocks of the rows stored (month-blocks.ts), written with the file. */
  readonly blocks: FileBlocks;

  async write(b: PackedBatch, counts: ImportCounts): Promise<void> {
    counts.rows += b.read;
    counts.rejected += b.rejected;
    counts.badQuoteLines += b.quoteLines;
    const step = this.inserter.batchRows;
    const inserted = this.inserted;
    for (let start = 0; start < b.n; start += step) {
      const rows = Math.min(step, b.n - start);
      for (let r = 0; r < rows; r++) this.fill(r * this.width, b, start + r);
      // SQLite answers at once; PostgreSQL (COPY and one set-based insert per chunk) by a promise.
      const answer = this.inserter.insert(this.values, rows, inserted);
      const stored = typeof answer === 'number' ? answer : await answer;
      counts.loaded += stored;
      let conflicts = 0;
      if (stored < rows) {
        for (let r = 0; r < rows; r++) if (inserted[r] === 2) conflicts += this.conflict(b, start + r, r);
      }
      counts.conflicts += conflicts;
      counts.duplicates += rows - stored - conflicts;
      const places = this.run.places;
      const cube = this.cube;
      for (let r = 0; r < rows; r++) {
        if (inserted[r] !== 1) continue;
        const i = start + r;
        const placement = b.placement[i];
        if (placement === 1) counts.unlocated++;
        else if (placement === 2) counts.outside++;
        const n = b.place[i];
        this.addToBlock(b, i, n);
        cube.add(
          b.month[i],
          b.category[i],
          orNull(b.harm[i]),
          placement === 0,
          places.areaNumbers,
          places.areasAt(n, cube.numbers),
          places.impactNumbers(n, cube.numbers),
        );
      }
    }
  }

  /** Row i (place number n) of the batch into its month's block. */
  private addToBlock(b: PackedBatch, i: number, n: number): void {
    const blocks = this.blocks;
    const impact = this.run.places.placeOf(n, blocks.place);
    const x = b.extract;
    const e = i * EXTRACT_NUMBER_COLUMNS.length;
    blocks
      .month(b.month[i])
      .add(
        blocks.place,
        impact,
        b.category[i],
        this.source,
        x ? x.offenceCode[i] : null,
        x ? x.numbers[e + AT_VICTIM_AGE] : Number.NaN,
        x ? x.numbers[e] : Number.NaN,
        x ? x.numbers[e + 1] : Number.NaN,
      );
  }

  /** Row i of the batch as values at v[o...], in the inserter's column order. */
  private fill(o: number, b: PackedBatch, i: number): void {
    const v = this.values;
    v[o] = b.month[i];
    v[o + 1] = b.key[i];
    const idStart = b.idStart[i];
    v[o + 2] = b.idEnd[i] > idStart ? b.crimeIds.slice(idStart, b.idEnd[i]) : null;
    v[o + 3] = b.category[i];
    const ids = this.run.labelIds;
    const l = i * LABELS;
    for (let k = 0; k < LABELS; k++) {
      const n = b.labels[l + k];
      const id = ids[n];
      v[o + AT_LABELS + k] = id >= 0 ? id : this.labelId(n);
    }
    v[o + AT_PLACE] = this.run.places.id(b.place[i], this.forceId, this.bulk, this.labelId);
    const x = b.extract;
    if (x) {
      v[o + AT_OFFENCE] = x.offenceCode[i];
      v[o + AT_OFFENCE + 1] = x.offenceSubcode[i];
      const e = i * EXTRACT_NUMBER_COLUMNS.length;
      for (let k = 0; k < EXTRACT_NUMBER_COLUMNS.length; k++)
        v[o + AT_NUMBERS + k] = orNull(x.numbers[e + k]);
    }
  }

  /** Notes a conflict (row i of the batch, r of the insert) for the rejects file; returns 1. */
  private conflict(b: PackedBatch, i: number, r: number): number {
    const id = b.crimeIds.slice(b.idStart[i], b.idEnd[i]);
    const differ = this.inserter.differ[r].replaceAll('place_id', 'place (point, location or LSOA)');
    this.conflicts.push({
      line: b.line[i],
      reason: `Crime ID ${id} is already stored with a different ${differ}: it is counted as a conflict, not loaded again; the stored crime takes this row's outcome (the later one)`,
      id,
    });
    return 1;
  }

  /** The file's conflicts so far: line, reason and Crime ID. */
  private readonly conflicts: { line: number; reason: string; id: string }[] = [];

  /** Lists the file's conflicts in its rejects file, after the rows the reader rejected. */
  listConflicts(rejectsDir: string, name: string, token: string): void {
    if (this.conflicts.length === 0) return;
    const w = new RejectsWriter(rejectsDir, name, token, true);
    for (const c of this.conflicts) w.write(c.line, 'Crime ID', c.reason, [c.id]);
    void w.close();
  }

  /** Adds the file's cube counts (of the rows stored) to the store's cube. */
  finish(): void {
    this.bulk.addToCubeMany(this.forceId, this.cube.cells());
  }
}

// ---------------------------------------------------------------------------------------------
// The reader, on this thread or a worker

interface ReaderHandle {
  /** `transfer`: memory to move to the reader with the message (see ToReader). */
  send(m: ToReader, transfer?: ArrayBuffer[]): void;
  /** The reader's next message, which must be about file `seq`; a crash of the reader is thrown. */
  receive(seq: number): Promise<FromReader & { seq: number }>;
  close(): Promise<void>;
}

/** Delivers the reader's messages in order, to one waiting receiver at a time. */
class Mailbox {
  private readonly queue: FromReader[] = [];
  private head = 0;
  private waiting: { resolve: (m: FromReader) => void; reject: (e: Error) => void } | null = null;
  private failure: Error | null = null;

  put(m: FromReader): void {
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = null;
      w.resolve(m);
    } else this.queue.push(m);
  }

  fail(e: Error): void {
    this.failure ??= e;
    const w = this.waiting;
    this.waiting = null;
    w?.reject(e);
  }

  async take(seq: number): Promise<FromReader & { seq: number }> {
    let m: FromReader;
    if (this.head < this.queue.length) {
      m = this.queue[this.head];
      this.queue[this.head++] = undefined as unknown as FromReader;
      if (this.head > 1024 && this.head * 2 > this.queue.length) {
        this.queue.splice(0, this.head);
        this.head = 0;
      }
    } else {
      if (this.failure) throw this.failure;
      m = await new Promise<FromReader>((resolve, reject) => (this.waiting = { resolve, reject }));
    }
    if (m.t === 'crash') {
      const e = new Error(`import reader failed: ${m.message}`);
      if (m.stack) e.stack = m.stack;
      this.failure = e; // nothing more will come: later calls fail too, rather than wait forever
      throw e;
    }
    if (m.seq !== seq) throw new Error(`import: message for file ${m.seq} while importing file ${seq}`);
    return m;
  }
}

/** The reader on this thread: for small imports, where starting a worker would cost more than it saves. */
function inlineReader(): ReaderHandle {
  const mailbox = new Mailbox();
  let deliver: ((m: ToReader) => void) | null = null;
  const port: ReaderPort = {
    post: (m) => mailbox.put(m),
    onMessage: (handler) => {
      deliver = handler;
    },
  };
  runReader(port);
  return {
    send: (m) => deliver?.(m),
    receive: (seq) => mailbox.take(seq),
    close: async () => {},
  };
}

/** The reader on a worker thread (import-worker.ts). */
function workerReader(resourceLimits?: ResourceLimits): ReaderHandle {
  const worker = startWorker(new URL('./import-worker.ts', import.meta.url), { resourceLimits });
  const mailbox = new Mailbox();
  let closing = false;
  worker.on('message', (m: FromReader) => mailbox.put(m));
  worker.on('error', (e) => mailbox.fail(e));
  worker.on('exit', (code) => {
    if (!closing) mailbox.fail(new Error(`the import worker stopped unexpectedly (exit code ${code})`));
  });
  return {
    send: (m, transfer) => worker.postMessage(m, transfer),
    receive: (seq) => mailbox.take(seq),
    close: async () => {
      closing = true;
      await worker.terminate();
    },
  };
}
