/**
 * The status rule the app uses unless told otherwise. A status needs a real change: a month-on-month
 * change in rolling harm below MIN_PERCENT is "No change", and an area with fewer than MIN_CRIMES
 * crimes in its rolling window gets "too few crimes for a status" (one serious crime swings it).
 *
 * The Impact Area table keeps the board paper's own rule (any change counts, no minimum volume) so
 * it matches the paper's Table 3: with a 0.5% threshold, 7 of the paper's 19 statuses would change
 * (src/harm/thresholds.test.ts counts them). Both are shown on the pages and can be changed there.
 */
import { PAPER_RULE, type StatusRule } from './status.ts';

export const MIN_PERCENT = 0.5;
export const MIN_CRIMES = 50;

export const APP_RULE: StatusRule = {
  months: 3,
  minPercent: MIN_PERCENT,
  minVolume: 0,
  minCrimes: MIN_CRIMES,
};

/** The default rule for a level: the paper's for Impact Areas, the app's thresholds elsewhere. */
export function defaultRule(level: string): StatusRule {
  return level === 'impact-area' ? PAPER_RULE : APP_RULE;
}

/** The rule for a request: the level's default with any threshold the request gives. */
export function ruleFor(level: string, given: { minPercent?: number; minCrimes?: number }): StatusRule {
  const base = defaultRule(level);
  return {
    ...base,
    ...(given.minPercent !== undefined ? { minPercent: given.minPercent } : {}),
    ...(given.minCrimes !== undefined ? { minCrimes: given.minCrimes } : {}),
  };
}

/** The rule in words, for the page beside a status column and for exports. */
export function describeRule(rule: StatusRule): string {
  const change =
    rule.minPercent > 0
      ? `a month-on-month change in rolling harm of at least ${rule.minPercent}% (smaller is "No change")`
      : 'any month-on-month change in rolling harm (the board paper’s rule)';
  const volume = rule.minCrimes
    ? `; at least ${rule.minCrimes} crimes in the rolling window (fewer: too few crimes for a status)`
    : '';
  return `A status needs ${change}${volume}; ${rule.months} months in a row make Outstanding or Poor.`;
}
