/**
 * The paper's six feature sections. Each feature (patrols, casework) exports a function of type
 * `MonthlyFiguresSource` from its index.ts; the lead plugs it in here as `source` at merge. A
 * section with no source says in one sentence that the feature is not yet set up for this force.
 */
import type { MonthlyFiguresSource } from '../core/monthly-figures.ts';

export interface FeatureSection {
  key: 'patrols' | 'burglary-pledge' | 'referrals' | 'offenders' | 'volunteers' | 'engagement';
  title: string;
  source?: MonthlyFiguresSource;
}

export const FEATURE_SECTIONS: readonly FeatureSection[] = [
  { key: 'patrols', title: 'Targeted patrols' },
  { key: 'burglary-pledge', title: 'Burglary attendance pledge' },
  { key: 'referrals', title: 'Referrals and safeguarding' },
  { key: 'offenders', title: 'Offender management' },
  { key: 'volunteers', title: 'Volunteers' },
  { key: 'engagement', title: 'Community engagement' },
];
