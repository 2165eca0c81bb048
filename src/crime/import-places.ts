/**
 * The writer's side of the reader's place numbering (see import-batch.ts): what each numbered place
 * is, and its id in the store once one of its rows is written.
 */
import type { BulkWriter } from '../core/store/store.ts';
import type { AreaNumbers } from './file-cube.ts';
import { AREAS, type PackedBatch, PLACE_LABELS } from './import-batch.ts';

/** Numbers per place in `values`: its label numbers, lon, lat, easting, northing, placement, areas. */
const WIDTH = PLACE_LABELS + 4 + 1 + AREAS;
const AT_COORDS = PLACE_LABELS;
const AT_PLACEMENT = AT_COORDS + 4;
const AT_AREAS = AT_PLACEMENT + 1;

export class PlaceNumbers {
  /** WIDTH numbers per place, by number (typed: one block of memory however many places). */
  private values = new Float64Array(WIDTH * 1024);
  /** Impact Area ids per place (null = none), by number. */
  private readonly impact: (string | null)[] = [];
  /** Store id by number (-1 = not looked up yet). */
  private ids = new Float64Array(1024);
  /** Area numbers (AREAS per place, -1 = none) and Impact Area numbers, once `areasAt` worked them out. */
  areaNumbers = new Int32Array(AREAS * 1024);
  private readonly impactList: (readonly number[] | null)[] = [];
  /** 1 when the place's area numbers are worked out. */
  private numbered = new Uint8Array(1024);
  private n = 0;

  get size(): number {
    return this.n;
  }

  /** Forgets every number (the reader's numbering started again). */
  clear(): void {
    this.n = 0;
    this.impact.length = 0;
    this.impactList.length = 0;
  }

  /** Takes in the places a batch numbers for the first time. */
  take(b: PackedBatch): void {
    const k = b.newPlaces;
    if (this.n + k > this.ids.length) {
      const size = Math.max(2 * this.ids.length, this.n + k);
      const values = new Float64Array(size * WIDTH);
      values.set(this.values.subarray(0, this.n * WIDTH));
      this.values = values;
      const ids = new Float64Array(size);
      ids.set(this.ids.subarray(0, this.n));
      this.ids = ids;
      const areaNumbers = new Int32Array(size * AREAS);
      areaNumbers.set(this.areaNumbers.subarray(0, this.n * AREAS));
      this.areaNumbers = areaNumbers;
      const numbered = new Uint8Array(size);
      numbered.set(this.numbered.subarray(0, this.n));
      this.numbered = numbered;
    }
    const v = this.values;
    for (let j = 0; j < k; j++) {
      const o = (this.n + j) * WIDTH;
      for (let q = 0; q < PLACE_LABELS; q++) v[o + q] = b.placeLabels[j * PLACE_LABELS + q];
      for (let q = 0; q < 4; q++) v[o + AT_COORDS + q] = b.placeCoords[j * 4 + q];
      v[o + AT_PLACEMENT] = b.placePlacement[j];
      for (let q = 0; q < AREAS; q++) v[o + AT_AREAS + q] = b.placeAreas[j * AREAS + q];
      this.impact.push(b.placeImpact ? b.placeImpact[j] : null);
    }
    this.ids.fill(-1, this.n, this.n + k);
    this.numbered.fill(0, this.n, this.n + k);
    for (let j = 0; j < k; j++) this.impactList.push(null);
    this.n += k;
  }

  /** Ids looked up in a transaction that rolled back may be gone: look them up again. */
  forgetIds(): void {
    this.ids.fill(-1, 0, this.n);
  }

  /** The store id of place `n` of force `forceId`, found or created on first use. */
  id(n: number, forceId: number, bulk: BulkWriter, labelId: (number: number) => number): number {
    const known = this.ids[n];
    if (known >= 0) return known;
    const v = this.values;
    const o = n * WIDTH;
    const c = o + AT_COORDS;
    const area = (k: number) => v[o + AT_AREAS + k] || null;
    const id = bulk.place(forceId, {
      location: labelId(v[o]),
      lsoa_given: labelId(v[o + 1]),
      lsoa_name_given: labelId(v[o + 2]),
      lon: orNull(v[c]),
      lat: orNull(v[c + 1]),
      easting: orNull(v[c + 2]),
      northing: orNull(v[c + 3]),
      placement: v[o + AT_PLACEMENT],
      lsoa_id: area(0),
      msoa_id: area(1),
      ward_id: area(2),
      district_id: area(3),
      team_id: area(4),
      unit_id: area(5),
      impact_area_ids: this.impact[n],
    });
    this.ids[n] = id;
    return id;
  }

  /**
   * Place `n` as its lon, lat, easting, northing (NaN = none), placement and AREAS area ids (0 =
   * none) in `out` (from index 0); returns its Impact Area ids text, or null.
   */
  placeOf(n: number, out: Float64Array): string | null {
    const at = n * WIDTH + AT_COORDS;
    for (let k = 0; k < 5 + AREAS; k++) out[k] = this.values[at + k];
    return this.impact[n];
  }

  /**
   * Where place `n`'s area numbers (under `numbers`, its force's) start in `areaNumbers`: worked out
   * at the place's first use (a place's force never changes).
   */
  areasAt(n: number, numbers: AreaNumbers): number {
    const at = n * AREAS;
    if (this.numbered[n] === 0) {
      const a = n * WIDTH + AT_AREAS;
      for (let k = 0; k < AREAS; k++) this.areaNumbers[at + k] = numbers.of(this.values[a + k]);
      const impact = this.impact[n];
      this.impactList[n] = impact === null ? null : impact.split(',').map((id) => numbers.of(Number(id)));
      this.numbered[n] = 1;
    }
    return at;
  }

  /** Place `n`'s Impact Area numbers (after `areasAt`), or null. */
  impactNumbers(n: number, numbers: AreaNumbers): readonly number[] | null {
    if (this.numbered[n] === 0) this.areasAt(n, numbers);
    return this.impactList[n];
  }
}

export function orNull(x: number): number | null {
  return Number.isNaN(x) ? null : x;
}
