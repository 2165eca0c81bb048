import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { PLACE_COLUMNS } from './schema.ts';
import type {
  BulkWriter,
  CrimeColumn,
  CrimeInserter,
  CrimeRow,
  CrimeValue,
  CubeCellValues,
  PlacementColumns,
  PlaceRow,
} from './store.ts';

/** Rows per COPY into the staging table and set-based insert (the import's batches are ≥ 4,096). */
const CRIME_CHUNK = 8192;
/** Cube cells and placements per statement. */
const FLUSH_AT = 20_000;

/** Label and place ids known to be committed, shared by a store's transactions (neither is ever deleted). */
export interface PgIdCaches {
  labels: Map<string, number>;
  /** By placeKey. */
  places: Map<string, number>;
}

export function emptyCaches(): PgIdCaches {
  return { labels: new Map(), places: new Map() };
}

/** The crime columns holding label ids (remapped when a label was new in the transaction). */
const LABEL_CRIME_COLUMNS: ReadonlySet<CrimeColumn> = new Set([
  'reported_by',
  'falls_within',
  'outcome',
  'context',
]);
const PLACE_LABEL_COLUMNS = ['location', 'lsoa_given', 'lsoa_name_given'] as const;

/**
 * How a batch's new map point (`s`) matches a stored place (`p`): the force, the labels and the
 * point. Equalities the planner can hash or index (migration 017's places_lookup): a coordinate may
 * be null (no location), and `IS NOT DISTINCT FROM` would leave only the labels to join on (one value
 * for all of a force extract's places), so every batch row met every place. NaN equals NaN here.
 */
export const PLACE_MATCH = [
  'p.force_id = s.force_id',
  ...PLACE_LABEL_COLUMNS.map((c) => `p.${c} = s.${c}`),
  ...(['lon', 'lat', 'easting', 'northing'] as const).map(
    (c) => `coalesce(p.${c}, 'NaN'::float8) = coalesce(s.${c}, 'NaN'::float8)`,
  ),
].join(' AND ');

/**
 * The PostgreSQL bulk writer of one transaction. Nothing here waits on the server while the import
 * fills its rows: a new label or place gets a provisional (negative) id at once, and before the next
 * crime chunk, query or COMMIT the new labels and places are stored in a few set-based statements and
 * the provisional ids in the waiting rows replaced by the real ones. Crime rows go by COPY into a
 * temporary staging table and one `INSERT … SELECT … ON CONFLICT DO NOTHING` per chunk; cube cells and
 * placements are buffered and sent as one statement each (arrays unnested).
 */
export class PgBulkWriter implements BulkWriter {
  private readonly cube = new Map<string, CubeColumns>();
  private cubeCells = 0;
  private placements: PlacementBuffer = emptyPlacements();
  private flushing: Promise<void> | null = null;
  /** Labels and places stored by this transaction: joined to the shared caches at COMMIT. */
  private readonly labels = new Map<string, number>();
  private readonly places = new Map<string, number>();
  /** Provisional label i (id -2 - i): its text and, once stored, its id (else -1; '' is label 0). */
  private readonly newLabelText: string[] = [];
  private newLabelId: number[] = [];
  private readonly newLabelOf = new Map<string, number>();
  private labelsWaiting = 0;
  /** Provisional place i (id -2 - i): its force and row, and once stored its id (else -1). */
  private readonly newPlaceRow: { forceId: number; p: PlaceRow }[] = [];
  private newPlaceId: number[] = [];
  private readonly newPlaceOf = new Map<string, number>();
  private placesWaiting = 0;
  private staged = false;

  constructor(
    readonly client: pg.PoolClient,
    private readonly shared: PgIdCaches,
  ) {}

  crimeInserter(columns: readonly CrimeColumn[], fixed: Partial<CrimeRow>): CrimeInserter {
    return new PgCrimeInserter(this, columns, fixed);
  }

  label(text: string): number {
    const known = this.shared.labels.get(text) ?? this.labels.get(text);
    if (known !== undefined) return known;
    const i = this.newLabelOf.get(text);
    if (i !== undefined) return this.newLabelId[i] >= 0 ? this.newLabelId[i] : -2 - i;
    const at = this.newLabelText.length;
    this.newLabelText.push(text);
    this.newLabelId.push(-1);
    this.newLabelOf.set(text, at);
    this.labelsWaiting++;
    return -2 - at;
  }

  /** The stored id of label id `id` (itself unless provisional and stored since). */
  realLabel(id: number): number {
    if (id >= 0) return id;
    const real = this.newLabelId[-2 - id];
    return real >= 0 ? real : id;
  }

  /** The stored id of place id `id` (itself unless provisional and stored since). */
  realPlace(id: number): number {
    if (id >= 0) return id;
    const real = this.newPlaceId[-2 - id];
    return real >= 0 ? real : id;
  }

  place(forceId: number, p: PlaceRow): number {
    const row = { ...p };
    for (const c of PLACE_LABEL_COLUMNS) row[c] = this.realLabel(row[c]);
    const key = placeKey(forceId, row);
    const known = this.shared.places.get(key) ?? this.places.get(key);
    if (known !== undefined) return known;
    const i = this.newPlaceOf.get(key);
    if (i !== undefined) return this.newPlaceId[i] >= 0 ? this.newPlaceId[i] : -2 - i;
    const at = this.newPlaceRow.length;
    this.newPlaceRow.push({ forceId, p: row });
    this.newPlaceId.push(-1);
    this.newPlaceOf.set(key, at);
    this.placesWaiting++;
    return -2 - at;
  }

  /**
   * Stores the labels and places given provisional ids since the last call: a label is inserted
   * unless present (another writer may have made it meanwhile); a place is looked up by its point and
   * labels among the force's stored places, and inserted when not found.
   */
  async resolve(): Promise<void> {
    if (this.labelsWaiting > 0) {
      const texts: string[] = [];
      for (let i = 0; i < this.newLabelText.length; i++)
        if (this.newLabelId[i] < 0) texts.push(this.newLabelText[i]);
      await this.client.query(
        'INSERT INTO labels (text) SELECT t FROM unnest($1::text[]) AS t ORDER BY t ON CONFLICT (text) DO NOTHING',
        [texts],
      );
      const found = await this.client.query<{ id: number; text: string }>(
        'SELECT id, text FROM labels WHERE text = ANY($1::text[])',
        [texts],
      );
      for (const r of found.rows) {
        const i = this.newLabelOf.get(r.text);
        if (i !== undefined) this.newLabelId[i] = r.id;
        this.labels.set(r.text, r.id);
      }
      this.labelsWaiting = 0;
    }
    if (this.placesWaiting > 0) await this.resolvePlaces();
  }

  private async resolvePlaces(): Promise<void> {
    const waiting: number[] = [];
    for (let i = 0; i < this.newPlaceRow.length; i++) {
      if (this.newPlaceId[i] >= 0) continue;
      const p = this.newPlaceRow[i].p;
      for (const c of PLACE_LABEL_COLUMNS) p[c] = this.realLabel(p[c]);
      waiting.push(i);
    }
    // Provisional places that turn out the same once their labels are stored share one row.
    const byKey = new Map<string, number[]>();
    for (const i of waiting) {
      const key = placeKey(this.newPlaceRow[i].forceId, this.newPlaceRow[i].p);
      const known = this.shared.places.get(key) ?? this.places.get(key);
      if (known !== undefined) {
        this.newPlaceId[i] = known;
        continue;
      }
      const same = byKey.get(key);
      if (same) same.push(i);
      else byKey.set(key, [i]);
    }
    const groups = [...byKey.values()];
    const cols = ['force_id', ...PLACE_COLUMNS] as const;
    const arrays = cols.map((c) =>
      groups.map((g) => {
        const r = this.newPlaceRow[g[0]];
        return c === 'force_id' ? r.forceId : r.p[c];
      }),
    );
    const types = cols.map((c) => PLACE_TYPES[c]);
    const unnest = `unnest(${types.map((t, k) => `$${k + 1}::${t}[]`).join(', ')}, $${types.length + 1}::int[])`;
    const ks = groups.map((_, k) => k);
    const found = await this.client.query<{ k: number; id: number }>(
      `SELECT DISTINCT ON (s.k) s.k, p.id FROM ${unnest} AS s(${cols.join(', ')}, k)
        JOIN places p ON ${PLACE_MATCH} ORDER BY s.k, p.id`,
      [...arrays, ks],
    );
    const ids = new Array<number>(groups.length).fill(0);
    for (const r of found.rows) ids[r.k] = r.id;
    const missing = ks.filter((k) => ids[k] === 0);
    if (missing.length > 0) {
      const made = await this.client.query<{ id: number }>(
        "SELECT nextval(pg_get_serial_sequence('places', 'id')) AS id FROM generate_series(1, $1::int)",
        [missing.length],
      );
      missing.forEach((k, j) => {
        ids[k] = made.rows[j].id;
      });
      await this.client.query(
        `INSERT INTO places (id, ${cols.join(', ')})
          SELECT * FROM unnest($1::bigint[], ${types.map((t, k) => `$${k + 2}::${t}[]`).join(', ')})`,
        [missing.map((k) => ids[k]), ...arrays.map((a) => missing.map((k) => a[k]))],
      );
    }
    groups.forEach((g, k) => {
      const r = this.newPlaceRow[g[0]];
      this.places.set(placeKey(r.forceId, r.p), ids[k]);
      for (const i of g) this.newPlaceId[i] = ids[k];
    });
    this.placesWaiting = 0;
  }

  updatePlacement(placeId: number, p: PlacementColumns): void {
    const b = this.placements;
    b.id.push(placeId);
    b.placement.push(p.placement);
    b.lsoa_id.push(p.lsoa_id);
    b.msoa_id.push(p.msoa_id);
    b.ward_id.push(p.ward_id);
    b.district_id.push(p.district_id);
    b.team_id.push(p.team_id);
    b.unit_id.push(p.unit_id);
    b.impact_area_ids.push(p.impact_area_ids);
  }

  addToCube(forceId: number, c: CubeCellValues): void {
    const key = `${forceId}\u0000${c.level}`;
    let cols = this.cube.get(key);
    if (!cols) {
      cols = {
        forceId,
        level: c.level,
        area: [],
        month: [],
        category: [],
        count: [],
        harm: [],
        unweighted: [],
      };
      this.cube.set(key, cols);
    }
    cols.area.push(c.area_id);
    cols.month.push(c.month);
    cols.category.push(c.category);
    cols.count.push(c.count);
    cols.harm.push(c.harm_milli);
    cols.unweighted.push(c.unweighted);
    this.cubeCells++;
  }

  addToCubeMany(forceId: number, cells: readonly CubeCellValues[]): void {
    for (const c of cells) this.addToCube(forceId, c);
  }

  /** True when writes wait to be sent. */
  get pending(): boolean {
    return (
      this.cubeCells > 0 || this.placements.id.length > 0 || this.labelsWaiting > 0 || this.placesWaiting > 0
    );
  }

  /** Sends the buffered writes; a no-op when there are none. Runs before each query of the transaction. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (!this.pending) return;
    this.flushing = this.send().finally(() => {
      this.flushing = null;
    });
    await this.flushing;
  }

  /** The temporary staging table of crime rows, made at the transaction's first chunk. */
  async stage(): Promise<void> {
    if (this.staged) return;
    await this.client.query(
      `CREATE TEMPORARY TABLE IF NOT EXISTS crime_stage (seq integer NOT NULL, ${STAGE_COLUMNS}) ON COMMIT DROP`,
    );
    this.staged = true;
  }

  /** After COMMIT: what this transaction stored is known to every later one. */
  committed(): void {
    for (const [k, v] of this.labels) this.shared.labels.set(k, v);
    for (const [k, v] of this.places) this.shared.places.set(k, v);
  }

  private async send(): Promise<void> {
    await this.resolve();
    const placements = this.placements;
    this.placements = emptyPlacements();
    for (let i = 0; i < placements.id.length; i += FLUSH_AT) {
      const part = (a: unknown[]) => a.slice(i, i + FLUSH_AT);
      await this.client.query(
        `UPDATE places p SET placement = u.placement, lsoa_id = u.lsoa_id, msoa_id = u.msoa_id,
           ward_id = u.ward_id, district_id = u.district_id, team_id = u.team_id, unit_id = u.unit_id,
           impact_area_ids = u.impact_area_ids
         FROM unnest($1::bigint[], $2::int[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[],
           $7::bigint[], $8::bigint[], $9::text[])
           AS u(id, placement, lsoa_id, msoa_id, ward_id, district_id, team_id, unit_id, impact_area_ids)
         WHERE p.id = u.id`,
        [
          part(placements.id),
          part(placements.placement),
          part(placements.lsoa_id),
          part(placements.msoa_id),
          part(placements.ward_id),
          part(placements.district_id),
          part(placements.team_id),
          part(placements.unit_id),
          part(placements.impact_area_ids),
        ],
      );
    }
    const cube = [...this.cube.values()];
    this.cube.clear();
    this.cubeCells = 0;
    for (const c of cube) {
      for (let i = 0; i < c.area.length; i += FLUSH_AT) {
        const part = (a: number[]) => a.slice(i, i + FLUSH_AT);
        await this.client.query(CUBE_UPSERT, [
          c.forceId,
          c.level,
          part(c.area),
          part(c.month),
          part(c.category),
          part(c.count),
          part(c.harm),
          part(c.unweighted),
        ]);
      }
    }
  }
}

const PLACE_TYPES: Record<'force_id' | (typeof PLACE_COLUMNS)[number], string> = {
  force_id: 'bigint',
  location: 'int',
  lsoa_given: 'int',
  lsoa_name_given: 'int',
  lon: 'float8',
  lat: 'float8',
  easting: 'float8',
  northing: 'float8',
  placement: 'int',
  lsoa_id: 'bigint',
  msoa_id: 'bigint',
  ward_id: 'bigint',
  district_id: 'bigint',
  team_id: 'bigint',
  unit_id: 'bigint',
  impact_area_ids: 'text',
};

/** What tells a force's places apart (as SqliteBulkWriter's fingerprint, but exact). */
function placeKey(forceId: number, p: PlaceRow): string {
  return `${forceId}|${p.location}|${p.lsoa_given}|${p.lsoa_name_given}|${p.lon}|${p.lat}|${p.easting}|${p.northing}`;
}

/** The crime columns an import fills, with their types, for the staging table. */
const CRIME_TYPES: Record<CrimeColumn, string> = {
  force_id: 'bigint',
  month: 'integer',
  crime_key: 'bigint',
  crime_id: 'text',
  source: 'integer',
  category: 'integer',
  reported_by: 'integer',
  falls_within: 'integer',
  outcome: 'integer',
  context: 'integer',
  place_id: 'bigint',
  offence_code: 'text',
  offence_subcode: 'text',
  occurred_from: 'bigint',
  occurred_to: 'bigint',
  recorded_at: 'bigint',
  victim_age: 'integer',
  vulnerable: 'integer',
  domestic: 'integer',
  attended_at: 'bigint',
  declined_attendance: 'integer',
  import_id: 'bigint',
};
const STAGE_COLUMNS = Object.entries(CRIME_TYPES)
  .map(([c, t]) => `${c} ${t}`)
  .join(', ');

/** A crime column value in COPY's text format. */
function copyText(v: CrimeValue): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'string') return v.replace(/[\\\t\n\r]/g, (ch) => COPY_ESCAPES[ch]);
  return String(v);
}
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** A stored crime as the inserter reads it back: its id and the compared columns. */
type StoredCrime = { seq: number; id: number } & Partial<Record<CrimeColumn, CrimeValue>>;

/**
 * Crime rows in chunks: COPY into the staging table, then one INSERT … SELECT that skips keys
 * present (and a key repeated in the chunk after its first row); the rows not stored are read back
 * with the stored crime of their key to tell a conflict (same Crime ID, other content) from a
 * duplicate, as SqliteCrimeInserter does.
 */
class PgCrimeInserter implements CrimeInserter {
  readonly batchRows = CRIME_CHUNK;
  readonly differ: string[] = new Array<string>(CRIME_CHUNK).fill('');
  private readonly width: number;
  private readonly compared: readonly CrimeColumn[];
  private readonly insertSql: string;
  private readonly copySql: string;
  private readonly labelAt: number[];
  private readonly placeAt: number;
  private readonly monthAt: number;
  private readonly keyAt: number;
  private readonly forceAt: number;
  private readonly idAt: number;
  private readonly outcomeAt: number;
  private readonly fixed: Partial<CrimeRow>;

  constructor(
    private readonly writer: PgBulkWriter,
    private readonly columns: readonly CrimeColumn[],
    fixed: Partial<CrimeRow>,
  ) {
    this.fixed = fixed;
    this.width = columns.length;
    const fixedCols = (Object.keys(fixed) as CrimeColumn[]).filter((c) => !columns.includes(c));
    for (const c of ['force_id', 'month', 'crime_key'] as const) {
      if (!columns.includes(c) && fixed[c] === undefined)
        throw new Error(`crimeInserter: ${c} must be a column or fixed`);
    }
    const literals = fixedCols.map((c) => sqlLiteral(c, fixed[c]));
    const names = [...columns, ...fixedCols].join(', ');
    this.copySql = `COPY crime_stage (seq, ${columns.join(', ')}) FROM STDIN`;
    this.insertSql = `INSERT INTO crime_records (${names})
      SELECT ${[...columns, ...literals].join(', ')} FROM crime_stage ORDER BY seq
      ON CONFLICT (force_id, month, crime_key) DO NOTHING RETURNING month, crime_key`;
    this.compared = columns.filter((c) => c !== 'month' && c !== 'crime_key' && c !== 'crime_id');
    this.labelAt = columns.flatMap((c, i) => (LABEL_CRIME_COLUMNS.has(c) ? [i] : []));
    this.placeAt = columns.indexOf('place_id');
    this.monthAt = columns.indexOf('month');
    this.keyAt = columns.indexOf('crime_key');
    this.forceAt = columns.indexOf('force_id');
    this.idAt = columns.indexOf('crime_id');
    this.outcomeAt = columns.indexOf('outcome');
  }

  async insert(values: readonly CrimeValue[], rows: number, inserted: Uint8Array): Promise<number> {
    const w = this.writer;
    await w.resolve();
    await w.stage();
    const width = this.width;
    let text = '';
    for (let r = 0; r < rows; r++) {
      const o = r * width;
      let line = String(r);
      for (let c = 0; c < width; c++) {
        let v = values[o + c];
        if (typeof v === 'number' && v < 0) {
          if (c === this.placeAt) v = w.realPlace(v);
          else if (this.labelAt.includes(c)) v = w.realLabel(v);
        }
        line += `\t${copyText(v)}`;
      }
      text += `${line}\n`;
    }
    const c = w.client;
    await c.query('TRUNCATE crime_stage');
    await pipeline(Readable.from([text]), c.query(copyFrom(this.copySql)));
    const done = await c.query<{ month: number; crime_key: number | bigint }>(this.insertSql);
    const stored = done.rows.length;
    if (stored === rows) {
      inserted.fill(1, 0, rows);
      return rows;
    }
    const fresh = new Set(done.rows.map((r) => `${r.month}:${r.crime_key}`));
    const rest: number[] = [];
    for (let r = 0; r < rows; r++) {
      const k = `${this.value(values, r, this.monthAt, 'month')}:${this.value(values, r, this.keyAt, 'crime_key')}`;
      if (fresh.delete(k)) inserted[r] = 1;
      else rest.push(r);
    }
    // One index probe per row not stored (LIMIT 1 keeps the planner from turning it into a scan of
    // crime_records: it knows nothing of the staging table's size).
    const force = this.forceAt >= 0 ? 's.force_id' : sqlLiteral('force_id', this.fixed.force_id);
    const read = await c.query<StoredCrime>(
      `SELECT s.seq, r.* FROM crime_stage s CROSS JOIN LATERAL (
          SELECT r.id${this.compared.map((col) => `, r.${col}`).join('')} FROM crime_records r
          WHERE r.force_id = ${force} AND r.month = s.month AND r.crime_key = s.crime_key LIMIT 1) r
        WHERE s.seq = ANY($1::int[])`,
      [rest],
    );
    // One object per stored crime, so that a row compares with the outcome an earlier conflicting
    // row of the chunk gave it (as SQLite, which updates row by row, does).
    const byId = new Map<unknown, StoredCrime>();
    const bySeq = new Map(
      read.rows.map((r) => {
        const key = String(r.id);
        const known = byId.get(key);
        if (known) return [r.seq, known];
        byId.set(key, r);
        return [r.seq, r];
      }),
    );
    const outcomes: [number, CrimeValue][] = [];
    for (const r of rest) {
      const found = bySeq.get(r);
      if (!found)
        throw new Error(`the store refused a crime row that is not a duplicate: row ${r} of a chunk`);
      inserted[r] = this.conflict(values, r, found, outcomes);
      if (inserted[r] === 2 && this.outcomeAt >= 0) found.outcome = outcomes[outcomes.length - 1][1];
    }
    if (outcomes.length > 0) {
      // The last outcome of each crime wins (UPDATE … FROM takes an arbitrary one of several).
      const last = new Map<string, [number, CrimeValue]>();
      for (const o of outcomes) last.set(String(o[0]), o);
      await c.query(
        'UPDATE crime_records r SET outcome = u.outcome FROM unnest($1::bigint[], $2::int[]) AS u(id, outcome) WHERE r.id = u.id',
        [[...last.values()].map((o) => o[0]), [...last.values()].map((o) => o[1])],
      );
    }
    return stored;
  }

  private conflict(
    values: readonly CrimeValue[],
    r: number,
    stored: StoredCrime,
    outcomes: [number, CrimeValue][],
  ): number {
    const o = r * this.width;
    if (this.idAt < 0 || values[o + this.idAt] === null) return 0;
    let differ = '';
    for (const col of this.compared) {
      const a = stored[col];
      let b = values[o + this.columns.indexOf(col)];
      if (typeof b === 'number' && b < 0) {
        if (col === 'place_id') b = this.writer.realPlace(b);
        else if (LABEL_CRIME_COLUMNS.has(col)) b = this.writer.realLabel(b);
      }
      if (a === b || (a !== null && a !== undefined && b !== null && String(a) === String(b))) continue;
      differ += differ ? `, ${col}` : col;
    }
    if (!differ) return 0;
    this.differ[r] = differ;
    if (this.outcomeAt >= 0)
      outcomes.push([stored.id, this.writer.realLabel(values[o + this.outcomeAt] as number)]);
    return 2;
  }

  private value(values: readonly CrimeValue[], row: number, at: number, col: CrimeColumn): CrimeValue {
    return at >= 0 ? values[row * this.width + at] : (this.fixed[col] as CrimeValue);
  }
}

/** A fixed value written into the statement (it is the same for every row). */
function sqlLiteral(column: string, v: CrimeValue | undefined): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
  if (typeof v === 'string') return `'${v.replaceAll("'", "''")}'`;
  throw new Error(`crimeInserter: fixed ${column} must be an integer, a text or null, got ${v}`);
}

/**
 * Adds cells to the cube. A cell may come more than once in one call (several addToCube calls),
 * which ON CONFLICT refuses within one statement: the cells are summed first.
 */
export const CUBE_UPSERT = `INSERT INTO cube (force_id, level, area_id, month, category, count, harm_milli, unweighted)
  SELECT $1::bigint, $2::text, area_id, month, category, sum(count), sum(harm_milli), sum(unweighted)
  FROM unnest($3::bigint[], $4::int[], $5::int[], $6::bigint[], $7::bigint[], $8::bigint[])
    AS c(area_id, month, category, count, harm_milli, unweighted)
  GROUP BY area_id, month, category
  ON CONFLICT (force_id, level, month, area_id, category) DO UPDATE SET
    count = cube.count + excluded.count, harm_milli = cube.harm_milli + excluded.harm_milli,
    unweighted = cube.unweighted + excluded.unweighted`;

interface CubeColumns {
  forceId: number;
  level: string;
  area: number[];
  month: number[];
  category: number[];
  count: number[];
  harm: number[];
  unweighted: number[];
}

interface PlacementBuffer {
  id: number[];
  placement: number[];
  lsoa_id: (number | null)[];
  msoa_id: (number | null)[];
  ward_id: (number | null)[];
  district_id: (number | null)[];
  team_id: (number | null)[];
  unit_id: (number | null)[];
  impact_area_ids: (string | null)[];
}

function emptyPlacements(): PlacementBuffer {
  return {
    id: [],
    placement: [],
    lsoa_id: [],
    msoa_id: [],
    ward_id: [],
    district_id: [],
    team_id: [],
    unit_id: [],
    impact_area_ids: [],
  };
}
