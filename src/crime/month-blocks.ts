/**
 * Month blocks: a force's crimes of one month as typed arrays, stored as one binary value per
 * (force, month) in `month_blocks` (migration 011). The hotspot lab and the crime-level selections
 * (e.g. neighbourhood crime's dwelling-burglary test) read a month range in one indexed query,
 * instead of every crime through the crimes view's join to its place (0.5–2.5 s on the demo store,
 * up to 9 s at 3,000,000 crimes).
 *
 * Blocks are derived data. A block is current when its row count equals the cube's force-level
 * count for its month (the cube counts every stored crime at force level, located or not): every
 * read checks that in one query on the cube and rebuilds the months that differ, and an import
 * rebuilds the months it changed when it ends (`refreshMonthBlocks`). Re-placing crimes (new
 * boundaries) keeps the counts, so it drops the force's blocks (`dropMonthBlocks`).
 *
 * Layout of `data` (n rows, little-endian, each section a typed array):
 *   Float64 × 6: easting, northing, lon, lat, occurred_from, occurred_to (NaN = none)
 *   Int32 × 8:   lsoa, msoa, ward, district, team, unit ids (0 = none), impact set, offence code
 *                (indexes into `dict`, −1 = none)
 *   Int16:       victim age (−1 = unknown)
 *   Uint8 × 3:   category, source, placement
 * and `dict` is JSON {codes: string[], impact: string[]} (offence codes; impact_area_ids texts).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../core/store/schema.ts';

/** Bump when the layout changes: blocks of another version are rebuilt. */
export const MONTH_BLOCK_VERSION = 1;

interface MonthBlocksTable {
  force_id: number;
  month: number;
  version: number;
  n: number;
  dict: string;
  data: Uint8Array;
}

type Db = Kysely<Database>;
type BlockDb = Kysely<Database & { month_blocks: MonthBlocksTable }>;

const blockDb = (db: Db): BlockDb => db.withTables<{ month_blocks: MonthBlocksTable }>();

/** The level id columns, in block order. */
export const BLOCK_LEVELS = ['lsoa', 'msoa', 'ward', 'district', 'team', 'unit'] as const;
export type BlockLevel = (typeof BLOCK_LEVELS)[number];

/**
 * One month's crimes, column by column (all crimes: located or not, every category): views on the
 * stored bytes, with the month's own dictionaries.
 */
export interface CrimeColumns {
  month: number;
  n: number;
  x: Float64Array;
  y: Float64Array;
  lon: Float64Array;
  lat: Float64Array;
  occurredFrom: Float64Array;
  occurredTo: Float64Array;
  /** Per level (BLOCK_LEVELS order): area id, 0 = none. */
  levelIds: Int32Array[];
  /** Index into `impactSets` (the impact_area_ids text, e.g. '12,40'), −1 = none. */
  impact: Int32Array;
  impactSets: string[];
  /** Index into `offenceCodes`, −1 = none. */
  offence: Int32Array;
  offenceCodes: string[];
  victimAge: Int16Array;
  category: Uint8Array;
  source: Uint8Array;
  placement: Uint8Array;
}

const F64 = 6;
const I32 = 8;
const BYTES_PER_ROW = F64 * 8 + I32 * 4 + 2 + 3;

/** A month's crimes as read from the store, before encoding. */
interface BlockRow {
  easting: number | null;
  northing: number | null;
  lon: number | null;
  lat: number | null;
  occurred_from: number | null;
  occurred_to: number | null;
  lsoa_id: number | null;
  msoa_id: number | null;
  ward_id: number | null;
  district_id: number | null;
  team_id: number | null;
  unit_id: number | null;
  impact_area_ids: string | null;
  offence_code: string | null;
  victim_age: number | null;
  category: number;
  source: number;
  placement: number;
}

/** Builds one month's block row by row (growing typed columns), then encodes it. */
export class BlockBuilder {
  n = 0;
  private cap = 0;
  private f: Float64Array[] = [];
  private i32: Int32Array[] = [];
  private age = new Int16Array(0);
  private u8: Uint8Array[] = [];
  private readonly codes = new Map<string, number>();
  private readonly impact = new Map<string, number>();

  private grow(): void {
    const cap = Math.max(1024, this.cap * 2);
    const more = <T extends Float64Array | Int32Array | Int16Array | Uint8Array>(
      a: T,
      make: (n: number) => T,
    ): T => {
      const b = make(cap);
      b.set(a as never);
      return b;
    };
    this.f = Array.from({ length: F64 }, (_, i) =>
      more(this.f[i] ?? new Float64Array(0), (n) => new Float64Array(n)),
    );
    this.i32 = Array.from({ length: I32 }, (_, i) =>
      more(this.i32[i] ?? new Int32Array(0), (n) => new Int32Array(n)),
    );
    this.age = more(this.age, (n) => new Int16Array(n));
    this.u8 = Array.from({ length: 3 }, (_, i) =>
      more(this.u8[i] ?? new Uint8Array(0), (n) => new Uint8Array(n)),
    );
    this.cap = cap;
  }

  private index(m: Map<string, number>, s: string | null): number {
    if (s === null) return -1;
    let k = m.get(s);
    if (k === undefined) {
      k = m.size;
      m.set(s, k);
    }
    return k;
  }

  /**
   * Adds a row. `place`: lon, lat, easting, northing (NaN = none), placement, then the six area ids
   * (0 = none), as PlaceNumbers.placeOf gives them.
   */
  add(
    place: ArrayLike<number>,
    impactAreaIds: string | null,
    category: number,
    source: number,
    offenceCode: string | null,
    victimAge: number,
    occurredFrom: number,
    occurredTo: number,
  ): void {
    if (this.n === this.cap) this.grow();
    const k = this.n++;
    this.f[0][k] = place[2];
    this.f[1][k] = place[3];
    this.f[2][k] = place[0];
    this.f[3][k] = place[1];
    this.f[4][k] = occurredFrom;
    this.f[5][k] = occurredTo;
    for (let l = 0; l < 6; l++) this.i32[l][k] = place[5 + l] || 0;
    this.i32[6][k] = this.index(this.impact, impactAreaIds);
    this.i32[7][k] = this.index(this.codes, offenceCode);
    this.age[k] = Number.isNaN(victimAge) ? -1 : victimAge;
    this.u8[0][k] = category;
    this.u8[1][k] = source;
    this.u8[2][k] = place[4];
  }

  /** Adds every row of a block (read back with `blockColumns`). */
  addBlock(b: CrimeColumns): void {
    const place = new Float64Array(11);
    for (let k = 0; k < b.n; k++) {
      place[0] = b.lon[k];
      place[1] = b.lat[k];
      place[2] = b.x[k];
      place[3] = b.y[k];
      place[4] = b.placement[k];
      for (let l = 0; l < 6; l++) place[5 + l] = b.levelIds[l][k];
      const o = b.offence[k];
      this.add(
        place,
        b.impact[k] < 0 ? null : b.impactSets[b.impact[k]],
        b.category[k],
        b.source[k],
        o < 0 ? null : b.offenceCodes[o],
        b.victimAge[k] < 0 ? Number.NaN : b.victimAge[k],
        b.occurredFrom[k],
        b.occurredTo[k],
      );
    }
  }

  /** The block: its bytes (the layout above) and dictionaries. */
  finish(): { n: number; data: Uint8Array; dict: string } {
    const n = this.n;
    const buf = new ArrayBuffer(n * BYTES_PER_ROW);
    for (let i = 0; i < F64; i++) new Float64Array(buf, i * n * 8, n).set(this.f[i]?.subarray(0, n) ?? []);
    for (let i = 0; i < I32; i++)
      new Int32Array(buf, F64 * n * 8 + i * n * 4, n).set(this.i32[i]?.subarray(0, n) ?? []);
    new Int16Array(buf, (F64 * 8 + I32 * 4) * n, n).set(this.age.subarray(0, n));
    for (let i = 0; i < 3; i++)
      new Uint8Array(buf, (F64 * 8 + I32 * 4 + 2) * n + i * n, n).set(this.u8[i]?.subarray(0, n) ?? []);
    return {
      n,
      data: new Uint8Array(buf),
      dict: JSON.stringify({ codes: [...this.codes.keys()], impact: [...this.impact.keys()] }),
    };
  }
}

/** Encodes one month's rows, as the crimes view gives them, as a block (data and dict). */
export function encodeBlock(rows: readonly BlockRow[]): { n: number; data: Uint8Array; dict: string } {
  const b = new BlockBuilder();
  const place = new Float64Array(11);
  const num = (v: number | null) => (v === null ? Number.NaN : v);
  for (const r of rows) {
    place[0] = num(r.lon);
    place[1] = num(r.lat);
    place[2] = num(r.easting);
    place[3] = num(r.northing);
    place[4] = r.placement;
    place[5] = r.lsoa_id ?? 0;
    place[6] = r.msoa_id ?? 0;
    place[7] = r.ward_id ?? 0;
    place[8] = r.district_id ?? 0;
    place[9] = r.team_id ?? 0;
    place[10] = r.unit_id ?? 0;
    b.add(
      place,
      r.impact_area_ids,
      r.category,
      r.source,
      r.offence_code,
      num(r.victim_age),
      num(r.occurred_from),
      num(r.occurred_to),
    );
  }
  return b.finish();
}

/**
 * The month blocks of one file's import, kept as its rows are stored and written in the file's
 * transaction (`commit`): each month's block is its current block (if it was current) plus the
 * rows this file stored. When the month's block was not current, it is dropped instead (and
 * rebuilt from the crimes when next read), so a block is never wrong, only missing.
 */
export class FileBlocks {
  private readonly months = new Map<number, BlockBuilder>();
  readonly place = new Float64Array(11);

  constructor(private readonly forceId: number) {}

  /** The builder of a month's new rows. */
  month(m: number): BlockBuilder {
    let b = this.months.get(m);
    if (!b) {
      b = new BlockBuilder();
      this.months.set(m, b);
    }
    return b;
  }

  /** Writes the months' blocks; call inside the file's transaction, after its cube is updated. */
  async commit(db: Db): Promise<void> {
    for (const [month, added] of this.months) {
      if (added.n === 0) continue;
      const cube = await db
        .selectFrom('cube')
        .select((eb) => eb.fn.sum<number>('count').as('n'))
        .where('force_id', '=', this.forceId)
        .where('level', '=', 'force')
        .where('month', '=', month)
        .executeTakeFirst();
      const want = Number(cube?.n ?? 0);
      const old = await blockDb(db)
        .selectFrom('month_blocks')
        .select(['month', 'n', 'dict', 'data', 'version'])
        .where('force_id', '=', this.forceId)
        .where('month', '=', month)
        .executeTakeFirst();
      const oldN = old && old.version === MONTH_BLOCK_VERSION ? old.n : 0;
      let block: StoredBlock = { month, n: 0, dict: '', data: new Uint8Array(0) }; // n 0: dropped
      if (oldN + added.n === want) {
        if (old && oldN > 0) {
          const merged = new BlockBuilder();
          merged.addBlock(blockColumns(old));
          merged.addBlock(blockColumns({ month, ...added.finish() }));
          block = { month, ...merged.finish() };
        } else block = { month, ...added.finish() };
      }
      await storeBlocks(db, this.forceId, [block]);
    }
  }
}

/** A stored block as columns: views on its bytes (copied once when they are not 8-byte aligned). */
export function blockColumns(b: { month: number; n: number; dict: string; data: Uint8Array }): CrimeColumns {
  const n = b.n;
  const size = n * BYTES_PER_ROW;
  let buf: ArrayBuffer;
  let at = 0;
  if (b.data.byteOffset % 8 === 0 && b.data.buffer instanceof ArrayBuffer) {
    buf = b.data.buffer;
    at = b.data.byteOffset;
  } else {
    buf = new ArrayBuffer(size);
    new Uint8Array(buf).set(b.data.subarray(0, size));
  }
  const f = (i: number) => new Float64Array(buf, at + i * n * 8, n);
  const i32 = (i: number) => new Int32Array(buf, at + F64 * n * 8 + i * n * 4, n);
  const u8 = (i: number) => new Uint8Array(buf, at + (F64 * 8 + I32 * 4 + 2) * n + i * n, n);
  const dict = JSON.parse(b.dict) as { codes: string[]; impact: string[] };
  return {
    month: b.month,
    n,
    x: f(0),
    y: f(1),
    lon: f(2),
    lat: f(3),
    occurredFrom: f(4),
    occurredTo: f(5),
    levelIds: BLOCK_LEVELS.map((_, l) => i32(l)),
    impact: i32(6),
    impactSets: dict.impact,
    offence: i32(7),
    offenceCodes: dict.codes,
    victimAge: new Int16Array(buf, at + (F64 * 8 + I32 * 4) * n, n),
    category: u8(0),
    source: u8(1),
    placement: u8(2),
  };
}

interface StoredBlock {
  month: number;
  n: number;
  dict: string;
  data: Uint8Array;
}

/** Reads one month's crimes from the store (through the crimes view) and encodes them. */
async function buildBlock(db: Db, forceId: number, month: number): Promise<StoredBlock> {
  const rows = await db
    .selectFrom('crimes')
    .select([
      'easting',
      'northing',
      'lon',
      'lat',
      'occurred_from',
      'occurred_to',
      'lsoa_id',
      'msoa_id',
      'ward_id',
      'district_id',
      'team_id',
      'unit_id',
      'impact_area_ids',
      'offence_code',
      'victim_age',
      'category',
      'source',
      'placement',
    ])
    .where('force_id', '=', forceId)
    .where('month', '=', month)
    .orderBy('id')
    .execute();
  return { month, ...encodeBlock(rows) };
}

/** Stores blocks, replacing the months' old ones (n 0: only removes), in one transaction. */
async function storeBlocks(db: Db, forceId: number, blocks: readonly StoredBlock[]): Promise<void> {
  if (!blocks.length) return;
  const write = async (tx: BlockDb) => {
    for (const b of blocks) {
      await tx
        .deleteFrom('month_blocks')
        .where('force_id', '=', forceId)
        .where('month', '=', b.month)
        .execute();
      if (b.n > 0)
        await tx
          .insertInto('month_blocks')
          .values({
            force_id: forceId,
            month: b.month,
            version: MONTH_BLOCK_VERSION,
            n: b.n,
            dict: b.dict,
            data: b.data,
          })
          .execute();
    }
  };
  const bdb = blockDb(db);
  if (bdb.isTransaction) await write(bdb);
  else await bdb.transaction().execute(write);
}

/** The months in [from, to] whose block is missing, of another version or of the wrong size. */
async function staleMonths(db: Db, forceId: number, from?: number, to?: number): Promise<number[]> {
  let cube = db
    .selectFrom('cube')
    .select(['month', (eb) => eb.fn.sum<number>('count').as('n')])
    .where('force_id', '=', forceId)
    .where('level', '=', 'force');
  let blocks = blockDb(db)
    .selectFrom('month_blocks')
    .select(['month', 'n', 'version'])
    .where('force_id', '=', forceId);
  if (from !== undefined) {
    cube = cube.where('month', '>=', from);
    blocks = blocks.where('month', '>=', from);
  }
  if (to !== undefined) {
    cube = cube.where('month', '<=', to);
    blocks = blocks.where('month', '<=', to);
  }
  const want = new Map((await cube.groupBy('month').execute()).map((r) => [r.month, Number(r.n)]));
  const have = new Map((await blocks.execute()).map((b) => [b.month, b]));
  const stale: number[] = [];
  for (const [month, n] of want) {
    const b = have.get(month);
    if (!b || b.n !== n || b.version !== MONTH_BLOCK_VERSION) stale.push(month);
  }
  // Blocks of months the cube no longer has (none today: crimes are never deleted).
  for (const month of have.keys()) if (!want.has(month)) stale.push(month);
  return stale.sort((a, b) => a - b);
}

/** Rebuilds the force's blocks that are not current (all months, or those in [from, to]). */
export async function refreshMonthBlocks(
  db: Db,
  forceId: number,
  from?: number,
  to?: number,
): Promise<number> {
  const stale = await staleMonths(db, forceId, from, to);
  const built: StoredBlock[] = [];
  for (const m of stale) built.push(await buildBlock(db, forceId, m));
  await storeBlocks(db, forceId, built);
  return stale.length;
}

/** Drops a force's blocks (its crimes were placed again: the area ids changed, the counts did not). */
export async function dropMonthBlocks(db: Db, forceId: number): Promise<void> {
  await blockDb(db).deleteFrom('month_blocks').where('force_id', '=', forceId).execute();
}

/**
 * A force's crimes of months [from, to] (either end open), month by month, from current blocks.
 * Stale months are built from the crimes and stored for next time; when the store cannot take them
 * now (another process is writing), the answer still uses them and a later read stores them.
 */
export async function readMonthBlocks(
  db: Db,
  forceId: number,
  from?: number,
  to?: number,
): Promise<CrimeColumns[]> {
  const stale = await staleMonths(db, forceId, from, to);
  const built = new Map<number, StoredBlock>();
  for (const m of stale) built.set(m, await buildBlock(db, forceId, m));
  try {
    await storeBlocks(db, forceId, [...built.values()]);
  } catch {
    // Busy or read-only: served from the built blocks this time.
  }
  let q = blockDb(db)
    .selectFrom('month_blocks')
    .select(['month', 'n', 'dict', 'data'])
    .where('force_id', '=', forceId);
  if (from !== undefined) q = q.where('month', '>=', from);
  if (to !== undefined) q = q.where('month', '<=', to);
  if (built.size) q = q.where('month', 'not in', [...built.keys()]);
  const blocks: StoredBlock[] = [...(await q.execute()), ...[...built.values()].filter((b) => b.n > 0)];
  return blocks.sort((a, b) => a.month - b.month).map(blockColumns);
}
