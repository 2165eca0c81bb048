import { z } from 'zod';
import { BeatwiseError } from '../../core/errors.ts';
import { allows, requireObject } from '../../core/http/guard.ts';
import { monthParam, route } from '../../core/http/route.ts';
import type { RoutePlugin } from '../../core/http/server.ts';
import { findForce, requireForce } from '../../force/index.ts';
import { exportQuery, sendExport } from '../volunteers/http.ts';
import { findTeam, parseBody, requireScope } from '../volunteers/index.ts';
import { closeInput, eventInput, priorityInput, promoteInput } from './model.ts';
import { ENGAGEMENT_RECORD_TYPES, type EngagementRecordName, engagementExportTable } from './records.ts';
import {
  closePriority,
  eventByRef,
  eventIssues,
  forceEngagementFigures,
  issueById,
  listEvents,
  listPriorities,
  priorityByRef,
  publicPriorities,
  saveEvent,
  savePriority,
} from './store.ts';

const forceParams = z.object({ force: z.string().min(1) });
const teamQuery = z.object({ team: z.string().optional(), unit: z.string().optional() });

/** Engagement events, the issues raised, neighbourhood priorities; the public priorities of a team. */
export const engagementRoutes: RoutePlugin = (app, { store }) => {
  const read = { resource: 'engagement', action: 'read' } as const;
  const figures = { resource: 'engagement-figures', action: 'read' } as const;
  const own = (force: string, r: { unit: string; team: string; owner_id: string | null }) => ({
    force,
    unit: r.unit,
    team: r.team,
    ownerId: r.owner_id ?? undefined,
  });

  route(
    app,
    {
      method: 'GET',
      url: '/api/forces/:force/engagement/events',
      access: { ...read, perObject: true },
      summary: 'Engagement events (beat meetings, street surgeries, World Cafés, IAGs, online surveys)',
      tag: 'engagement',
      counters: ['engagement', 'areas'],
      params: forceParams,
      query: teamQuery,
    },
    async ({ params, query }, req) => {
      const f = await requireForce(store.db, params.force);
      const events = (await listEvents(store.db, f.id, query.team)).filter(
        (e) => (!query.unit || e.unit === query.unit) && allows(req, { ...read, ...own(params.force, e) }),
      );
      return { force: params.force, synthetic: events.some((e) => e.synthetic === 1), events };
    },
  );

  route(
    app,
    {
      method: 'POST',
      url: '/api/forces/:force/engagement/events',
      access: { resource: 'engagement', action: 'create', perObject: true },
      summary: 'Record an engagement event and the issues raised (by its reference: again updates it)',
      tag: 'engagement',
      params: forceParams,
    },
    async ({ params }, req) => {
      const body = parseBody(eventInput, req.body);
      const f = await requireForce(store.db, params.force);
      const owner = req.principal?.userId ?? null;
      return store.transaction(async (tx) => {
        const t = await findTeam(tx, f.id, body.team);
        if (!t)
          throw new BeatwiseError('casework.invalid', `team: the force has no team "${body.team}"`, {
            field: 'team',
          });
        const existing = await eventByRef(tx, f.id, body.ref);
        const target = { resource: 'engagement', force: params.force, ...t };
        if (existing)
          requireScope(
            req,
            { ...target, action: 'update', ownerId: existing.owner_id ?? undefined },
            `event ${body.ref}`,
          );
        else
          requireScope(
            req,
            { ...target, action: 'create', ownerId: owner ?? undefined },
            `events of team ${t.team}`,
          );
        await saveEvent(tx, f.id, body, existing ? existing.owner_id : owner);
        return { saved: body.ref };
      });
    },
  );

  route(
    app,
    {
      method: 'GET',
      url: '/api/forces/:force/engagement/events/:event',
      access: { ...read, perObject: true },
      summary: 'An engagement event with the issues raised and the priority each became',
      tag: 'engagement',
      counters: ['engagement', 'areas'],
      params: z.object({ force: z.string().min(1), event: z.string().min(1) }),
    },
    async ({ params }, req) => {
      const f = await requireForce(store.db, params.force);
      const e = await eventByRef(store.db, f.id, params.event);
      if (!e) throw new BeatwiseError('casework.not_found', `no engagement event "${params.event}"`);
      requireObject(req, { ...read, ...own(params.force, e) }, `engagement event ${params.event}`);
      return { event: { ...e, synthetic: e.synthetic === 1 }, issues: await eventIssues(store.db, e.id) };
    },
  );

  route(
    app,
    {
      method: 'GET',
      url: '/api/forces/:force/engagement/priorities',
      access: { ...read, perObject: true },
      summary: 'Neighbourhood priorities with their status and what was done',
      tag: 'engagement',
      counters: ['engagement', 'areas'],
      params: forceParams,
      query: teamQuery,
    },
    async ({ params, query }, req) => {
      const f = await requireForce(store.db, params.force);
      const priorities = (await listPriorities(store.db, f.id, query.team)).filter(
        (p) => (!query.unit || p.unit === query.unit) && allows(req, { ...read, ...own(params.force, p) }),
      );
      return { force: params.force, synthetic: priorities.some((p) => p.synthetic === 1), priorities };
    },
  );

  route(
    app,
    {
      method: 'POST',
      url: '/api/forces/:force/engagement/priorities',
      access: { resource: 'engagement', action: 'create', perObject: true },
      summary: 'Set a neighbourhood priority: from an issue raised at an event (issue_id) or entered whole',
      tag: 'engagement',
      params: forceParams,
    },
    async ({ params }, req) => {
      const f = await requireForce(store.db, params.force);
      const owner = req.principal?.userId;
      const raw =
        typeof req.body === 'object' && req.body !== null ? (req.body as Record<string, unknown>) : {};
      return store.transaction(async (tx) => {
        let body: z.infer<typeof priorityInput>;
        let issueId: number | undefined;
        if (raw.issue_id !== undefined && raw.issue_id !== '') {
          const p = parseBody(promoteInput, raw);
          const issue = await issueById(tx, f.id, p.issue_id);
          if (!issue)
            throw new BeatwiseError(
              'casework.invalid',
              `issue_id: no issue ${p.issue_id} raised in this force`,
              { field: 'issue_id' },
            );
          issueId = issue.id;
          body = parseBody(priorityInput, {
            ref: p.ref,
            team: issue.team,
            issue: issue.text,
            issue_date: issue.date,
            action: p.action,
            action_date: p.action_date,
            synthetic: issue.synthetic === 1 ? 'SYNTHETIC' : undefined,
          });
        } else body = parseBody(priorityInput, raw);
        const t = await findTeam(tx, f.id, body.team);
        if (!t)
          throw new BeatwiseError('casework.invalid', `team: the force has no team "${body.team}"`, {
            field: 'team',
          });
        if (await priorityByRef(tx, f.id, body.ref))
          throw new BeatwiseError('casework.invalid', `ref: a priority "${body.ref}" exists already`, {
            field: 'ref',
          });
        requireScope(
          req,
          { resource: 'engagement', action: 'create', force: params.force, ...t, ownerId: owner },
          `priorities of team ${t.team}`,
        );
        await savePriority(tx, f.id, body, { issueId, ownerId: owner ?? null });
        return { saved: body.ref };
      });
    },
  );

  route(
    app,
    {
      method: 'POST',
      url: '/api/forces/:force/engagement/priorities/:priority/close',
      access: { resource: 'engagement', action: 'update', perObject: true },
      summary: 'Close a neighbourhood priority with what was done',
      tag: 'engagement',
      params: z.object({ force: z.string().min(1), priority: z.string().min(1) }),
    },
    async ({ params }, req) => {
      const f = await requireForce(store.db, params.force);
      const p = await priorityByRef(store.db, f.id, params.priority);
      if (!p) throw new BeatwiseError('casework.not_found', `no priority "${params.priority}"`);
      requireObject(
        req,
        { resource: 'engagement', action: 'update', ...own(params.force, p) },
        `priority ${params.priority}`,
      );
      const body = parseBody(closeInput, req.body);
      if (body.closed_on < p.issue_date)
        throw new BeatwiseError('casework.invalid', `closed_on: before the issue date ${p.issue_date}`, {
          field: 'closed_on',
        });
      await closePriority(store.db, p.id, body.closed_on, body.outcome);
      return { closed: p.ref };
    },
  );

  route(
    app,
    {
      method: 'GET',
      url: '/api/forces/:force/engagement/figures',
      access: { ...figures, perObject: true },
      summary:
        'Per team and month: events by kind, attendance, issues raised, priorities set, closed and open',
      tag: 'engagement',
      counters: ['engagement', 'areas'],
      params: forceParams,
      query: teamQuery.extend({ month: monthParam }),
    },
    async ({ params, query }, req) => {
      const f = await requireForce(store.db, params.force);
      const { rows, synthetic } = await forceEngagementFigures(store.db, f.id, query);
      const units = new Map<string, string>();
      for (const r of rows)
        if (!units.has(r.team)) units.set(r.team, (await findTeam(store.db, f.id, r.team))?.unit ?? '');
      // Figures are counts: a team's row is shown to whoever may read the team's figures (an
      // officer: their own team's, though they see only their own events).
      return {
        force: params.force,
        synthetic,
        rows: rows.filter((r) =>
          allows(req, { ...figures, force: params.force, team: r.team, unit: units.get(r.team) }),
        ),
      };
    },
  );

  route(
    app,
    {
      method: 'GET',
      url: '/api/forces/:force/teams/:team/priorities',
      access: { resource: 'priorities', action: 'read' },
      summary: 'A team’s neighbourhood priorities, public, exactly as police.uk publishes them',
      tag: 'engagement',
      counters: ['engagement', 'areas'],
      params: z.object({ force: z.string().min(1), team: z.string().min(1) }),
    },
    async ({ params }, _req, reply) => {
      const f = await findForce(store.db, params.force);
      if (!f || !(await findTeam(store.db, f.id, params.team)))
        throw new BeatwiseError(
          'casework.not_found',
          `no neighbourhood team "${params.team}" in ${params.force}`,
        );
      // The body is police.uk's shape exactly; generated (demo) records are flagged in a header.
      if ((await listPriorities(store.db, f.id, params.team)).some((p) => p.synthetic === 1))
        reply.header('x-beatwise-synthetic', 'SYNTHETIC');
      return publicPriorities(store, params.force, params.team);
    },
  );

  route(
    app,
    {
      method: 'GET',
      url: '/api/forces/:force/engagement/:type.csv',
      access: { ...read, perObject: true },
      summary:
        'Engagement events or priorities as CSV (the CLI export’s columns), logged with recipient and reason',
      tag: 'engagement',
      noCache: true,
      params: z.object({
        force: z.string().min(1),
        type: z.enum(
          Object.keys(ENGAGEMENT_RECORD_TYPES) as [EngagementRecordName, ...EngagementRecordName[]],
        ),
      }),
      query: exportQuery,
    },
    async ({ params, query }, req, reply) => {
      const f = await requireForce(store.db, params.force);
      const table = await engagementExportTable(store.db, f.id, params.type);
      return sendExport(store, req, reply, { ...params, ...query, resource: 'engagement', table });
    },
  );
};
