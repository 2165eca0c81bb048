import { z } from 'zod';
import { monthParam, route } from '../core/http/route.ts';
import type { RoutePlugin } from '../core/http/server.ts';
import { LEVELS } from '../force/index.ts';
import { attentionTable } from './attention.ts';
import { harmCsv, harmXlsx } from './harm-export.ts';
import { forceOverview, impactAreaTable } from './overview.ts';
import { harmReport, trendsReport } from './reports.ts';
import { ruleFor } from './thresholds.ts';

const forceParams = z.object({ force: z.string().min(1) });

const thresholds = {
  minPercent: z.coerce
    .number()
    .min(0)
    .max(100)
    .optional()
    .describe(
      'smallest % change in rolling harm that changes a status (default 0.5; Impact Areas 0, as the paper)',
    ),
  minCrimes: z.coerce
    .number()
    .int()
    .min(0)
    .optional()
    .describe('fewest crimes in the rolling window for a status (default 50; Impact Areas 0, as the paper)'),
};

/** Harm: overview, rolling harm per area, the Impact Area table, trends. */
export const harmRoutes: RoutePlugin = (app, { store }) => {
  route(
    app,
    {
      method: 'GET',
      url: '/api/forces/:force/overview',
      access: { resource: 'crime-aggregates', action: 'read' },
      summary:
        'The force at a glance: this month, rolling 12 months, year to date, Impact Area statuses, freshness',
      tag: 'harm',
      params: forceParams,
      query: z.object({ month: monthParam }),
    },
    ({ params, query }) => forceOverview(store, { force: params.force, month: query.month }),
  );
  route(
    app,
    {
      method: 'GET',
      url: '/api/forces/:force/attention',
      access: { resource: 'crime-aggregates', action: 'read' },
      summary: 'Units and teams ranked by their year-to-date change (volume-aware), with status and harm',
      tag: 'harm',
      params: forceParams,
      query: z.object({ month: monthParam }),
    },
    ({ params, query }) => attentionTable(store, { force: params.force, month: query.month }),
  );
  route(
    app,
    {
      method: 'GET',
      url: '/api/forces/:force/harm',
      access: { resource: 'crime-aggregates', action: 'read' },
      summary: 'Rolling N-month count and harm, % change and status per area and month',
      tag: 'harm',
      params: forceParams,
      query: z.object({
        level: z.enum(LEVELS),
        area: z.string().optional(),
        from: monthParam,
        to: monthParam,
        window: z.coerce.number().int().min(1).max(120).default(12),
        selection: z.string().optional(),
        weights: z.string().optional(),
        ...thresholds,
        format: z.enum(['json', 'csv', 'xlsx']).default('json'),
      }),
    },
    async ({ params, query }, _req, reply) => {
      const r = await harmReport(store, {
        force: params.force,
        level: query.level,
        areaCodes: query.area ? query.area.split(',') : undefined,
        from: query.from,
        to: query.to,
        window: query.window,
        selection: query.selection,
        weights: query.weights,
        rule: ruleFor(query.level, query),
      });
      if (query.format === 'json') return r;
      reply.header(
        'Content-Disposition',
        `attachment; filename="${params.force}-harm-${query.level}.${query.format}"`,
      );
      if (query.format === 'csv') return reply.type('text/csv; charset=utf-8').send(harmCsv(r));
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .send(await harmXlsx(r));
    },
  );
  route(
    app,
    {
      method: 'GET',
      url: '/api/forces/:force/impact-areas',
      access: { resource: 'crime-aggregates', action: 'read' },
      summary: "The paper's Table 3 for any month: rolling harm per window, % change, status",
      tag: 'harm',
      params: forceParams,
      query: z.object({
        month: monthParam,
        windows: z.coerce.number().int().min(2).max(24).default(4),
        ...thresholds,
      }),
    },
    ({ params, query }) =>
      impactAreaTable(store, {
        force: params.force,
        month: query.month,
        windows: query.windows,
        rule: ruleFor('impact-area', query),
      }),
  );
  route(
    app,
    {
      method: 'GET',
      url: '/api/forces/:force/trends',
      access: { resource: 'crime-aggregates', action: 'read' },
      summary: 'Year to date against last year and a baseline year, month on month, and the drivers',
      tag: 'harm',
      params: forceParams,
      query: z.object({
        selection: z.string().default('all-crime'),
        level: z.enum(LEVELS).default('unit'),
        area: z.string().min(1).optional(),
        to: monthParam,
        baseline: z.coerce
          .number()
          .int()
          .min(2000)
          .max(2100)
          .optional()
          .describe('financial year to compare with (default: the earliest the data covers in full)'),
      }),
    },
    ({ params, query }) =>
      trendsReport(store, {
        force: params.force,
        selection: query.selection,
        level: query.level,
        area: query.area,
        to: query.to,
        baseline: query.baseline,
      }),
  );
};
