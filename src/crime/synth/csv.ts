/**
 * Writes the generated rows as a force extract CSV (docs/formats.md, "Force extract CSV"), with one
 * extra column the importer ignores: `synthetic`, always `Y`.
 */

import { once } from 'node:events';
import { createWriteStream, openSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { toCsvField } from '../../core/csv/write.ts';
import { BeatwiseError } from '../../core/errors.ts';
import { FORCE_NAME } from './calibration.ts';
import { CellCounter } from './concentration.ts';
import { CRIME_CATEGORIES, generateMonth, type MonthBatch } from './generate.ts';
import type { SynthModel } from './model.ts';
import { KINDS } from './profiles.ts';
import { formatLocal } from './time.ts';

export const SYNTH_COLUMNS = [
  'crime_reference',
  'recorded_at',
  'occurred_from',
  'occurred_to',
  'offence_code',
  'category',
  'easting',
  'northing',
  'victim_age',
  'vulnerable_victim',
  'domestic',
  'victim_declined_attendance',
  'attended_at',
  'outcome',
  'falls_within',
  'synthetic',
] as const;

export const SYNTH_HEADER = SYNTH_COLUMNS.join(',');

/** 'SYN-2104-000123': synthetic, recorded April 2021, 123rd of the month by recording time. */
export function crimeReference(month: number, seq: number): string {
  const y = Math.floor(month / 12) + 1970;
  const mo = month - (y - 1970) * 12 + 1;
  return `SYN-${String(y % 100).padStart(2, '0')}${String(mo).padStart(2, '0')}-${String(seq).padStart(6, '0')}`;
}

/** A growable byte buffer for ASCII/UTF-8 CSV text: no string per field, so little garbage. */
class ByteText {
  buf = Buffer.allocUnsafe(1 << 16);
  pos = 0;

  reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  bytes(b: Uint8Array): void {
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  byte(c: number): void {
    this.buf[this.pos++] = c;
  }

  /** A non-negative integer. */
  uint(n: number): void {
    if (n >= 10) this.uint(Math.floor(n / 10));
    this.buf[this.pos++] = 48 + (n % 10);
  }

  /** A non-negative integer, zero-padded to `width` digits. */
  padded(n: number, width: number): void {
    for (let i = width - 1; i >= 0; i--) {
      this.buf[this.pos + i] = 48 + (n % 10);
      n = Math.floor(n / 10);
    }
    this.pos += width;
  }
}

const COMMA = 44;
const HM_BYTES: Uint8Array[] = Array.from({ length: 1440 }, (_, m) =>
  Buffer.from(formatLocal(m).slice(11), 'latin1'),
);
const dayBytes = new Map<number, Uint8Array>();

/** Local minutes as 'YYYY-MM-DD HH:MM' (formatLocal, as bytes). */
function timestamp(out: ByteText, t: number): void {
  const day = Math.floor(t / 1440);
  const m = t - day * 1440;
  if (m >= 60 && m < 120) {
    out.bytes(Buffer.from(formatLocal(t), 'latin1')); // may be the spring-forward hour
    return;
  }
  let d = dayBytes.get(day);
  if (d === undefined) {
    d = Buffer.from(`${formatLocal(day * 1440).slice(0, 10)} `, 'latin1');
    dayBytes.set(day, d);
  }
  out.bytes(d);
  out.bytes(HM_BYTES[m]);
}

const YN = [Buffer.from(''), Buffer.from('N'), Buffer.from('Y')];

/** Pre-encoded text of the fields that repeat. */
interface Encoded {
  codes: Uint8Array[][];
  categories: Uint8Array[];
  outcomes: Uint8Array[];
  tail: Uint8Array;
}

function encode(model: SynthModel): Encoded {
  return {
    codes: KINDS.map((k) => k.codes.map((c) => Buffer.from(`,${c.code},`))),
    categories: CRIME_CATEGORIES.map((c) => Buffer.from(`${toCsvField(c)},`)),
    outcomes: model.outcomeLabels.map((o) => Buffer.from(`,${toCsvField(o)}`)),
    tail: Buffer.from(`,${toCsvField(FORCE_NAME)},Y\n`),
  };
}

function monthBytes(b: MonthBatch, enc: Encoded, cells?: CellCounter): ByteText {
  const out = new ByteText();
  const y = Math.floor(b.month / 12) + 1970;
  const ref = Buffer.from(
    `SYN-${String(y % 100).padStart(2, '0')}${String(b.month - (y - 1970) * 12 + 1).padStart(2, '0')}-`,
  );
  for (let j = 0; j < b.size; j++) {
    const r = b.order[j];
    out.reserve(512);
    out.bytes(ref);
    out.padded(j + 1, 6);
    out.byte(COMMA);
    timestamp(out, b.recordedAt[r]);
    out.byte(COMMA);
    timestamp(out, b.occurredFrom[r]);
    out.byte(COMMA);
    const to = b.occurredTo[r];
    if (to >= 0) timestamp(out, to);
    out.bytes(enc.codes[b.kind[r]][b.code[r]]);
    out.bytes(enc.categories[b.category[r]]);
    const e = b.easting[r];
    const n = b.northing[r];
    if (cells) cells.add(e, n);
    out.uint(e);
    out.byte(COMMA);
    out.uint(n);
    out.byte(COMMA);
    const age = b.victimAge[r];
    if (age >= 0) out.uint(age);
    out.byte(COMMA);
    out.bytes(YN[b.vulnerable[r] + 1]);
    out.byte(COMMA);
    out.bytes(YN[b.domestic[r] + 1]);
    out.byte(COMMA);
    out.bytes(YN[b.declined[r] + 1]);
    out.byte(COMMA);
    const att = b.attendedAt[r];
    if (att >= 0) timestamp(out, att);
    out.bytes(enc.outcomes[b.outcome[r]]);
    out.bytes(enc.tail);
  }
  return out;
}

/** The CSV lines (each ending in a line feed) of one month, in recording order. */
export function monthCsv(model: SynthModel, b: MonthBatch, cells?: CellCounter): string {
  const out = monthBytes(b, encode(model), cells);
  return out.buf.toString('utf8', 0, out.pos);
}

export interface WriteResult {
  file: string;
  rows: number;
  months: number;
  /** Bytes written to the file (compressed size for .gz). */
  bytes: number;
  /** Rows per category (CRIME_CATEGORIES order). */
  perCategory: number[];
  cells: CellCounter;
}

async function write(stream: Writable, text: string | Uint8Array): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

/**
 * Generates every month of the model and writes the extract to `file` (gzipped when it ends in
 * .gz). Counts crimes per 100 m cell on the way, for the concentration figures.
 */
export async function writeExtract(
  model: SynthModel,
  file: string,
  onMonth?: (done: number, total: number, rows: number) => void,
): Promise<WriteResult> {
  let fd: number;
  try {
    fd = openSync(file, 'w');
  } catch (e) {
    throw new BeatwiseError('synth.out', `cannot write the output file: ${(e as Error).message}`, { file });
  }
  const out = createWriteStream('', { fd });
  const sink: Writable = /\.gz$/i.test(file) ? createGzip({ level: 6 }) : out;
  if (sink !== out) sink.pipe(out);
  const cells = new CellCounter(100);
  const perCategory = CRIME_CATEGORIES.map(() => 0);
  let rows = 0;
  const enc = encode(model);
  try {
    await write(sink, `${SYNTH_HEADER}\n`);
    const months = model.counts.length;
    for (let i = 0; i < months; i++) {
      const b = generateMonth(model, i);
      for (let r = 0; r < b.size; r++) perCategory[b.category[r]]++;
      rows += b.size;
      const text = monthBytes(b, enc, cells);
      // Write in slices of 1 MB so the stream's buffer stays small.
      for (let s = 0; s < text.pos; s += 1 << 20)
        await write(sink, text.buf.subarray(s, Math.min(text.pos, s + (1 << 20))));
      onMonth?.(i + 1, months, rows);
    }
    sink.end();
    await finished(out);
  } catch (e) {
    out.destroy();
    throw e;
  }
  return { file, rows, months: model.counts.length, bytes: out.bytesWritten, perCategory, cells };
}
