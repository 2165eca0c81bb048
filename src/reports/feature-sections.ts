/**
 * The paper's six feature sections. Each feature (patrols, casework) exports a function of type
 * `MonthlyFiguresSource` from its index.ts, plugged in here as `source`. A section with no source
 * says in one sentence that the feature is not yet set up for this force; a source with no records
 * for the month says so in its own sentence.
 */
import { engagementMonthlyFigures } from '../casework/engagement/index.ts';
import {
  burglaryMonthlyFigures,
  offendersMonthlyFigures,
  referralsMonthlyFigures,
} from '../casework/index.ts';
import { volunteersMonthlyFigures } from '../casework/volunteers/index.ts';
import type { MonthlyFiguresSource } from '../core/monthly-figures.ts';
import { patrolsMonthlyFigures } from '../patrols/index.ts';

export interface FeatureSection {
  key: 'patrols' | 'burglary-pledge' | 'referrals' | 'offenders' | 'volunteers' | 'engagement';
  title: string;
  source?: MonthlyFiguresSource;
}

export const FEATURE_SECTIONS: readonly FeatureSection[] = [
  { key: 'patrols', title: 'Targeted patrols', source: patrolsMonthlyFigures },
  { key: 'burglary-pledge', title: 'Burglary attendance pledge', source: burglaryMonthlyFigures },
  { key: 'referrals', title: 'Referrals and safeguarding', source: referralsMonthlyFigures },
  { key: 'offenders', title: 'Offender management', source: offendersMonthlyFigures },
  { key: 'volunteers', title: 'Volunteers', source: volunteersMonthlyFigures },
  { key: 'engagement', title: 'Community engagement', source: engagementMonthlyFigures },
];
