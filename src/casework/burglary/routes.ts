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
  teamForNew,
  toIso,
  visibleList,
} from '../shared/scoped.ts';
import { isoUtc } from '../shared/time.ts';
import { attendanceCsv } from './csv.ts';
import { pledgeFigures } from './figures.ts';
import { attendanceFromExtract } from './from-extract.ts';
import { ATTENDANCE_STATES } from './model.ts';
import { getAttendance, listAttendance, reasonsOf, recordStep, stepsOf, upsertAttendance } from './store.ts';

const R = 'burglary-attendance';
const base = '/api/forces/:force/casework/burglary';
const find = recordFinder(R, 'attendance record', getAttendance);

const newRecord = z.object({
  crimeRef: z.string().trim().min(1, 'give the crime reference').max(64),
  reportedAt: instant,
  team: z.string().min(1, 'choose the team'),
  vulnerable: z.boolean().nullable().optional(),
  victimContact: z.string().max(200).optional(),
});
const stepBody = z.object({
  state: z.enum(ATTENDANCE_STATES),
  at: instant.optional(),
  scheduledFor: instant.optional(),
  reason: z.string().optional(),
  note: z.string().max(500).optional(),
});

/** The burglary attendance pledge: records, their steps, and the figures. */
export const burglaryRoutes: RoutePlugin = (app, { store }) => {
  route(
    app,
    {
      method: 'GET',
      url: `${base}/figures`,
      access: { resource: 'casework-figures', action: 'read' },
      summary:
        'Burglary pledge figures per unit, team or month: share attended, hours to attend, not attended by reason, cannot evidence',
      tag: 'casework',
      counters: ['casework', 'crimes', 'areas'],
      params: forceParam,
      query: filter.extend({ by: z.enum(['unit', 'team', 'month']).default('month') }),
    },
    async ({ params, query }) => {
      const forceId = await forceIdOf(store, params.force);
      const records = await listAttendance(store.db, { forceId, ...query });
      const groups = pledgeFigures(records, query.by);
      return {
        by: query.by,
        synthetic: records.some((r) => r.synthetic),
        reasons: await reasonsOf(store.db, forceId),
        groups,
        total:
          pledgeFigures(
            records.map((r) => ({ ...r, month: 'all' })),
            'month',
          )[0] ?? null,
      };
    },
  );

  route(
    app,
    {
      method: 'GET',
      url: base,
      // Each record is checked at its own unit and team (a sergeant sees the team's records).
      access: { resource: R, action: 'read', perObject: true },
      summary: 'Home burglary attendance records the principal may see (personal: needs X-Beatwise-Reason)',
      tag: 'casework',
      counters: ['casework', 'crimes', 'areas'],
      params: forceParam,
      query: filter,
    },
    async ({ params, query }, req) => {
      const forceId = await forceIdOf(store, params.force);
      const all = await listAttendance(store.db, { forceId, ...query });
      return visibleList(req, R, params.force, all, ({ victimContact: _v, ownerId: _o, ...r }) => r);
    },
  );

  route(
    app,
    {
      method: 'GET',
      url: `${base}/:id`,
      access: { resource: R, action: 'read', perObject: true },
      summary: 'One attendance record with its steps (victim contact only for those allowed)',
      tag: 'casework',
      counters: ['casework', 'crimes', 'areas'],
      params: idParams,
    },
    async ({ params }, req) => {
      const { forceId, record: r, scope: where } = await find(req, store, params, 'read');
      return {
        record: filterFields(req.principal, R, { ...r }, where),
        steps: await stepsOf(store.db, r.id),
        reasons: await reasonsOf(store.db, forceId),
      };
    },
  );

  route(
    app,
    {
      method: 'POST',
      url: base,
      access: { resource: R, action: 'create', perObject: true },
      summary: 'Enter a home burglary for the pledge (state: reported)',
      tag: 'casework',
      params: forceParam,
    },
    async ({ params }, req) => {
      const forceId = await forceIdOf(store, params.force);
      const b = parseBody(newRecord, req.body);
      const unit = await teamForNew(req, store, { resource: R, force: params.force, forceId, team: b.team });
      const reportedAt = toIso(b.reportedAt) ?? isoUtc(Date.now());
      const counts = await upsertAttendance(
        store,
        forceId,
        [
          {
            crimeRef: b.crimeRef,
            source: 'entered',
            unit,
            team: b.team,
            ownerId: recorder(req),
            reportedAt,
            vulnerable: b.vulnerable ?? null,
            state: 'reported',
            scheduledFor: null,
            attendedAt: null,
            reason: null,
            victimContact: b.victimContact ?? null,
            synthetic: false,
          },
        ],
        recorder(req),
      );
      if (counts.inserted === 0)
        throw new BeatwiseError(
          'casework.duplicate',
          `crimeRef: ${b.crimeRef} already has an attendance record`,
          { field: 'crimeRef' },
        );
      const all = await listAttendance(store.db, { forceId, team: b.team });
      return { record: all.find((r) => r.crimeRef === b.crimeRef) ?? null };
    },
  );

  route(
    app,
    {
      method: 'POST',
      url: `${base}/:id/steps`,
      access: { resource: R, action: 'update', perObject: true },
      summary: 'Record the next step: scheduled, attended, or not attended with a reason',
      tag: 'casework',
      params: idParams,
    },
    async ({ params }, req) => {
      const { forceId, scope: where } = await find(req, store, params, 'update');
      const b = parseBody(stepBody, req.body);
      const after = await recordStep(
        store,
        forceId,
        params.id,
        {
          state: b.state,
          at: toIso(b.at),
          scheduledFor: toIso(b.scheduledFor),
          reason: b.reason,
          note: b.note,
        },
        recorder(req),
      );
      return {
        record: filterFields(req.principal, R, { ...after }, where),
        steps: await stepsOf(store.db, after.id),
      };
    },
  );

  route(
    app,
    {
      method: 'POST',
      url: `${base}/from-extract`,
      access: { resource: R, action: 'create' },
      summary: 'Make attendance records for the home burglaries of the imported force extract (idempotent)',
      tag: 'casework',
      params: forceParam,
    },
    async ({ params }) => attendanceFromExtract(store, await forceIdOf(store, params.force)),
  );
};

/** `GET …/casework/burglary.csv`: the attendance records as CSV, logged with who receives them. */
export const burglaryExport: RoutePlugin = exportRoute(
  'burglary',
  R,
  (store, f) => listAttendance(store.db, f),
  attendanceCsv,
);
