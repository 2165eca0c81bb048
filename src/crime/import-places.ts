/**
 * The writer's side of the reader's place numbering (see import-batch.ts): what each numbered place
 * is, and its id in the store once one of its rows is written.
 */
import type { BulkWriter } from '../core/store/store.ts';
import type { CrimePlace } from './cube.ts';
import { AREAS, type PackedBatch, PLACE_LABELS } from './import-batch.ts';

export class PlaceNumbers {
  private readonly labels: number[] = [];
  private readonly coords: number[] = [];
  private readonly placement: number[] = [];
  private readonly areas: number[] = [];
  private readonly impact: (string | null)[] = [];
  /** Store id by number (-1 = not looked up yet). */
  private readonly ids: number[] = [];

  get size(): number {
    return this.ids.length;
  }

  /** Forgets every number (the reader's numbering started again). */
  clear(): void {
    for (const a of [this.labels, this.coords, this.placement, this.areas, this.impact, this.ids])
      a.length = 0;
  }

  /** Takes in the places a batch numbers for the first time. */
  take(b: PackedBatch): void {
    for (let j = 0; j < b.newPlaces; j++) {
      for (let k = 0; k < PLACE_LABELS; k++) this.labels.push(b.placeLabels[j * PLACE_LABELS + k]);
      for (let k = 0; k < 4; k++) this.coords.push(b.placeCoords[j * 4 + k]);
      for (let k = 0; k < AREAS; k++) this.areas.push(b.placeAreas[j * AREAS + k]);
      this.placement.push(b.placePlacement[j]);
      this.impact.push(b.placeImpact ? b.placeImpact[j] : null);
      this.ids.push(-1);
    }
  }

  /** Ids looked up in a transaction that rolled back may be gone: look them up again. */
  forgetIds(): void {
    this.ids.fill(-1);
  }

  /** The store id of place `n` of force `forceId`, found or created on first use. */
  id(n: number, forceId: number, bulk: BulkWriter, labelId: (number: number) => number): number {
    const known = this.ids[n];
    if (known >= 0) return known;
    const l = n * PLACE_LABELS;
    const c = n * 4;
    const a = n * AREAS;
    const area = (k: number) => this.areas[a + k] || null;
    const id = bulk.place(forceId, {
      location: labelId(this.labels[l]),
      lsoa_given: labelId(this.labels[l + 1]),
      lsoa_name_given: labelId(this.labels[l + 2]),
      lon: orNull(this.coords[c]),
      lat: orNull(this.coords[c + 1]),
      easting: orNull(this.coords[c + 2]),
      northing: orNull(this.coords[c + 3]),
      placement: this.placement[n],
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

  /** Sets `p`'s placement and areas to place `n`'s (for the cube). */
  placeOf(n: number, p: CrimePlace): void {
    const a = n * AREAS;
    p.placement = this.placement[n];
    p.lsoa_id = this.areas[a];
    p.msoa_id = this.areas[a + 1];
    p.ward_id = this.areas[a + 2];
    p.district_id = this.areas[a + 3];
    p.team_id = this.areas[a + 4];
    p.unit_id = this.areas[a + 5];
    p.impact_area_ids = this.impact[n];
  }
}

export function orNull(x: number): number | null {
  return Number.isNaN(x) ? null : x;
}
