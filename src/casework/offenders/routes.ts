import { z } from 'zod';
import { BeatwiseError } from '../../core/errors.ts';
import { route } from '../../core/http/route.ts';
import type { RoutePlugin } from '../../core/http/server.ts';
import { exportRoute } from '../shared/export-route.ts';
import { forceIdOf, monthQuery, parseBody, recorder } from '../shared/http.ts';
import { forceParam, idParams, recordFinder, teamForNew, visibleList } from '../shared/scoped.ts';
import { parseDay } from '../shared/time.ts';
import { beforeAfter } from './before-after.ts';
import { membersCsv } from './csv.ts';
import { cohortFigures } from './figures.ts';
import { BEFORE_AFTER_CAVEAT, IOM_EVENT_KINDS, PATHWAYS, TIERS } from './model.ts';
import { addEvents, getMember, linksOf, listMembers, memberEvents, upsertMembers } from './store.ts';

const R = 'offenders';
const base = '/api/forces/:force/casework/offenders';
const find = recordFinder(R, 'cohort member', getMember);
const day = z.string().refine((s) => parseDay(s) !== null, 'a date as YYYY-MM-DD');
const thisMonth = () => new Date().toISOString().slice(0, 7);

const newMember = z.object({
  offenderRef: z
    .string()
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,63}$/,
      'a pseudonymised reference (letters, digits, - _ . : /), not a name',
    ),
  tier: z.enum(TIERS, 'choose a tier: fixed, flex or free'),
  score: z.number().finite().optional(),
  scoreSource: z.string().max(120).optional(),
  team: z.string().min(1, 'choose the team'),
  enteredOn: day,
  pathways: z.array(z.enum(PATHWAYS)).default([]),
});
const eventBody = z.object({
  kind: z.enum(IOM_EVENT_KINDS, 'review, visit, warrant or recall'),
  onDate: day,
  note: z.string().max(500).optional(),
});
/** Integrated Offender Management: cohort members, their events, and offending before/after entry. */
export const offenderRoutes: RoutePlugin = (app, { store }) => {
  route(
    app,
    {
      method: 'GET',
      url: `${base}/figures`,
      access: { resource: 'casework-figures', action: 'read' },
      summary:
        'IOM cohort per unit or team in a month: tiers, entries, exits, events, pathways, offending before/after entry',
      tag: 'casework',
      counters: ['casework', 'crimes', 'areas'],
      params: forceParam,
      query: z.object({
        month: z.string().regex(monthQuery, 'a month as YYYY-MM').optional(),
        by: z.enum(['unit', 'team']).default('unit'),
      }),
    },
    async ({ params, query }) => {
      const forceId = await forceIdOf(store, params.force);
      const members = await listMembers(store.db, { forceId });
      const month = query.month ?? thisMonth();
      const groups = cohortFigures(
        members,
        await memberEvents(
          store.db,
          members.map((m) => m.id),
        ),
        await linksOf(store.db, forceId),
        month,
        query.by,
      );
      return {
        month,
        by: query.by,
        caveat: BEFORE_AFTER_CAVEAT,
        synthetic: members.some((m) => m.synthetic),
        groups,
      };
    },
  );

  route(
    app,
    {
      method: 'GET',
      url: base,
      access: { resource: R, action: 'read', perObject: true },
      summary: 'IOM cohort members the principal may see (personal: needs X-Beatwise-Reason)',
      tag: 'casework',
      counters: ['casework', 'crimes', 'areas'],
      params: forceParam,
    },
    async ({ params }, req) => {
      const forceId = await forceIdOf(store, params.force);
      const members = await listMembers(store.db, { forceId });
      return visibleList(req, R, params.force, members, ({ ownerId: _o, ...m }) => m);
    },
  );

  route(
    app,
    {
      method: 'GET',
      url: `${base}/:id`,
      access: { resource: R, action: 'read', perObject: true },
      summary: 'One cohort member: events and linked offending before and after entry (not an evaluation)',
      tag: 'casework',
      counters: ['casework', 'crimes', 'areas'],
      params: idParams,
    },
    async ({ params }, req) => {
      const { forceId, record: m } = await find(req, store, params, 'read');
      const links = (await linksOf(store.db, forceId)).filter((l) => l.offenderRef === m.offenderRef);
      return {
        record: m,
        events: await memberEvents(store.db, [m.id]),
        beforeAfter: {
          ...beforeAfter(m, links, 12, thisMonth()),
          caveat: BEFORE_AFTER_CAVEAT,
          linkedCrimes: links.length,
        },
      };
    },
  );

  route(
    app,
    {
      method: 'POST',
      url: base,
      access: { resource: R, action: 'create', perObject: true },
      summary: 'Add a cohort member (a pseudonymised reference)',
      tag: 'casework',
      params: forceParam,
    },
    async ({ params }, req) => {
      const forceId = await forceIdOf(store, params.force);
      const b = parseBody(newMember, req.body);
      const unit = await teamForNew(req, store, { resource: R, force: params.force, forceId, team: b.team });
      const c = await upsertMembers(store, forceId, [
        {
          offenderRef: b.offenderRef,
          tier: b.tier,
          score: b.score ?? null,
          scoreSource: b.scoreSource ?? null,
          unit,
          team: b.team,
          ownerId: recorder(req),
          enteredOn: b.enteredOn,
          exitedOn: null,
          pathways: b.pathways,
          synthetic: false,
        },
      ]);
      if (c.inserted === 0)
        throw new BeatwiseError(
          'casework.duplicate',
          `offenderRef: ${b.offenderRef} is already in the cohort`,
          { field: 'offenderRef' },
        );
      return {
        record:
          (await listMembers(store.db, { forceId, team: b.team })).find(
            (m) => m.offenderRef === b.offenderRef,
          ) ?? null,
      };
    },
  );

  route(
    app,
    {
      method: 'POST',
      url: `${base}/:id/events`,
      access: { resource: R, action: 'update', perObject: true },
      summary: 'Record a review, visit, warrant or recall for a cohort member',
      tag: 'casework',
      params: idParams,
    },
    async ({ params }, req) => {
      const { record: m } = await find(req, store, params, 'update');
      const b = parseBody(eventBody, req.body);
      if (b.onDate < m.enteredOn)
        throw new BeatwiseError(
          'casework.invalid',
          `onDate: ${b.onDate} is before the member entered the cohort (${m.enteredOn})`,
          { field: 'onDate' },
        );
      await addEvents(
        store,
        [{ memberId: m.id, kind: b.kind, onDate: b.onDate, note: b.note ?? null }],
        recorder(req),
      );
      return { events: await memberEvents(store.db, [m.id]) };
    },
  );
};

/** `GET …/casework/offenders.csv`: the IOM cohort as CSV, logged with who receives it. */
export const offendersExport: RoutePlugin = exportRoute(
  'offenders',
  R,
  (store, f) => listMembers(store.db, f),
  membersCsv,
);
