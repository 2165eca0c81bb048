export const TIERS = ['fixed', 'flex', 'free'] as const;
export type Tier = (typeof TIERS)[number];

export const IOM_EVENT_KINDS = ['review', 'visit', 'warrant', 'recall'] as const;
export type IomEventKind = (typeof IOM_EVENT_KINDS)[number];

/** Pathways of the reducing-reoffending model worked on with a member. */
export const PATHWAYS = [
  'accommodation',
  'substance-misuse',
  'education-training-employment',
  'finance-benefit-debt',
  'health',
  'children-families',
  'attitudes-thinking-behaviour',
] as const;

export const BEFORE_AFTER_CAVEAT =
  'Offending before and after entry to the cohort is not an evaluation: people are selected when their offending is high, so it tends to fall anyway (regression to the mean), and there is no comparison group.';

/** A cohort member as the analytics read it. Dates are 'YYYY-MM-DD'. */
export interface CohortMember {
  id: number;
  offenderRef: string;
  tier: Tier;
  score: number | null;
  scoreSource: string | null;
  unit: string | null;
  team: string;
  enteredOn: string;
  exitedOn: string | null;
  pathways: string[];
  synthetic: boolean;
}

/** A crime the extract (or a link file) ties to an offender reference. */
export interface LinkedCrime {
  offenderRef: string;
  crimeRef: string;
  /** 'YYYY-MM' */
  month: string;
  harm: number | null;
}

export function isTier(s: string): s is Tier {
  return (TIERS as readonly string[]).includes(s);
}

export function isEventKind(s: string): s is IomEventKind {
  return (IOM_EVENT_KINDS as readonly string[]).includes(s);
}
