/**
 * What the two halves of a crime import say to each other. The read side (import-read.ts, usually
 * on a worker thread) reads, validates, projects, places and keys rows, and packs them into
 * `PackedBatch`es: typed arrays plus a few string arrays, which cross threads cheaply (the arrays'
 * memory is moved, not copied). The write side (import.ts) turns them into store rows and counts
 * the monthly cube of those it stored.
 *
 * Protocol, per file `seq` (files are read in order): the reader sends `fail` (the file cannot be
 * imported at all), or `begin`, any number of `batch`es, then `end` or `fail`. After `begin` the
 * writer answers `force` (which force, with its placing data the first time) or `skip` (do not read
 * on). The writer acknowledges each batch with `ack`; the reader keeps at most `MAX_IN_FLIGHT`
 * batches unacknowledged, so memory stays bounded whatever the input size.
 */
import { BeatwiseError, type Where } from '../core/errors.ts';
import type { AssignerData } from '../force/assign.ts';
import { finalH1, finalH2, hashLanes } from './keys.ts';
import type { LatestMonth } from './month-limit.ts';
import type { WeightSet } from './weights.ts';

/** Batches the reader may send before the writer acknowledges them. */
export const MAX_IN_FLIGHT = 8;

/** A crime's own label columns, in the order of `PackedBatch.labels`. */
export const LABEL_COLUMNS = ['reported_by', 'falls_within', 'outcome', 'context'] as const;
export const LABELS = LABEL_COLUMNS.length;

/** A place's label columns, in the order of `PackedBatch.placeLabels`. */
export const PLACE_LABEL_COLUMNS = ['location', 'lsoa_given', 'lsoa_name_given'] as const;
export const PLACE_LABELS = PLACE_LABEL_COLUMNS.length;

/** The area columns, in the order of `PackedBatch.areas` (0 = none). */
export const AREA_COLUMNS = ['lsoa_id', 'msoa_id', 'ward_id', 'district_id', 'team_id', 'unit_id'] as const;
export const AREAS = AREA_COLUMNS.length;

/** Extract-only numeric columns, in the order of `ExtractColumns.numbers` (NaN = null). */
export const EXTRACT_NUMBER_COLUMNS = [
  'occurred_from',
  'occurred_to',
  'recorded_at',
  'attended_at',
  'victim_age',
  'vulnerable',
  'domestic',
  'declined_attendance',
] as const;

/**
 * Rows of one batch, column by column. Row i of every per-row array belongs to the same crime. Each
 * row names its place (where it was recorded: the point, the location and LSOA the file gave, the
 * areas the point falls in) by number; a place is sent once, in the batch that first has it.
 */
export interface PackedBatch {
  /** The memory all the typed arrays below live in: moved, not copied, between threads. */
  memory: ArrayBuffer;
  /** Rows packed (valid rows). */
  n: number;
  /** Rows read (valid + rejected; blank lines are not rows). */
  read: number;
  rejected: number;
  /** Of `read` and `rejected`: physical lines a bad quote spoiled (see CsvBatch.spans). */
  quoteLines: number;
  month: Int32Array;
  category: Int32Array;
  /** The physical line each row starts on (for rejects the writer finds: conflicts). */
  line: Int32Array;
  /** 0 inside, 1 unlocated, 2 outside (the row's place's placement). */
  placement: Uint8Array;
  /** Natural keys (see keys.ts). */
  key: BigInt64Array;
  /**
   * A text holding the crime IDs (the lines themselves, as read): row i's is
   * crimeIds.slice(idStart[i], idEnd[i]) ('' = none).
   */
  crimeIds: string;
  idStart: Int32Array;
  idEnd: Int32Array;
  /**
   * n × LABELS label numbers: number k is the k-th text sent in `newLabels` (counted over the
   * batches of the import, from the last batch with `numbersReset`).
   */
  labels: Int32Array;
  /** Label texts first met in this batch, continuing the numbering. */
  newLabels: string[];
  /** The label and place numberings start again at this batch (forget what was sent before). */
  numbersReset: boolean;
  /** Per row, its place number: number k is the k-th place sent (counted as labels are). */
  place: Int32Array;
  /** Places first met in this batch, continuing the numbering; the place arrays below hold them. */
  newPlaces: number;
  /** newPlaces × PLACE_LABELS label numbers. */
  placeLabels: Int32Array;
  /** newPlaces × 4: lon, lat, easting, northing (NaN = null). */
  placeCoords: Float64Array;
  /** Per new place: 0 inside, 1 unlocated, 2 outside. */
  placePlacement: Uint8Array;
  /** newPlaces × AREAS area ids (0 = none). */
  placeAreas: Float64Array;
  /** Impact Area ids ("12,15") per new place, or null when no new place of the batch has any. */
  placeImpact: (string | null)[] | null;
  /** Harm of each row under the force's weights (NaN = the offence has no weight). */
  harm: Float64Array;
  /** Force extract columns, or null for police.uk files. */
  extract: ExtractColumns | null;
}

export interface ExtractColumns {
  offenceCode: (string | null)[];
  offenceSubcode: (string | null)[];
  /** n × EXTRACT_NUMBER_COLUMNS.length, NaN = null. */
  numbers: Float64Array;
}

/**
 * What placing rows in a force needs; sent to the reader once per force. Its areas come with their
 * polygon indexes already built (typed arrays), so the reader's thread starts placing rows at once.
 */
export interface PlacingData {
  forceId: number;
  forceArea: number;
  assigner: AssignerData;
  categorySet: WeightSet;
  offenceSet: WeightSet | null;
}

/** A BeatwiseError as it crosses threads. */
export interface ErrorData {
  code: string;
  message: string;
  where: Where;
  details?: Record<string, unknown>;
}

export function errorData(e: BeatwiseError): ErrorData {
  return { code: e.code, message: e.message, where: e.where, details: e.details };
}

export function errorFromData(d: ErrorData): BeatwiseError {
  return new BeatwiseError(d.code, d.message, d.where, d.details);
}

export type ToReader =
  /** `names`: what the rejects files are named after, per file. */
  | {
      t: 'start';
      files: string[];
      names: string[];
      rejectsDir: string;
      forced: boolean;
      fastLines: boolean;
      /** The import's latest month: rows after it (or after a police.uk file's own month) are rejected. */
      latest?: LatestMonth;
      /** A file in which one row without an ID comes more often than this fails (see RepeatLimit). */
      maxRepeats?: number;
      /** Per file, the token its rejects file is named by (see rejectsPathOf). */
      tokens?: string[];
    }
  | { t: 'force'; seq: number; forceId: number; placing: PlacingData | null }
  /** Sent early when --force names a known force: the reader need not wait for the first answer. */
  | { t: 'placing'; placing: PlacingData }
  | { t: 'skip'; seq: number }
  /** `memory`: the acknowledged batch's memory (PackedBatch.memory), for the reader's next batches. */
  | { t: 'ack'; memory?: ArrayBuffer };

export type FromReader =
  | { t: 'begin'; seq: number; format: 'police-uk' | 'extract'; fallsWithin: string; synthetic: boolean }
  | { t: 'batch'; seq: number; batch: PackedBatch }
  /** `forceId`: the force the rows were placed in (0 when the file was skipped). */
  | { t: 'end'; seq: number; forceId: number; warnings: string[] }
  | { t: 'fail'; seq: number; error: ErrorData }
  | { t: 'crash'; message: string; stack?: string };

/**
 * Bytes per row of a batch's typed arrays, which share one ArrayBuffer (`PackedBatch.memory`), with
 * room for as many new places as rows: the 8-byte columns first (key, harm, extract numbers, place
 * coordinates and areas), then month, category, line, idStart, idEnd, place, labels and place labels (4 bytes
 * each), then the placements, so every array starts aligned to its element size.
 */
function rowBytes(extract: boolean): number {
  return (
    8 * (2 + (extract ? EXTRACT_NUMBER_COLUMNS.length : 0) + 4 + AREAS) + 4 * (6 + LABELS + PLACE_LABELS) + 2
  );
}

/**
 * An empty batch with room for `rows` rows, its arrays laid out in `reuse` when that is big enough
 * (a batch's memory the writer gave back), else in new memory. Reused memory holds an earlier
 * batch's values: every column of a packed row is written, none is left to a zeroed start.
 */
export function newPackedBatch(rows: number, extract: boolean, reuse?: ArrayBuffer): PackedBatch {
  const bytes = Math.ceil((rows * rowBytes(extract)) / 8) * 8;
  const memory = reuse && reuse.byteLength >= bytes ? reuse : new ArrayBuffer(bytes);
  let at = 0;
  const take = <T>(make: (m: ArrayBuffer, at: number, n: number) => T, n: number, size: number): T => {
    const a = make(memory, at, n);
    at += n * size;
    return a;
  };
  const f64 = (n: number) => take((m, o, k) => new Float64Array(m, o, k), n, 8);
  const i32 = (n: number) => take((m, o, k) => new Int32Array(m, o, k), n, 4);
  const u8 = (n: number) => take((m, o, k) => new Uint8Array(m, o, k), n, 1);
  const key = take((m, o, k) => new BigInt64Array(m, o, k), rows, 8);
  const harm = f64(rows);
  const numbers = extract ? f64(rows * EXTRACT_NUMBER_COLUMNS.length) : null;
  const placeCoords = f64(rows * 4);
  const placeAreas = f64(rows * AREAS);
  return {
    memory,
    n: 0,
    read: 0,
    rejected: 0,
    quoteLines: 0,
    key,
    harm,
    month: i32(rows),
    category: i32(rows),
    line: i32(rows),
    idStart: i32(rows),
    idEnd: i32(rows),
    place: i32(rows),
    labels: i32(rows * LABELS),
    placeLabels: i32(rows * PLACE_LABELS),
    placement: u8(rows),
    placePlacement: u8(rows),
    placeCoords,
    placeAreas,
    newPlaces: 0,
    placeImpact: null,
    crimeIds: '',
    newLabels: [],
    numbersReset: false,
    extract: numbers ? { offenceCode: [], offenceSubcode: [], numbers } : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Natural keys, written straight into a BigInt64Array (two 32-bit halves, no BigInt arithmetic).
// They equal keys.ts's idKey and contentKey bit for bit (import-batch.test.ts holds them to it).

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const LO = LITTLE_ENDIAN ? 0 : 1;
const HI = 1 - LO;

/** keys.ts idKey(id) into halves[2i], halves[2i+1] (a Uint32Array over a BigInt64Array). */
export function idKeyInto(id: string, halves: Uint32Array, i: number): void {
  idKeyAt(id, 0, id.length, halves, i);
}

/** idKeyInto for the ID at t[start, end). */
export function idKeyAt(t: string, start: number, end: number, halves: Uint32Array, i: number): void {
  if (end - start >= 32) {
    let hi = 0;
    let lo = 0;
    let ok = true;
    for (let k = 0; k < 16; k++) {
      const c = t.charCodeAt(start + k);
      let d: number;
      if (c >= 48 && c <= 57) d = c - 48;
      else if (c >= 97 && c <= 102) d = c - 87;
      else {
        ok = false;
        break;
      }
      if (k < 8) hi = hi * 16 + d;
      else lo = lo * 16 + d;
    }
    if (ok) {
      halves[2 * i + HI] = hi & 0x7fffffff;
      halves[2 * i + LO] = lo;
      return;
    }
  }
  hash63Into(`id\u0000${t.slice(start, end)}`, halves, i);
}

/** keys.ts contentKey(content, occurrence) into halves[2i], halves[2i+1]. */
export function contentKeyInto(content: string, occurrence: number, halves: Uint32Array, i: number): void {
  hash63Into(`row\u0000${content}\u0000${occurrence}`, halves, i);
}

const lanes = new Uint32Array(2);

/**
 * Content keys of one file's rows without an ID (keys.ts contentKey), each counted as the how-many-th
 * row of the same content, in one pass over the content and without building it as a string for
 * the police.uk fast path. Repeats are counted by a 53-bit fingerprint of the content (the hash
 * state before the occurrence): two different contents of a file share a count only if their
 * fingerprints collide (about n²/2⁵⁴ for n such rows in a file), and then the later one is merely
 * numbered on from the other's count, which a re-import of the same file numbers the same way.
 */
export class ContentKeys {
  private readonly seen = new Map<number, number>();
  private h1 = 0;
  private h2 = 0;

  /**
   * contentKeyInto(content, its occurrence so far, halves, i). Returns the occurrence when it is
   * 10 or more (the rare path, where the caller checks for implausible repeats), else -1.
   */
  ofString(content: string, halves: Uint32Array, i: number): number {
    this.start(content.length);
    let h1 = this.h1;
    let h2 = this.h2;
    for (let j = 0; j < content.length; j++) {
      const c = content.charCodeAt(j);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      h2 ^= h2 >>> 15;
    }
    this.h1 = h1;
    this.h2 = h2;
    const occurrence = this.finish(halves, i);
    if (occurrence >= 0) contentKeyInto(content, occurrence, halves, i);
    return occurrence;
  }

  /**
   * The same for a police.uk line t[start, end) whose fields hold no comma, in month `month`: its
   * content is `${month}\u0000` and the fields joined by \u0001 (as the general path joins them).
   */
  ofLine(month: number, t: string, start: number, end: number, halves: Uint32Array, i: number): number {
    const m = String(month);
    this.start(m.length + 1 + end - start);
    let h1 = this.h1;
    let h2 = this.h2;
    for (let j = 0; j <= m.length; j++) {
      const c = j < m.length ? m.charCodeAt(j) : 0;
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      h2 ^= h2 >>> 15;
    }
    for (let j = start; j < end; j++) {
      let c = t.charCodeAt(j);
      if (c === 44) c = 1; // ',' → \u0001
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      h2 ^= h2 >>> 15;
    }
    this.h1 = h1;
    this.h2 = h2;
    const occurrence = this.finish(halves, i);
    if (occurrence >= 0) {
      const content = `${m}\u0000${t.slice(start, end).replaceAll(',', '\u0001')}`;
      contentKeyInto(content, occurrence, halves, i);
    }
    return occurrence;
  }

  /**
   * hashLanes's state after `row\u0000` for a key text of a content of `length` characters and a
   * one-digit occurrence: `row\u0000${content}\u0000${occurrence}`.
   */
  private start(length: number): void {
    let h1 = 0x811c9dc5;
    let h2 = 0x01000193 ^ (4 + length + 2);
    for (const c of ROW_PREFIX) {
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      h2 ^= h2 >>> 15;
    }
    this.h1 = h1;
    this.h2 = h2;
  }

  /**
   * Counts the content (its state is in h1, h2) and writes its key; returns -1, or instead the
   * occurrence when it has two digits or more, whose key the caller makes from the content string.
   */
  private finish(halves: Uint32Array, i: number): number {
    let h1 = Math.imul(this.h1 ^ 0, 0x01000193); // the \u0000 before the occurrence
    let h2 = Math.imul(this.h2 ^ 0, 0x5bd1e995);
    h2 ^= h2 >>> 15;
    const fingerprint = (h1 >>> 0) * 2 ** 21 + (h2 >>> 11);
    const occurrence = this.seen.get(fingerprint) ?? 0;
    this.seen.set(fingerprint, occurrence + 1);
    if (occurrence > 9) return occurrence; // more than one digit: a longer key text
    const c = 48 + occurrence;
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
    lanes[0] = finalH1(h1);
    lanes[1] = finalH2(h2);
    writeHash63(halves, i);
    return -1;
  }
}

/** "row\u0000" as character codes. */
const ROW_PREFIX = [114, 111, 119, 0];

/** keys.ts hash63: ((h1 << 31) ^ h2) & (2⁶³ − 1), as halves, without BigInt. */
function hash63Into(s: string, halves: Uint32Array, i: number): void {
  hashLanes(s, lanes);
  writeHash63(halves, i);
}

/** hash63 of the lanes in `lanes`, into halves[2i], halves[2i+1]. */
function writeHash63(halves: Uint32Array, i: number): void {
  const h1 = lanes[0];
  halves[2 * i + HI] = h1 >>> 1;
  halves[2 * i + LO] = ((h1 & 1) << 31) ^ lanes[1];
}
