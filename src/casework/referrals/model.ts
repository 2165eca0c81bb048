import type { Transitions } from '../shared/state-machine.ts';

export const REFERRAL_CATEGORIES = [
  'child',
  'adult-at-risk',
  'domestic-abuse',
  'mental-health',
  'repeat-asb-victim',
  'exploitation',
  'other',
] as const;
export type ReferralCategory = (typeof REFERRAL_CATEGORIES)[number];

export const GRADES = ['red', 'amber', 'green'] as const;
export type Grade = (typeof GRADES)[number];

/** new → triaged → referred (to a partner agency) or signposted → closed. */
export const REFERRAL_STATES = ['new', 'triaged', 'referred', 'signposted', 'closed'] as const;
export type ReferralState = (typeof REFERRAL_STATES)[number];

export const REFERRAL_MOVES: Transitions<ReferralState> = {
  new: ['triaged'],
  triaged: ['referred', 'signposted'],
  referred: ['closed'],
  signposted: ['closed'],
  closed: [],
};

export function isIn<T extends string>(list: readonly T[], v: string): v is T {
  return (list as readonly string[]).includes(v);
}

/** Service level per grade, in working hours from receipt to referral or signposting. */
export type ServiceLevels = Record<Grade, number>;
export const DEFAULT_SERVICE_LEVELS: ServiceLevels = { red: 4, amber: 24, green: 72 };
export const SERVICE_LEVELS_SETTING = 'referrals.serviceLevels';

/** Working hours: weekdays (1 Monday … 7 Sunday) and the hours of the day, Europe/London. */
export interface WorkingHours {
  days: number[];
  startHour: number;
  endHour: number;
}
export const DEFAULT_WORKING_HOURS: WorkingHours = { days: [1, 2, 3, 4, 5], startHour: 8, endHour: 18 };
export const WORKING_HOURS_SETTING = 'referrals.workingHours';

/** A referral as the analytics read it. Instants are ISO UTC text. */
export interface ReferralRecord {
  id: number;
  ref: string;
  category: string;
  grade: Grade;
  unit: string | null;
  team: string;
  partner: string | null;
  state: ReferralState;
  /** How it was actioned: referred to a partner agency, or signposted. */
  outcome: 'referred' | 'signposted' | null;
  month: string;
  receivedAt: string;
  actionedAt: string | null;
  closedAt: string | null;
  synthetic: boolean;
}
