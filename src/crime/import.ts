import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { readCsv } from '../core/csv/reader.ts';
import { RejectsWriter } from '../core/csv/rejects.ts';
import { dataDir } from '../core/data-dir.ts';
import { BeatwiseError, isBeatwiseError } from '../core/errors.ts';
import { toBNG, toWGS84 } from '../core/geo/bng.ts';
import { applyCubeDelta, CubeDelta } from '../core/store/cube.ts';
import type { BulkWriter, CrimeRow, Store } from '../core/store/store.ts';
import { Assigner, ensureForce, findForce, forceSlugFromName } from '../force/index.ts';
import { CATEGORIES } from './categories.ts';
import { addCrime, forceAreaId } from './cube.ts';
import { isExtractHeader, makeExtractParser } from './extract.ts';
import { contentKey, idKey } from './keys.ts';
import type { CrimeRecord, RowProblem } from './model.ts';
import { isPoliceUkHeader, parsePoliceUkRow } from './police-uk.ts';
import type { HarmWeights } from './weights.ts';
import { forceWeights } from './weights-store.ts';

/** The counts an import reports, per file and in total: rows = loaded + duplicates + rejected. */
export interface ImportCounts {
  rows: number;
  loaded: number;
  duplicates: number;
  rejected: number;
  unlocated: number;
  outside: number;
}

export interface FileResult {
  file: string;
  force?: string;
  format?: 'police-uk' | 'extract';
  counts: ImportCounts;
  /** Set when the file could not be imported at all (nothing of it was loaded). */
  error?: BeatwiseError;
}

export interface ImportOptions {
  /** Force slug; when absent, the file's "Falls within" names it (and creates it if new). */
  force?: string;
  /** The name the imports list and rejects file know the file by (default its path), e.g. an upload's own name. */
  sourceName?: string;
  /** Folder for rejects files (one CSV per input file). */
  rejectsDir: string;
  onProgress?: (p: { file: string; rows: number }) => void;
  /**
   * What placing rows in a force needs (its areas behind an index, its weights), kept across the
   * files of one run: building it reads every boundary, so once per force, not once per file.
   */
  cache?: Map<number, Placing>;
}

interface Placing {
  assigner: Assigner;
  forceArea: number;
  weights: HarmWeights;
}

async function placingFor(store: Store, forceId: number, cache?: Map<number, Placing>): Promise<Placing> {
  const hit = cache?.get(forceId);
  if (hit) return hit;
  const placing = {
    assigner: await Assigner.load(store.db, forceId),
    forceArea: await forceAreaId(store.db, forceId),
    weights: await forceWeights(store.db, forceId, dataDir()),
  };
  cache?.set(forceId, placing);
  return placing;
}

export function zeroCounts(): ImportCounts {
  return { rows: 0, loaded: 0, duplicates: 0, rejected: 0, unlocated: 0, outside: 0 };
}

export function addCounts(into: ImportCounts, c: ImportCounts): void {
  into.rows += c.rows;
  into.loaded += c.loaded;
  into.duplicates += c.duplicates;
  into.rejected += c.rejected;
  into.unlocated += c.unlocated;
  into.outside += c.outside;
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
  const results: FileResult[] = [];
  const withCache = { ...opts, cache: opts.cache ?? new Map<number, Placing>() };
  for (const file of expandCrimeFiles(paths)) {
    try {
      results.push(await importCrimeFile(store, file, withCache));
    } catch (e) {
      if (!isBeatwiseError(e)) throw e;
      results.push({ file, counts: zeroCounts(), error: e });
    }
  }
  return results;
}

type Parse = (fields: string[], line: number) => CrimeRecord | RowProblem;

/** Reads, validates, places and stores one file, atomically: all its good rows land, or none. */
export async function importCrimeFile(store: Store, file: string, opts: ImportOptions): Promise<FileResult> {
  const batches = readCsv(file);
  try {
    return await importBatches(store, file, opts, batches);
  } finally {
    await batches.return(undefined); // closes the file even when the header was refused
  }
}

async function importBatches(
  store: Store,
  file: string,
  opts: ImportOptions,
  batches: AsyncGenerator<Batch>,
): Promise<FileResult> {
  const first = await batches.next();
  if (first.done || first.value.rows.length === 0) {
    throw new BeatwiseError('csv.empty', 'the file is empty', { file });
  }
  const header = first.value.rows[0];
  let format: 'police-uk' | 'extract';
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
    // The header was the only row of the first batch: peek for data before opening a transaction.
    const next = await batches.next();
    if (next.done)
      throw new BeatwiseError('csv.header_only', 'the file has a header but no data rows', { file });
    return importRows(store, file, { format, header, parse }, opts, [next.value], batches);
  }
  const b = first.value;
  const rest: Batch = {
    rows: b.rows.slice(1),
    lines: b.lines.slice(1),
    tooLong: b.tooLong && new Set([...b.tooLong].map((i) => i - 1)),
    problems: b.problems && new Map([...b.problems].map(([i, p]) => [i - 1, p])),
  };
  return importRows(store, file, { format, header, parse }, opts, [rest], batches);
}

type Batch = { rows: string[][]; lines: number[]; tooLong?: Set<number>; problems?: Map<number, string> };

async function importRows(
  store: Store,
  file: string,
  { format, header, parse }: { format: 'police-uk' | 'extract'; header: string[]; parse: Parse },
  opts: ImportOptions,
  pending: Batch[],
  batches: AsyncGenerator<Batch>,
): Promise<FileResult> {
  const force = await resolveForce(store, file, pending[0], parse, opts.force);
  const synthetic = isSynthetic(file, header, pending[0]);
  const { assigner, forceArea, weights } = await placingFor(store, force.id, opts.cache);
  const counts = zeroCounts();
  const rejects = new RejectsWriter(opts.rejectsDir, opts.sourceName ?? file);
  try {
    await store.transaction(async (tx, bulk) => {
      const imp = await tx
        .insertInto('imports')
        .values({
          force_id: force.id,
          kind: 'crimes',
          file: opts.sourceName ?? file,
          format,
          started_at: new Date().toISOString(),
          synthetic: synthetic ? 1 : 0,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const source = format === 'extract' ? 1 : 0;
      const writer = new RowWriter(bulk, assigner, weights, force.id, forceArea, imp.id, source);
      const handle = (b: Batch) => {
        for (let i = 0; i < b.rows.length; i++) {
          const fields = b.rows[i];
          const line = b.lines[i];
          counts.rows++;
          let problem: RowProblem | null = null;
          if (b.tooLong?.has(i)) problem = { line, field: '(row)', reason: 'line is longer than 1 MiB' };
          else if (b.problems?.has(i))
            problem = { line, field: '(row)', reason: b.problems.get(i) as string };
          else if (fields.length === 1 && fields[0] === '') {
            counts.rows--; // a blank line is not a row
            continue;
          }
          const rec = problem ?? parse(fields, line);
          if ('reason' in rec) {
            counts.rejected++;
            rejects.write(rec.line, rec.field, rec.reason, fields);
            continue;
          }
          writer.write(rec, fields, counts);
        }
        opts.onProgress?.({ file, rows: counts.rows });
      };
      for (const b of pending) handle(b);
      for await (const b of batches) handle(b);
      applyCubeDelta(bulk, force.id, writer.cube);
      await tx
        .updateTable('imports')
        .set({ ...counts, finished_at: new Date().toISOString() })
        .where('id', '=', imp.id)
        .execute();
    });
  } finally {
    await rejects.close();
  }
  return { file, force: force.slug, format, counts };
}

/**
 * A synthetic file says so: a `synthetic` column whose first value is Y/yes/true/1 (as
 * `beatwise synth` writes), or SYNTHETIC in the file name.
 */
function isSynthetic(file: string, header: string[], batch: Batch): boolean {
  if (/synthetic/i.test(basename(file))) return true;
  const col = header.findIndex((h) => h.trim().toLowerCase() === 'synthetic');
  return col >= 0 && /^(y|yes|true|1)$/i.test((batch.rows[0]?.[col] ?? '').trim());
}

/** The force named by --force, else by the first data row's "Falls within" (created if new). */
async function resolveForce(store: Store, file: string, batch: Batch, parse: Parse, slug?: string) {
  if (slug) {
    const known = await findForce(store.db, slug);
    if (known) return known;
  }
  let fallsWithin = '';
  for (let i = 0; i < batch.rows.length && !fallsWithin; i++) {
    const r = parse(batch.rows[i], batch.lines[i]);
    if (!('reason' in r)) fallsWithin = r.fallsWithin;
  }
  if (!slug && !fallsWithin) {
    throw new BeatwiseError(
      'import.no_force',
      'cannot tell which force this file belongs to: its first rows have no "Falls within" name; give --force SLUG',
      { file },
    );
  }
  const s = slug ?? forceSlugFromName(fallsWithin);
  return ensureForce(store.db, s, fallsWithin || s);
}

/** Turns validated records into stored rows: keys, coordinates, areas, labels, cube counts. */
class RowWriter {
  readonly cube = new CubeDelta();
  private readonly row: CrimeRow;
  private readonly place = Assigner.emptyPlacement();
  /** Rows without an ID seen so far in this file: content → how many (keeps repeats apart). */
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly bulk: BulkWriter,
    private readonly assigner: Assigner,
    private readonly weights: HarmWeights,
    forceId: number,
    private readonly forceAreaId: number,
    importId: number,
    source: number,
  ) {
    this.row = {
      force_id: forceId,
      month: 0,
      crime_key: 0n,
      crime_id: null,
      source,
      category: 0,
      reported_by: 0,
      falls_within: 0,
      location: 0,
      lsoa_given: 0,
      lsoa_name_given: 0,
      outcome: 0,
      context: 0,
      lon: null,
      lat: null,
      easting: null,
      northing: null,
      placement: 0,
      lsoa_id: null,
      msoa_id: null,
      ward_id: null,
      district_id: null,
      team_id: null,
      unit_id: null,
      impact_area_ids: null,
      offence_code: null,
      offence_subcode: null,
      occurred_from: null,
      occurred_to: null,
      recorded_at: null,
      victim_age: null,
      vulnerable: null,
      domestic: null,
      attended_at: null,
      declined_attendance: null,
      import_id: importId,
    };
  }

  write(r: CrimeRecord, fields: string[], counts: ImportCounts): void {
    const row = this.row;
    const bulk = this.bulk;
    row.month = r.month;
    row.crime_id = r.crimeId || null;
    if (r.crimeId) row.crime_key = idKey(r.crimeId);
    else {
      const content = `${r.month}\u0000${fields.join('\u0001')}`;
      const n = this.seen.get(content) ?? 0;
      this.seen.set(content, n + 1);
      row.crime_key = contentKey(content, n);
    }
    row.category = CATEGORIES.indexOf(r.category);
    row.reported_by = bulk.label(r.reportedBy);
    row.falls_within = bulk.label(r.fallsWithin);
    row.location = bulk.label(r.location);
    row.lsoa_given = bulk.label(r.lsoaCode);
    row.lsoa_name_given = bulk.label(r.lsoaName);
    row.outcome = bulk.label(r.outcome);
    row.context = bulk.label(r.context);
    let lon = r.lon;
    let lat = r.lat;
    let e = r.easting;
    let n = r.northing;
    if (lon !== null && lat !== null && (e === null || n === null)) [e, n] = toBNG(lon, lat);
    else if (e !== null && n !== null && (lon === null || lat === null)) [lon, lat] = toWGS84(e, n);
    row.lon = lon;
    row.lat = lat;
    row.easting = e;
    row.northing = n;
    let placement = 1;
    let ia: number[] = [];
    const p = this.place;
    if (e !== null && n !== null) {
      this.assigner.place(e, n, p);
      placement = p.outside ? 2 : 0;
      ia = p.impactAreas;
    }
    // Only points inside the force area belong to its areas; unlocated and outside rows count at force level.
    if (placement !== 0) for (const k in p.ids) p.ids[k as keyof typeof p.ids] = 0;
    row.placement = placement;
    row.lsoa_id = p.ids.lsoa || null;
    row.msoa_id = p.ids.msoa || null;
    row.ward_id = p.ids.ward || null;
    row.district_id = p.ids.district || null;
    row.team_id = p.ids.team || null;
    row.unit_id = p.ids.unit || null;
    row.impact_area_ids = placement === 0 && ia.length ? ia.join(',') : null;
    row.offence_code = r.offenceCode;
    row.offence_subcode = r.offenceSubcode;
    row.occurred_from = r.occurredFrom;
    row.occurred_to = r.occurredTo;
    row.recorded_at = r.recordedAt;
    row.victim_age = r.victimAge;
    row.vulnerable = bool(r.vulnerable);
    row.domestic = bool(r.domestic);
    row.attended_at = r.attendedAt;
    row.declined_attendance = bool(r.declinedAttendance);
    if (!bulk.insertCrime(row)) {
      counts.duplicates++;
      return;
    }
    counts.loaded++;
    if (placement === 1) counts.unlocated++;
    else if (placement === 2) counts.outside++;
    addCrime(this.cube, this.forceAreaId, row, this.weights.harmOf(row.category, row.offence_code));
  }
}

function bool(b: boolean | null): number | null {
  return b === null ? null : b ? 1 : 0;
}
