import type { Category } from './categories.ts';

/** Which kind of file a crime row came from. */
export type CrimeSource = 'police-uk' | 'extract';

/**
 * One crime (or ASB incident) as read from a file, validated, before it is placed in areas.
 * Both parsers (police.uk street-level CSV and the force extract CSV) produce this shape.
 * Coordinates: WGS84 lon/lat when the file gave them; easting/northing when it gave BNG.
 * The import pipeline fills in whichever pair is missing.
 */
export interface CrimeRecord {
  source: CrimeSource;
  /** police.uk "Crime ID" or the force's crime reference; null for ASB rows and other rows without one. */
  crimeId: string | null;
  /** Months since 1970-01 (see core/time/month.ts). */
  month: number;
  reportedBy: string;
  fallsWithin: string;
  lon: number | null;
  lat: number | null;
  easting: number | null;
  northing: number | null;
  location: string;
  /** LSOA code and name as the file gave them (police.uk's own assignment); '' when absent. */
  lsoaCode: string;
  lsoaName: string;
  category: Category;
  outcome: string;
  context: string;
  // Force extract only (null for police.uk rows).
  offenceCode: string | null;
  offenceSubcode: string | null;
  /** Epoch milliseconds (UTC) of the instants; the file gives Europe/London local times. */
  occurredFrom: number | null;
  occurredTo: number | null;
  recordedAt: number | null;
  victimAge: number | null;
  vulnerable: boolean | null;
  domestic: boolean | null;
  attendedAt: number | null;
  declinedAttendance: boolean | null;
}

/** A row that could not be read: where, and why. Goes to the rejects file. */
export interface RowProblem {
  line: number;
  field: string;
  reason: string;
}
