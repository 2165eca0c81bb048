/**
 * Targeted Guardian Patrols: the shapes of plans, hotspots, windows, events and pings, their
 * defaults (Op Savvy / Southend: 150 m radius, 500 m between centres, 15-minute visits, at most 60
 * minutes a patrol), and the zod schemas of the API's request bodies.
 */
import { z } from 'zod';
import { METHODS, type MethodName } from '../hotspots/index.ts';

export const PLAN_DEFAULTS = {
  hotspots: 20,
  radiusM: 150,
  minSeparationM: 500,
  visitMinutes: 15,
  visitsPerDay: 2,
  capMinutes: 60,
  cellM: 100,
  patrolShare: 0.5,
  weekLength: 7,
} as const;

/** The patrol cap of a Targeted Guardian Patrol: never more than an hour. */
export const MAX_CAP_MINUTES = 60;

/** Tactics a force starts with; a force may replace them (`beatwise patrols tactics`). */
export const DEFAULT_TACTICS: readonly { code: string; label: string }[] = [
  { code: 'visible-foot', label: 'Visible foot patrol' },
  { code: 'stationary', label: 'Stationary visible presence' },
  { code: 'engagement', label: 'Engaged with residents or businesses' },
  { code: 'stop-account', label: 'Stop and account' },
  { code: 'stop-search', label: 'Stop and search' },
  { code: 'licensed-premises', label: 'Licensed premises check' },
  { code: 'crime-prevention', label: 'Crime prevention advice' },
  { code: 'problem-solving', label: 'Problem-solving (lighting, litter, access)' },
];

/**
 * When to patrol: a window of at most 60 minutes on one weekday (0 = Monday) or every day (null),
 * starting `startMinute` after local (Europe/London) midnight.
 */
export interface PatrolWindow {
  weekday: number | null;
  startMinute: number;
  minutes: number;
  label: string;
  /** The share of the hotspot's crime (or harm) in the window; null for a default shift window. */
  share: number | null;
}

export interface PlanHotspot {
  rank: number;
  label: string;
  /** Centre in BNG metres and WGS84. */
  x: number;
  y: number;
  lon: number;
  lat: number;
  radiusM: number;
  /** GeoJSON Polygon in WGS84, when the hotspot has one; else the circle is the hotspot. */
  polygon: number[][][] | null;
  /** The team whose area holds the centre ('' when unknown). */
  teamCode: string;
  crimes: number;
  harm: number;
  crimeShare: number;
  harmShare: number;
  areaShare: number;
  windows: PatrolWindow[];
  /** 'crime times' when the windows come from this hotspot's crimes, else 'default shift'. */
  windowSource: 'crime times' | 'default shift';
}

export interface CrossoverAllocation {
  seed: number;
  patrolShare: number;
  days: number;
  weekLength: number;
}

/** What a plan was built from (stored with each version). */
export interface PlanParams {
  force: string;
  area: string | null;
  from: string | null;
  to: string | null;
  types: string;
  method: MethodName | null;
  hotspots: number;
  coverage: number | null;
  cellM: number;
  radiusM: number;
  minSeparationM: number;
  visitMinutes: number;
  visitsPerDay: number;
  capMinutes: number;
  startDate: string;
  endDate: string;
  randomise: boolean;
  patrolShare: number;
  seed: number | null;
}

export interface PlanSummary {
  /** The paper's sentence, for this plan: "… 1.4% of the area … 19% of crime … 18.4% of harm". */
  sentence: string;
  areaShare: number;
  crimeShare: number;
  harmShare: number;
  method: MethodName;
  methodLabel: string;
  /** How the method was chosen: given, or the back-test's best (with the figures). */
  methodReason: string;
  describe: string;
  months: [string, string] | null;
  windowsFrom: string;
  caveats: string[];
  warnings: string[];
  synthetic: boolean;
}

/** A plan version as stored and served. */
export interface PlanVersion {
  planId: number;
  versionId: number;
  version: number;
  latestVersion: number;
  force: string;
  name: string;
  area: { level: string; code: string; name: string };
  unit: string;
  team: string;
  startDate: string;
  endDate: string;
  days: number;
  visitMinutes: number;
  visitsPerDay: number;
  capMinutes: number;
  radiusM: number;
  minSeparationM: number;
  params: PlanParams;
  summary: PlanSummary;
  note: string | null;
  createdAt: string;
  createdBy: string;
  hotspots: PlanHotspot[];
  allocation: CrossoverAllocation | null;
  synthetic: boolean;
}

export const EVENT_KINDS = ['start', 'end', 'tactic', 'note', 'correction'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
export const EVENT_SOURCES = ['phone', 'track', 'manual'] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];

/** One patrol event as stored (append-only). */
export interface PatrolEvent {
  id: number;
  planId: number;
  versionId: number;
  hotspotRank: number | null;
  patrolKey: string;
  kind: EventKind;
  atMs: number;
  officerId: string;
  source: EventSource;
  x: number | null;
  y: number | null;
  tactic: string | null;
  note: string | null;
  correctsId: number | null;
  clientEventId: string;
  synthetic: boolean;
}

/** A GPS or radio-location ping. */
export interface Ping {
  officerId: string;
  atMs: number;
  x: number;
  y: number;
}

const dateText = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

export const planBody = z.object({
  name: z.string().min(1).max(120).optional(),
  area: z.string().min(1).max(100).optional(),
  from: z
    .string()
    .regex(/^\d{4}-\d{2}$/, 'a month as YYYY-MM')
    .optional(),
  to: z
    .string()
    .regex(/^\d{4}-\d{2}$/, 'a month as YYYY-MM')
    .optional(),
  types: z.string().min(1).max(200).optional(),
  method: z.enum(METHODS).optional(),
  hotspots: z.number().int().min(1).max(200).optional(),
  coverage: z.number().gt(0).max(0.2).optional(),
  cell: z.number().min(25).max(1000).optional(),
  radius: z.number().min(25).max(500).optional(),
  minSeparation: z.number().min(0).max(5000).optional(),
  visitMinutes: z.number().int().min(1).max(MAX_CAP_MINUTES).optional(),
  visitsPerDay: z.number().int().min(1).max(24).optional(),
  capMinutes: z.number().int().min(1).max(MAX_CAP_MINUTES).optional(),
  startDate: dateText,
  endDate: dateText,
  randomise: z.boolean().optional(),
  patrolShare: z.number().gt(0).lt(1).optional(),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .optional(),
  note: z.string().max(2000).optional(),
});
export type PlanBody = z.infer<typeof planBody>;

/** An edit: what changes; everything else is taken from the version edited. */
export const versionBody = planBody.partial().extend({
  rebuild: z.boolean().optional(),
  note: z.string().min(1).max(2000),
});
export type VersionBody = z.infer<typeof versionBody>;

export const eventInput = z.object({
  clientEventId: z.string().min(1).max(100),
  planId: z.number().int().positive(),
  version: z.number().int().positive().optional(),
  patrolKey: z.string().min(1).max(100),
  kind: z.enum(EVENT_KINDS),
  at: z.string().min(10).max(40),
  hotspot: z.number().int().positive().optional(),
  source: z.enum(EVENT_SOURCES).default('phone'),
  lon: z.number().min(-180).max(180).optional(),
  lat: z.number().min(-90).max(90).optional(),
  tactic: z.string().min(1).max(60).optional(),
  note: z.string().max(1000).optional(),
  corrects: z.number().int().positive().optional(),
  officerId: z.string().min(1).max(200).optional(),
});
export type EventInput = z.infer<typeof eventInput>;

export const eventsBody = z.object({ events: z.array(eventInput).min(1).max(500) });

/** A force's tactic list: codes are short slugs, unique; the order is the order officers see. */
export const tacticsBody = z.object({
  tactics: z
    .array(
      z.object({
        code: z
          .string()
          .regex(
            /^[a-z0-9][a-z0-9-]{0,39}$/,
            'a code of lower-case letters, digits and hyphens (at most 40)',
          ),
        label: z.string().trim().min(1).max(120),
      }),
    )
    .min(1)
    .max(50)
    .refine((l) => new Set(l.map((t) => t.code)).size === l.length, 'each code once'),
});

export const trackBody = z.object({
  format: z.enum(['csv', 'gpx']),
  text: z.string().min(1).max(5_000_000),
  file: z.string().max(200).optional(),
  /** For a GPX file, whose pings they are (default: the signed-in officer). */
  officerId: z.string().min(1).max(200).optional(),
});
