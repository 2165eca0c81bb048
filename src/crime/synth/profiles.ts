/**
 * What the generator knows about each kind of crime: its share within its police.uk category, the
 * Home Office offence codes it is recorded under (every one maps to that category in
 * ../offence-codes.ts), the places it happens at, when in the week it happens, who its victims are,
 * how long after it it is recorded, and (burglary) how officers attend.
 *
 * The numbers are plausible shapes, not measurements: police.uk publishes no times, codes or victim
 * details. They follow the familiar patterns of the literature and of force analyses: night-time
 * economy violence on Friday and Saturday nights, residential burglary in the daytime while homes
 * are empty, vehicle crime overnight, shoplifting in opening hours, robbery victims in their teens,
 * domestic abuse in the evening and at weekends. docs/decisions.md ("Synthetic West Midlands
 * extract") lists them; tests check the output against these tables.
 */
import type { Category } from '../categories.ts';

export const PLACE_TYPES = ['nte', 'retail', 'transport', 'residential', 'parking'] as const;
export type PlaceType = (typeof PLACE_TYPES)[number];

/** Spread of crime around a micro-place centre (metres, standard deviation of each axis). */
export const PLACE_SIGMA: Record<PlaceType, number> = {
  nte: 12,
  retail: 15,
  transport: 12,
  residential: 25,
  parking: 15,
};

export type TimeProfileName =
  | 'nte'
  | 'domestic'
  | 'street'
  | 'retail'
  | 'daytime-burglary'
  | 'overnight'
  | 'daytime'
  | 'evening';

export type AgeProfileName = 'nte' | 'youth' | 'street' | 'domestic' | 'householder' | 'adult' | 'officer';

/** occurred_to: none, a few minutes, a window while the place was empty, or overnight. */
export type WindowModel = 'instant' | 'short' | 'away' | 'overnight';
/** Time from the end of the offence to its recording. */
export type LagModel = 'immediate' | 'domestic' | 'discovery' | 'delayed' | 'proactive' | 'sexual';

export interface OffenceCode {
  code: string;
  weight: number;
  /** Victim ages the code allows (e.g. 19E rape of a female under 13), inclusive. */
  ages?: [number, number];
  /** Victim age profile for this code instead of the kind's (e.g. assaults on constables). */
  ageProfile?: AgeProfileName;
  /** Base chance the victim is flagged vulnerable (adults 18–74), instead of the kind's. */
  vulnerable?: number;
  /** Recording lag for this code instead of the kind's (sexual offences are often reported late). */
  lag?: LagModel;
}

export interface Attendance {
  /** Shares of rows attended, declined by the victim, and not attended; they sum to 1. */
  attended: number;
  declined: number;
  /** Share of attendances that are immediate (blue-light, median 25 min) vs scheduled (median 6 h). */
  emergency: number;
}

export interface Kind {
  name: string;
  category: Category;
  /** Share of the category's crimes (before the place adjustment for night-time economy kinds). */
  share: number;
  codes: OffenceCode[];
  /** How strongly the kind is drawn to each place type (0 = never). */
  affinity: Partial<Record<PlaceType, number>>;
  /** Probability that a crime of this kind happens at one of its LSOA's micro-places. */
  hot: number;
  time: TimeProfileName;
  /** Victim age profile, or null when there is no personal victim (shops, the state). */
  age: AgeProfileName | null;
  /** Probability a victim's age is recorded when the kind has a personal victim. */
  ageKnown: number;
  /** Probability the crime is flagged domestic. */
  domestic: number;
  /** Base chance an adult victim (18–74) is flagged vulnerable. */
  vulnerable: number;
  window: WindowModel;
  lag: LagModel;
  attendance?: Attendance;
}

const V: Category = 'Violence and sexual offences';

/** Sexual offence codes, shared by the violence kinds (weights within the kind). */
const SEXUAL = (scale: number): OffenceCode[] => [
  { code: '19C', weight: 0.02 * scale, ages: [16, 90], vulnerable: 0.35, lag: 'sexual' },
  { code: '19D', weight: 0.004 * scale, ages: [13, 15], lag: 'sexual' },
  { code: '19E', weight: 0.002 * scale, ages: [4, 12], lag: 'sexual' },
  { code: '20A', weight: 0.04 * scale, ages: [13, 90], vulnerable: 0.2, lag: 'sexual' },
  { code: '20B', weight: 0.006 * scale, ages: [4, 12], lag: 'sexual' },
  { code: '17A', weight: 0.005 * scale, ages: [13, 90], lag: 'sexual' },
  { code: '17B', weight: 0.002 * scale, ages: [4, 12], lag: 'sexual' },
];

export const KINDS: readonly Kind[] = [
  {
    name: 'violence-domestic',
    category: V,
    share: 0.35,
    codes: [
      { code: '8N', weight: 0.3 },
      { code: '105A', weight: 0.27 },
      { code: '8L', weight: 0.14 },
      { code: '8Q', weight: 0.05 },
      { code: '3B', weight: 0.04 },
      { code: '5D', weight: 0.015 },
      { code: '11A', weight: 0.02, ages: [0, 15] },
      ...SEXUAL(1),
    ],
    affinity: { residential: 1 },
    hot: 0.35,
    time: 'domestic',
    age: 'domestic',
    ageKnown: 0.97,
    domestic: 1,
    vulnerable: 0.25,
    window: 'short',
    lag: 'domestic',
  },
  {
    name: 'violence-nte',
    category: V,
    share: 0.12,
    codes: [
      { code: '8N', weight: 0.42 },
      { code: '105A', weight: 0.3 },
      { code: '5D', weight: 0.05 },
      { code: '104', weight: 0.06, ageProfile: 'officer' },
      { code: '8S', weight: 0.02, ageProfile: 'officer' },
      { code: '8P', weight: 0.02 },
      { code: '105B', weight: 0.04 },
      { code: '20A', weight: 0.07, ages: [16, 90], lag: 'sexual' },
      { code: '19C', weight: 0.01, ages: [16, 90], vulnerable: 0.35, lag: 'sexual' },
    ],
    affinity: { nte: 1, transport: 0.3 },
    hot: 0.9,
    time: 'nte',
    age: 'nte',
    ageKnown: 0.97,
    domestic: 0,
    vulnerable: 0.05,
    window: 'instant',
    lag: 'immediate',
  },
  {
    name: 'violence-other',
    category: V,
    share: 0.53,
    codes: [
      { code: '105A', weight: 0.3 },
      { code: '8N', weight: 0.22 },
      { code: '8L', weight: 0.15 },
      { code: '3B', weight: 0.05 },
      { code: '8M', weight: 0.02 },
      { code: '105B', weight: 0.03 },
      { code: '8P', weight: 0.01 },
      { code: '5D', weight: 0.02 },
      { code: '5E', weight: 0.002 },
      { code: '8Q', weight: 0.02 },
      { code: '104', weight: 0.02, ageProfile: 'officer' },
      { code: '11A', weight: 0.01, ages: [0, 15] },
      { code: '13', weight: 0.002, ages: [0, 15] },
      { code: '36', weight: 0.002 },
      { code: '106', weight: 0.003 },
      { code: '88A', weight: 0.004, ages: [10, 15], lag: 'sexual' },
      { code: '71', weight: 0.003, ages: [12, 17], lag: 'sexual' },
      { code: '1', weight: 0.0004 },
      { code: '4.1', weight: 0.0003 },
      ...SEXUAL(1.2),
    ],
    affinity: { retail: 0.5, transport: 0.6, residential: 0.4, nte: 0.3, parking: 0.1 },
    hot: 0.55,
    time: 'street',
    age: 'street',
    ageKnown: 0.96,
    domestic: 0,
    vulnerable: 0.06,
    window: 'short',
    lag: 'immediate',
  },
  {
    name: 'burglary-dwelling',
    category: 'Burglary',
    share: 0.72,
    codes: [
      { code: '28E', weight: 0.78 },
      { code: '28F', weight: 0.22 },
    ],
    affinity: { residential: 1 },
    hot: 0.25,
    time: 'daytime-burglary',
    age: 'householder',
    ageKnown: 0.92,
    domestic: 0.03,
    vulnerable: 0.05,
    window: 'away',
    lag: 'discovery',
    attendance: { attended: 0.82, declined: 0.1, emergency: 0.35 },
  },
  {
    name: 'burglary-non-dwelling',
    category: 'Burglary',
    share: 0.1,
    codes: [
      { code: '28G', weight: 0.8 },
      { code: '28H', weight: 0.2 },
    ],
    affinity: { residential: 0.6, parking: 0.4 },
    hot: 0.2,
    time: 'overnight',
    age: 'householder',
    ageKnown: 0.85,
    domestic: 0,
    vulnerable: 0.03,
    window: 'overnight',
    lag: 'discovery',
    attendance: { attended: 0.55, declined: 0.15, emergency: 0.15 },
  },
  {
    name: 'burglary-business',
    category: 'Burglary',
    share: 0.18,
    codes: [
      { code: '30C', weight: 0.82 },
      { code: '30D', weight: 0.18 },
    ],
    affinity: { retail: 1, nte: 0.3 },
    hot: 0.4,
    time: 'overnight',
    age: null,
    ageKnown: 0,
    domestic: 0,
    vulnerable: 0,
    window: 'overnight',
    lag: 'discovery',
    attendance: { attended: 0.6, declined: 0.1, emergency: 0.25 },
  },
  {
    name: 'robbery-personal',
    category: 'Robbery',
    share: 0.88,
    codes: [{ code: '34A', weight: 1 }],
    affinity: { transport: 0.6, nte: 0.4, retail: 0.4, residential: 0.2 },
    hot: 0.6,
    time: 'street',
    age: 'youth',
    ageKnown: 0.95,
    domestic: 0,
    vulnerable: 0.05,
    window: 'instant',
    lag: 'immediate',
  },
  {
    name: 'robbery-business',
    category: 'Robbery',
    share: 0.12,
    codes: [{ code: '34B', weight: 1 }],
    affinity: { retail: 1 },
    hot: 0.7,
    time: 'evening',
    age: null,
    ageKnown: 0,
    domestic: 0,
    vulnerable: 0,
    window: 'instant',
    lag: 'immediate',
  },
  {
    name: 'theft-from-the-person',
    category: 'Theft from the person',
    share: 1,
    codes: [{ code: '39', weight: 1 }],
    affinity: { nte: 0.6, retail: 0.6, transport: 0.8 },
    hot: 0.75,
    time: 'street',
    age: 'adult',
    ageKnown: 0.9,
    domestic: 0,
    vulnerable: 0.06,
    window: 'short',
    lag: 'delayed',
  },
  {
    name: 'bicycle-theft',
    category: 'Bicycle theft',
    share: 1,
    codes: [{ code: '44', weight: 1 }],
    affinity: { transport: 0.6, retail: 0.4, residential: 0.3 },
    hot: 0.5,
    time: 'daytime',
    age: 'adult',
    ageKnown: 0.8,
    domestic: 0,
    vulnerable: 0.02,
    window: 'away',
    lag: 'delayed',
  },
  {
    name: 'shoplifting',
    category: 'Shoplifting',
    share: 1,
    codes: [{ code: '46', weight: 1 }],
    affinity: { retail: 1 },
    hot: 0.95,
    time: 'retail',
    age: null,
    ageKnown: 0,
    domestic: 0,
    vulnerable: 0,
    window: 'instant',
    lag: 'delayed',
  },
  {
    name: 'vehicle-crime',
    category: 'Vehicle crime',
    share: 1,
    codes: [
      { code: '45', weight: 0.55 },
      { code: '48', weight: 0.25 },
      { code: '126', weight: 0.15 },
      { code: '37.2', weight: 0.05 },
    ],
    affinity: { parking: 1, residential: 0.6 },
    hot: 0.45,
    time: 'overnight',
    age: 'adult',
    ageKnown: 0.85,
    domestic: 0,
    vulnerable: 0.02,
    window: 'overnight',
    lag: 'discovery',
  },
  {
    name: 'other-theft',
    category: 'Other theft',
    share: 1,
    codes: [
      { code: '49', weight: 0.78 },
      { code: '40', weight: 0.06 },
      { code: '41', weight: 0.04 },
      { code: '43', weight: 0.03 },
      { code: '47', weight: 0.03 },
      { code: '35', weight: 0.03 },
      { code: '42', weight: 0.03 },
    ],
    affinity: { retail: 0.6, nte: 0.4, transport: 0.4, residential: 0.3 },
    hot: 0.55,
    time: 'daytime',
    age: 'adult',
    ageKnown: 0.6,
    domestic: 0.02,
    vulnerable: 0.04,
    window: 'away',
    lag: 'delayed',
  },
  {
    name: 'criminal-damage-home',
    category: 'Criminal damage and arson',
    share: 0.35,
    codes: [
      { code: '58A', weight: 0.85 },
      { code: '56B', weight: 0.1 },
      { code: '56A', weight: 0.05 },
    ],
    affinity: { residential: 1 },
    hot: 0.35,
    time: 'evening',
    age: 'householder',
    ageKnown: 0.85,
    domestic: 0.2,
    vulnerable: 0.06,
    window: 'away',
    lag: 'discovery',
  },
  {
    name: 'criminal-damage-other',
    category: 'Criminal damage and arson',
    share: 0.65,
    codes: [
      { code: '58C', weight: 0.5 },
      { code: '58B', weight: 0.2 },
      { code: '58D', weight: 0.22 },
      { code: '56B', weight: 0.08 },
    ],
    affinity: { parking: 1, residential: 0.5, retail: 0.3, nte: 0.2 },
    hot: 0.35,
    time: 'evening',
    age: 'adult',
    ageKnown: 0.5,
    domestic: 0.02,
    vulnerable: 0.02,
    window: 'overnight',
    lag: 'delayed',
  },
  {
    name: 'drugs',
    category: 'Drugs',
    share: 1,
    codes: [
      { code: '92D', weight: 0.55 },
      { code: '92E', weight: 0.15 },
      { code: '92A', weight: 0.25 },
      { code: '92C', weight: 0.05 },
    ],
    affinity: { nte: 0.5, transport: 0.5, residential: 0.5 },
    hot: 0.75,
    time: 'evening',
    age: null,
    ageKnown: 0,
    domestic: 0,
    vulnerable: 0,
    window: 'instant',
    lag: 'proactive',
  },
  {
    name: 'possession-of-weapons',
    category: 'Possession of weapons',
    share: 1,
    codes: [
      { code: '10D', weight: 0.55 },
      { code: '10C', weight: 0.25 },
      { code: '10A', weight: 0.05 },
      { code: '81', weight: 0.1 },
      { code: '90', weight: 0.05 },
    ],
    affinity: { nte: 0.6, transport: 0.5, residential: 0.3 },
    hot: 0.6,
    time: 'evening',
    age: null,
    ageKnown: 0,
    domestic: 0,
    vulnerable: 0,
    window: 'instant',
    lag: 'proactive',
  },
  {
    name: 'public-order-nte',
    category: 'Public order',
    share: 0.25,
    codes: [
      { code: '9A', weight: 0.85 },
      { code: '9B', weight: 0.05 },
      { code: '62A', weight: 0.03 },
      { code: '66', weight: 0.07 },
    ],
    affinity: { nte: 1, transport: 0.3 },
    hot: 0.85,
    time: 'nte',
    age: 'nte',
    ageKnown: 0.5,
    domestic: 0,
    vulnerable: 0.03,
    window: 'instant',
    lag: 'immediate',
  },
  {
    name: 'public-order-other',
    category: 'Public order',
    share: 0.75,
    codes: [
      { code: '9A', weight: 0.78 },
      { code: '9B', weight: 0.12 },
      { code: '66', weight: 0.1 },
    ],
    affinity: { retail: 0.5, transport: 0.5, residential: 0.5 },
    hot: 0.5,
    time: 'evening',
    age: 'street',
    ageKnown: 0.6,
    domestic: 0.1,
    vulnerable: 0.05,
    window: 'instant',
    lag: 'immediate',
  },
  {
    name: 'other-crime',
    category: 'Other crime',
    share: 1,
    codes: [
      { code: '99', weight: 0.28 },
      { code: '33', weight: 0.08 },
      { code: '95', weight: 0.06 },
      { code: '60', weight: 0.05 },
      { code: '61', weight: 0.06 },
      { code: '802', weight: 0.15 },
      { code: '814', weight: 0.1 },
      { code: '83', weight: 0.05 },
      { code: '24', weight: 0.07 },
      { code: '54', weight: 0.04 },
      { code: '86', weight: 0.06 },
    ],
    affinity: { retail: 0.3, transport: 0.3, residential: 0.5 },
    hot: 0.4,
    time: 'daytime',
    age: 'adult',
    ageKnown: 0.3,
    domestic: 0.03,
    vulnerable: 0.05,
    window: 'instant',
    lag: 'delayed',
  },
];

/** Days are Monday = 0 … Sunday = 6; hours 0–23 of the local (Europe/London) clock. */
const HOURS: Record<TimeProfileName, number[]> = {
  // biome-ignore format: a day's 24 hours in four rows of six
  nte: [9, 7, 4, 2, 1, 0.6, 0.4, 0.4, 0.5, 0.6, 0.8, 1, 1.2, 1.3, 1.4, 1.6, 1.8, 2, 2.4, 2.8, 3.2, 4, 5.5, 8],
  // biome-ignore format: a day's 24 hours
  domestic: [3, 2.2, 1.5, 1, 0.7, 0.5, 0.6, 0.9, 1.2, 1.5, 1.8, 2, 2.2, 2.3, 2.4, 2.6, 3, 3.5, 4, 4.4, 4.6, 4.6, 4.2, 3.6],
  // biome-ignore format: a day's 24 hours
  street: [1.5, 1, 0.6, 0.4, 0.3, 0.3, 0.5, 1, 1.8, 2, 2.2, 2.6, 3, 3.2, 3.5, 4.5, 5, 5, 4.6, 4.2, 3.8, 3.4, 2.8, 2.2],
  // biome-ignore format: a day's 24 hours
  retail: [0.05, 0.03, 0.02, 0.02, 0.02, 0.05, 0.2, 0.8, 2.5, 4.5, 6, 7, 7.5, 7.5, 7.5, 7.5, 7, 6.5, 5.5, 4, 2.5, 1.3, 0.5, 0.15],
  // biome-ignore format: a day's 24 hours
  'daytime-burglary': [1.2, 1, 0.8, 0.6, 0.5, 0.4, 0.5, 1, 2.5, 4, 5, 5.5, 5.5, 5.5, 5.5, 5, 4.6, 4.2, 3.8, 3.2, 2.6, 2, 1.6, 1.4],
  // biome-ignore format: a day's 24 hours
  overnight: [5, 5, 4.5, 4, 3, 2, 1.2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1.2, 1.6, 2.4, 3, 3.6, 4.2, 4.8, 5],
  // biome-ignore format: a day's 24 hours
  daytime: [0.5, 0.3, 0.2, 0.2, 0.2, 0.3, 0.8, 2, 3.5, 4, 4.2, 4.5, 4.8, 4.8, 4.8, 4.8, 4.6, 4.4, 3.8, 3, 2.4, 1.8, 1.2, 0.8],
  // biome-ignore format: a day's 24 hours
  evening: [2.5, 2, 1.4, 0.9, 0.6, 0.5, 0.5, 0.7, 1.2, 1.6, 2, 2.4, 2.8, 3, 3.2, 3.6, 4, 4.4, 4.8, 5, 5, 4.6, 4, 3.2],
};

/** Multiplier for day `d` (Monday = 0), hour `h`. */
function weekFactor(p: TimeProfileName, d: number, h: number): number {
  const friSatEvening = (d === 4 || d === 5) && h >= 18;
  const satSunSmallHours = (d === 5 || d === 6) && h < 6;
  switch (p) {
    case 'nte':
      if (friSatEvening) return h >= 20 ? 3 : 1.8;
      if (satSunSmallHours) return 3.5;
      if (d === 3 && h >= 20) return 1.3; // Thursday student nights
      if (d === 4 && h < 6) return 1.3;
      if (d === 6 && h >= 18) return 0.8;
      return 1;
    case 'domestic':
      if (satSunSmallHours && h < 4) return 1.6;
      return d >= 5 ? 1.25 : 1;
    case 'street':
      if (friSatEvening) return 1.15;
      return d === 6 ? 0.85 : 1;
    case 'retail':
      if (d === 6) return h < 10 || h >= 17 ? 0.2 : 0.75;
      return d === 5 ? 1.2 : 1;
    case 'daytime-burglary':
      return d < 5 ? 1.1 : d === 5 ? 0.9 : 0.75;
    case 'overnight':
      return 1;
    case 'daytime':
      return d === 6 ? 0.8 : 1;
    case 'evening':
      if (friSatEvening) return 1.25;
      if (satSunSmallHours) return 1.3;
      return 1;
  }
}

/** The 168 weights (index day * 24 + hour) of a time profile, summing to 1. */
export function weekProfile(p: TimeProfileName): Float64Array {
  const out = new Float64Array(168);
  let total = 0;
  for (let d = 0; d < 7; d++) {
    for (let h = 0; h < 24; h++) {
      const w = HOURS[p][h] * weekFactor(p, d, h);
      out[d * 24 + h] = w;
      total += w;
    }
  }
  for (let i = 0; i < 168; i++) out[i] /= total;
  return out;
}

export const TIME_PROFILES = Object.keys(HOURS) as TimeProfileName[];

/** Victim age densities: piecewise linear through (age, weight) points, zero outside them. */
const AGES: Record<AgeProfileName, [number, number][]> = {
  nte: [
    [16, 0],
    [18, 6],
    [22, 10],
    [27, 8],
    [35, 4],
    [45, 2],
    [60, 0.5],
    [75, 0],
  ],
  youth: [
    [8, 0],
    [12, 3],
    [16, 9],
    [20, 8],
    [25, 5],
    [35, 3],
    [50, 1.5],
    [70, 0.5],
    [85, 0],
  ],
  street: [
    [3, 0],
    [10, 2],
    [15, 6],
    [20, 7],
    [30, 6],
    [40, 5],
    [50, 3.5],
    [65, 1.5],
    [80, 0.5],
    [92, 0],
  ],
  domestic: [
    [14, 0],
    [16, 2],
    [20, 6],
    [28, 9],
    [35, 8],
    [45, 5],
    [55, 2.5],
    [70, 1],
    [85, 0.3],
    [95, 0],
  ],
  householder: [
    [18, 0],
    [22, 2],
    [30, 5],
    [40, 6],
    [50, 6],
    [60, 5],
    [70, 4],
    [80, 2.5],
    [90, 1],
    [99, 0],
  ],
  adult: [
    [14, 0],
    [20, 4],
    [30, 6],
    [45, 6],
    [60, 4],
    [75, 2],
    [92, 0],
  ],
  officer: [
    [19, 0],
    [21, 5],
    [30, 6],
    [40, 4],
    [50, 2],
    [60, 0],
  ],
};

/** Weights of ages 0..100 under a profile, limited to [min, max] (uniform there if the profile is 0). */
export function ageWeights(p: AgeProfileName, range: [number, number] = [0, 100]): Float64Array {
  const pts = AGES[p];
  const out = new Float64Array(101);
  let total = 0;
  for (let a = range[0]; a <= range[1]; a++) {
    let w = 0;
    for (let i = 1; i < pts.length; i++) {
      const [a0, w0] = pts[i - 1];
      const [a1, w1] = pts[i];
      if (a >= a0 && a <= a1) {
        w = w0 + ((w1 - w0) * (a - a0)) / (a1 - a0);
        break;
      }
    }
    out[a] = w;
    total += w;
  }
  if (total === 0) for (let a = range[0]; a <= range[1]; a++) out[a] = 1;
  return out;
}
