/**
 * Draws the rows of each month from the model. Every month is drawn from its own random stream,
 * seeded by (seed, month) alone, so a month's rows are the same whatever range it is generated in
 * (at the same fraction): 2021-04..2023-03 is a slice of 2019-04..2023-03.
 *
 * Times are local minutes (time.ts). A crime's month is its recorded month: the occurrence is drawn
 * in the month from its kind's week profile (a day of the week and an hour, then one of that
 * weekday's dates in the month), then the window, the recording lag and, for burglary, attendance;
 * a crime that would be recorded after the month ends is moved back by whole weeks (keeping its
 * weekday and hour) until it is recorded in the month.
 */

import { Rng } from '../../core/rng.ts';
import { CRIME_CATEGORIES } from './calibration.ts';
import { monthLsoaPickers, type SynthModel } from './model.ts';
import { KINDS, type LagModel, PLACE_SIGMA, PLACE_TYPES, type WindowModel } from './profiles.ts';
import { dayOfWeek, MINUTES_PER_DAY, MINUTES_PER_WEEK, monthDays } from './time.ts';

/** One month of rows, column by column; `order` lists the rows by recording time. */
export interface MonthBatch {
  /** Months since 1970-01. */
  month: number;
  size: number;
  /** Index into CRIME_CATEGORIES. */
  category: Uint8Array;
  /** Index into KINDS, and into that kind's codes. */
  kind: Uint8Array;
  code: Uint8Array;
  lsoa: Int32Array;
  /** Micro-place index, or -1 for a point drawn uniformly in the LSOA. */
  place: Int32Array;
  easting: Int32Array;
  northing: Int32Array;
  /** Local minutes since 1970-01-01 00:00; -1 = none. */
  occurredFrom: Int32Array;
  occurredTo: Int32Array;
  recordedAt: Int32Array;
  attendedAt: Int32Array;
  /** Whole years, -1 = not recorded. */
  victimAge: Int8Array;
  /** 1 yes, 0 no, -1 not known / not applicable. */
  vulnerable: Int8Array;
  domestic: Int8Array;
  declined: Int8Array;
  /** Index into model.outcomeLabels. */
  outcome: Uint8Array;
  /** Row indexes sorted by recordedAt (then by draw order). */
  order: Int32Array;
}

const MAX_LAG = 60 * MINUTES_PER_DAY;

/** A seed for one month's stream: splitmix-style mix of the seed and the month. */
export function monthSeed(seed: number, month: number): number {
  let z = (seed ^ Math.imul(month + 0x632be5ab, 0x9e3779b9)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, x));
}

function windowLength(w: WindowModel, rng: Rng): number {
  switch (w) {
    case 'instant':
      return -1;
    case 'short':
      return rng.chance(0.5) ? 5 + rng.int(56) : -1;
    case 'away':
      return rng.chance(0.25) ? -1 : Math.round(clamp(rng.lognormal(240, 0.8), 10, 3 * MINUTES_PER_DAY));
    case 'overnight':
      return Math.round(clamp(rng.lognormal(480, 0.5), 30, 2 * MINUTES_PER_DAY));
  }
}

/** Minutes from the end of the offence to its recording; `historicWeeks` set for a late report. */
function recordingLag(l: LagModel, rng: Rng, out: { historicWeeks: number }): number {
  out.historicWeeks = 0;
  switch (l) {
    case 'immediate':
      return Math.round(clamp(rng.lognormal(40, 1), 2, 3 * MINUTES_PER_DAY));
    case 'domestic':
      return Math.round(clamp(rng.lognormal(90, 1.5), 2, 30 * MINUTES_PER_DAY));
    case 'discovery':
      return Math.round(clamp(rng.lognormal(45, 1), 2, 3 * MINUTES_PER_DAY));
    case 'delayed':
      return Math.round(clamp(rng.lognormal(720, 1.4), 10, 30 * MINUTES_PER_DAY));
    case 'proactive':
      return Math.round(clamp(rng.lognormal(20, 0.7), 1, 600));
    case 'sexual':
      if (rng.chance(0.35)) {
        // Reported weeks to years later: log-uniform from 8 weeks to 15 years.
        out.historicWeeks = Math.round(Math.exp(Math.log(8) + rng.float() * Math.log((15 * 52) / 8)));
        return Math.round(clamp(rng.lognormal(1440, 1), 10, 30 * MINUTES_PER_DAY));
      }
      return Math.round(clamp(rng.lognormal(1440, 1.6), 10, MAX_LAG));
  }
}

/** Draws the rows of month number `i` of the model's range (0 = its first month). */
export function generateMonth(model: SynthModel, i: number): MonthBatch {
  const month = model.firstMonth + i;
  const rng = new Rng(monthSeed(model.options.seed, month));
  const perCat = model.counts[i];
  const size = perCat.reduce((a, b) => a + b, 0);
  const b: MonthBatch = {
    month,
    size,
    category: new Uint8Array(size),
    kind: new Uint8Array(size),
    code: new Uint8Array(size),
    lsoa: new Int32Array(size),
    place: new Int32Array(size),
    easting: new Int32Array(size),
    northing: new Int32Array(size),
    occurredFrom: new Int32Array(size),
    occurredTo: new Int32Array(size),
    recordedAt: new Int32Array(size),
    attendedAt: new Int32Array(size),
    victimAge: new Int8Array(size),
    vulnerable: new Int8Array(size),
    domestic: new Int8Array(size),
    declined: new Int8Array(size),
    outcome: new Uint8Array(size),
    order: new Int32Array(size),
  };
  // The month's categories in a random order (exact counts per category).
  let at = 0;
  perCat.forEach((n, c) => {
    b.category.fill(c, at, at + n);
    at += n;
  });
  for (let j = size - 1; j > 0; j--) {
    const k = rng.int(j + 1);
    const t = b.category[j];
    b.category[j] = b.category[k];
    b.category[k] = t;
  }

  const { first, days } = monthDays(month);
  const firstDow = dayOfWeek(first);
  const monthEnd = (first + days) * MINUTES_PER_DAY;
  const geo = model.geography;
  const places = model.places;
  const point = new Float64Array(2);
  const lagOut = { historicWeeks: 0 };
  const lsoaPickers = monthLsoaPickers(model, month);

  for (let r = 0; r < size; r++) {
    const c = b.category[r];
    const l = lsoaPickers[c].next(rng);
    const ks = model.kindsOf[c];
    const k = ks[model.kindPickers[c][l].next(rng)];
    const kind = KINDS[k];
    b.kind[r] = k;
    b.lsoa[r] = l;

    // Where.
    const placePicker = model.placePickers[k][l];
    let place = -1;
    if (placePicker !== null && rng.float() < kind.hot) {
      place = places.start[l] + placePicker.next(rng);
      const sigma = PLACE_SIGMA[PLACE_TYPES[places.type[place]]];
      const pe = places.e[place];
      const pn = places.n[place];
      let e = pe;
      let n = pn;
      for (let t = 0; t < 8; t++) {
        const te = Math.round(pe + sigma * rng.normal());
        const tn = Math.round(pn + sigma * rng.normal());
        if (geo.isIn(l, te, tn)) {
          e = te;
          n = tn;
          break;
        }
      }
      b.easting[r] = e;
      b.northing[r] = n;
    } else {
      geo.randomPointIn(l, rng, point);
      b.easting[r] = point[0];
      b.northing[r] = point[1];
    }
    b.place[r] = place;

    // What.
    const ci = model.codePickers[k].next(rng);
    b.code[r] = ci;
    const code = kind.codes[ci];

    // When: a day of the week and an hour from the kind's profile, then a date in the month.
    const slot = model.weekPickers[model.kindProfile[k]].next(rng);
    const dow = Math.floor(slot / 24);
    const hour = slot - dow * 24;
    const offset = (dow - firstDow + 7) % 7;
    const weeks = Math.floor((days - 1 - offset) / 7) + 1;
    const day = first + offset + 7 * rng.int(weeks);
    let from = day * MINUTES_PER_DAY + hour * 60 + rng.int(60);
    const w = windowLength(kind.window, rng);
    let to = w < 0 ? -1 : from + w;
    const lag = recordingLag(code.lag ?? kind.lag, rng, lagOut);
    let recorded = (to < 0 ? from : to) + lag;
    while (recorded >= monthEnd) {
      recorded -= MINUTES_PER_WEEK;
      from -= MINUTES_PER_WEEK;
      if (to >= 0) to -= MINUTES_PER_WEEK;
    }
    if (lagOut.historicWeeks > 0) {
      from -= lagOut.historicWeeks * MINUTES_PER_WEEK;
      if (to >= 0) to -= lagOut.historicWeeks * MINUTES_PER_WEEK;
    }
    b.occurredFrom[r] = from;
    b.occurredTo[r] = to;
    b.recordedAt[r] = recorded;

    // Who.
    const ages = model.agePickers[k][ci];
    let age = -1;
    if (ages !== null && rng.float() < kind.ageKnown) age = ages.next(rng);
    b.victimAge[r] = age;
    b.vulnerable[r] =
      age < 0
        ? -1
        : age < 18
          ? 1
          : age >= 75
            ? rng.chance(0.5)
              ? 1
              : 0
            : rng.chance(code.vulnerable ?? kind.vulnerable)
              ? 1
              : 0;
    b.domestic[r] = rng.float() < kind.domestic ? 1 : 0;

    // Attendance (burglary).
    const att = kind.attendance;
    b.attendedAt[r] = -1;
    b.declined[r] = -1;
    if (att) {
      const u = rng.float();
      if (u < att.attended) {
        const delay = rng.chance(att.emergency)
          ? clamp(rng.lognormal(25, 0.5), 3, 240)
          : clamp(rng.lognormal(360, 0.9), 30, 7 * MINUTES_PER_DAY);
        b.attendedAt[r] = recorded + Math.round(delay);
        b.declined[r] = 0;
      } else b.declined[r] = u < att.attended + att.declined ? 1 : 0;
    }
    b.outcome[r] = model.outcomePicker.next(rng);
  }

  // Sort by (recordedAt, draw order) as one float key: minutes < 2^31, rows < 2^21.
  const keys = new Float64Array(size);
  for (let j = 0; j < size; j++) keys[j] = b.recordedAt[j] * 2097152 + j;
  keys.sort();
  for (let j = 0; j < size; j++) b.order[j] = keys[j] % 2097152;
  return b;
}

/** Every month of the model's range, in order. */
export function* generateMonths(model: SynthModel): Generator<MonthBatch> {
  for (let i = 0; i < model.counts.length; i++) yield generateMonth(model, i);
}

export { CRIME_CATEGORIES };
