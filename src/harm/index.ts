export { forceOverview, type ImpactAreaTable, impactAreaTable, type Overview } from './overview.ts';
export {
  type HarmQuery,
  type HarmReport,
  harmReport,
  type TrendQuery,
  trendsReport,
} from './reports.ts';
export { percentChanges, rollingSums, roundTo } from './rolling.ts';
export { PAPER_RULE, STATUSES, type Status, type StatusRule, statusOf, statusSeries } from './status.ts';
export type { HarmRow } from './table.ts';
export type { Driver, TrendReport } from './trends.ts';
