import { z } from 'zod';
import { filterFields } from '../../access/policy.ts';
import { BeatwiseError } from '../../core/errors.ts';
import { route } from '../../core/http/route.ts';
import type { RoutePlugin } from '../../core/http/server.ts';
import { exportRoute } from '../shared/export-route.ts';
import { forceIdOf, parseBody, recorder } from '../shared/http.ts';
import {
  recordFilter as filter,
  forceParam,
  idParams,
  instant,
  recordFinder,
  scopeOf,
  teamForNew,
  toIso,
  visibleList,
} from '../shared/scoped.ts';
import { isoUtc } from '../shared/time.ts';
import { referralsCsv } from './csv.ts';
import { GRADES, REFERRAL_CATEGORIES } from './model.ts';
import { referralFigures, serviceCheck } from './service.ts';
import {
  eventsOf,
  getReferral,
  listReferrals,
  moveReferral,
  regradeReferral,
  type StoredReferral,
  serviceSettings,
  upsertReferrals,
} from './store.ts';

const R = 'referrals';
const base = '/api/forces/:force/casework/referrals';
const find = recordFinder(R, 'referral', getReferral);

const newReferral = z.object({
  ref: z.string().trim().min(1, 'give the referral reference').max(64),
  category: z.enum(REFERRAL_CATEGORIES, `choose a category: ${REFERRAL_CATEGORIES.join(', ')}`),
  grade: z.enum(GRADES, 'choose a grade: red, amber or green'),
  team: z.string().min(1, 'choose the team'),
  personRef: z.string().trim().max(64, 'a reference, not a description (64 characters at most)').optional(),
  victimContact: z.string().max(200).optional(),
  receivedAt: instant.optional(),
});
const moveBody = z.object({
  state: z.enum(
    ['triaged', 'referred', 'signposted', 'closed'],
    'the next state: triaged, referred, signposted or closed',
  ),
  partner: z.string().max(120).optional(),
  at: instant.optional(),
});
const gradeBody = z.object({
  grade: z.enum(GRADES, 'choose a grade: red, amber or green'),
  rationale: z.string().trim().min(10, 'say why the grade changes (at least 10 characters)').max(1000),
});

/** Vulnerability referrals: records, moves, regrading with a rationale, service levels and figures. */
export const referralRoutes: RoutePlugin = (app, { store }) => {
  route(
    app,
    {
      method: 'GET',
      url: `${base}/figures`,
      access: { resource: 'casework-figures', action: 'read' },
      summary: 'Referral figures per unit, team or month: by grade and category, service level met, breaches',
      tag: 'casework',
      counters: ['casework', 'crimes', 'areas'],
      params: forceParam,
      query: filter.extend({ by: z.enum(['unit', 'team', 'month']).default('month') }),
    },
    async ({ params, query }) => {
      const forceId = await forceIdOf(store, params.force);
      const records = await listReferrals(store.db, { forceId, ...query });
      const { levels, hours } = await serviceSettings(store.db, forceId);
      return {
        by: query.by,
        serviceLevels: levels,
        workingHours: hours,
        synthetic: records.some((r) => r.synthetic),
        groups: referralFigures(records, query.by, levels, hours, Date.now()),
      };
    },
  );

  route(
    app,
    {
      method: 'GET',
      url: base,
      access: { resource: R, action: 'read', perObject: true },
      summary:
        'Referrals the principal may see, each with its service level check (personal: needs X-Beatwise-Reason)',
      tag: 'casework',
      counters: ['casework', 'crimes', 'areas'],
      params: forceParam,
      query: filter,
    },
    async ({ params, query }, req) => {
      const forceId = await forceIdOf(store, params.force);
      const { levels, hours } = await serviceSettings(store.db, forceId);
      const now = Date.now();
      return visibleList(
        req,
        R,
        params.force,
        await listReferrals(store.db, { forceId, ...query }),
        ({ victimContact: _v, personRef: _p, ownerId: _o, ...r }) => ({
          ...r,
          service: serviceCheck(r, levels, hours, now),
        }),
      );
    },
  );

  route(
    app,
    {
      method: 'GET',
      url: `${base}/:id`,
      access: { resource: R, action: 'read', perObject: true },
      summary: 'One referral with its history (victim contact only for those allowed)',
      tag: 'casework',
      counters: ['casework', 'crimes', 'areas'],
      params: idParams,
    },
    async ({ params }, req) => {
      const { forceId, record: r, scope: where } = await find(req, store, params, 'read');
      const { levels, hours } = await serviceSettings(store.db, forceId);
      return {
        record: filterFields(req.principal, R, { ...r }, where),
        service: serviceCheck(r, levels, hours, Date.now()),
        events: await eventsOf(store.db, r.id),
      };
    },
  );

  route(
    app,
    {
      method: 'POST',
      url: base,
      access: { resource: R, action: 'create', perObject: true },
      summary: 'Record a new referral (state: new)',
      tag: 'casework',
      params: forceParam,
    },
    async ({ params }, req) => {
      const forceId = await forceIdOf(store, params.force);
      const b = parseBody(newReferral, req.body);
      const unit = await teamForNew(req, store, { resource: R, force: params.force, forceId, team: b.team });
      const counts = await upsertReferrals(
        store,
        forceId,
        [
          {
            ref: b.ref,
            category: b.category,
            personRef: b.personRef || null,
            victimContact: b.victimContact || null,
            grade: b.grade,
            unit,
            team: b.team,
            ownerId: recorder(req),
            partner: null,
            state: 'new',
            outcome: null,
            receivedAt: toIso(b.receivedAt) ?? isoUtc(Date.now()),
            actionedAt: null,
            closedAt: null,
            synthetic: false,
          },
        ],
        recorder(req),
      );
      if (counts.inserted === 0)
        throw new BeatwiseError('casework.duplicate', `ref: ${b.ref} is already recorded`, { field: 'ref' });
      const r = (await listReferrals(store.db, { forceId, team: b.team })).find((x) => x.ref === b.ref);
      return {
        record: r ? filterFields(req.principal, R, { ...r }, scopeOf(params.force, r)) : null,
      };
    },
  );

  for (const [path, summary] of [
    ['state', 'Move a referral on: triaged, referred (partner agency), signposted, closed'],
    ['grade', 'Regrade a referral (red/amber/green) with a rationale, which is kept'],
  ] as const)
    route(
      app,
      {
        method: 'POST',
        url: `${base}/:id/${path}`,
        access: { resource: R, action: 'update', perObject: true },
        summary,
        tag: 'casework',
        params: idParams,
      },
      async ({ params }, req) => {
        const { forceId, record: r, scope: where } = await find(req, store, params, 'update');
        let after: StoredReferral;
        if (path === 'state') {
          const b = parseBody(moveBody, req.body);
          after = await moveReferral(
            store,
            forceId,
            r.id,
            b.state,
            { partner: b.partner, at: toIso(b.at) },
            recorder(req),
          );
        } else {
          const b = parseBody(gradeBody, req.body);
          after = await regradeReferral(store, forceId, r.id, b.grade, b.rationale, recorder(req));
        }
        return {
          record: filterFields(req.principal, R, { ...after }, where),
          events: await eventsOf(store.db, r.id),
        };
      },
    );
};

/** `GET …/casework/referrals.csv`: the referrals as CSV, logged with who receives them. */
export const referralsExport: RoutePlugin = exportRoute(
  'referrals',
  R,
  (store, f) => listReferrals(store.db, f),
  referralsCsv,
);
