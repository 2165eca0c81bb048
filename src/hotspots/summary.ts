/**
 * What a hotspot result was made from, in one line for the page's summary and every export: the
 * cells, the months, the crime selection and the harm weights.
 */
import { formatMonth } from '../core/time/month.ts';
import { resolveSelection } from '../crime/index.ts';
import type { GridSummary, LabContext } from './lab.ts';

/** The web page's and API's default cell: 150 m, the size of the UK hot-spot patrol trials. */
export const DEFAULT_CELL_M = 150;

export interface SummaryParts {
  grid: GridSummary;
  months: { from: string; to: string } | null;
  /** The selection's label (e.g. "All crime (excluding anti-social behaviour)"). */
  what: string;
  /** The harm weights used. */
  harm: string;
  /** The area studied ("whole force", "unit Coventry"). */
  area: string;
}

/** The cells in words: "150 m square cells (default)" or "H3 resolution 9 cells (~174 m edge)". */
export function describeCells(grid: GridSummary): string {
  if (grid.kind === 'h3') return `H3 resolution ${grid.h3Resolution} cells (~${grid.cellSizeM} m edge)`;
  return `${grid.cellSizeM} m square cells${grid.cellSizeChosen ? ' (chosen from the data)' : ''}`;
}

/** "150 m square cells · 2021-03 to 2022-04 · All crime … · harm: CCHI … · whole force". */
export function labSummary(p: SummaryParts): string {
  const months = p.months
    ? p.months.from === p.months.to
      ? p.months.from
      : `${p.months.from} to ${p.months.to}`
    : 'no months';
  return [describeCells(p.grid), months, p.what, `harm weights: ${p.harm}`, p.area].join(' · ');
}

/** The summary line of a prepared selection. */
export function summaryOf(ctx: LabContext): string {
  const what = resolveSelection(ctx.selection.types ?? 'all-crime').label;
  const a = ctx.area;
  return labSummary({
    grid: ctx.gridSummary,
    months: ctx.months ? { from: formatMonth(ctx.months[0]), to: formatMonth(ctx.months[1]) } : null,
    what,
    harm: ctx.harmLabel,
    area: a.level === 'force' ? `${a.forceName}, whole force` : `${a.forceName}, ${a.level} ${a.name}`,
  });
}
