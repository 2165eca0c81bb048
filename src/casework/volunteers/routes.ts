import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { filterFields } from '../../access/policy.ts';
import { BeatwiseError } from '../../core/errors.ts';
import { allows, requireObject } from '../../core/http/guard.ts';
import { monthParam, route } from '../../core/http/route.ts';
import type { RoutePlugin } from '../../core/http/server.ts';
import { requireForce } from '../../force/index.ts';
import { exportQuery, parseBody, requireScope, sendExport } from './http.ts';
import { groupInput, memberInput, sessionWithOffences, siteInput } from './model.ts';
import { VOLUNTEER_EXPORTS, volunteerExportTable } from './records.ts';
import {
  findGroup,
  forceLetters,
  forceVolunteerFigures,
  groupMembers,
  groupSessions,
  groupSites,
  listGroups,
  saveGroup,
  saveMember,
  saveOffence,
  saveSession,
  saveSite,
} from './store.ts';
import { findTeam } from './teams.ts';

const forceParams = z.object({ force: z.string().min(1) });
const groupParams = z.object({ force: z.string().min(1), group: z.string().min(1) });
const teamQuery = z.object({ team: z.string().optional(), unit: z.string().optional() });

/** StreetWatch and SpeedWatch: groups, members (contact details field-protected), sites, sessions, letters, figures. */
export const volunteerRoutes: RoutePlugin = (app, { store }) => {
  const read = { resource: 'volunteers', action: 'read' } as const;

  const groupFor = async (req: FastifyRequest, force: string, code: string, action: 'read' | 'create') => {
    const f = await requireForce(store.db, force);
    const g = await findGroup(store.db, f.id, code);
    if (!g) throw new BeatwiseError('casework.not_found', `no volunteer group "${code}"`, { field: 'group' });
    requireObject(
      req,
      { resource: 'volunteers', action, force, unit: g.unit, team: g.team },
      `volunteer group ${code}`,
    );
    return { f, g };
  };

  route(
    app,
    {
      method: 'GET',
      url: '/api/forces/:force/volunteers/groups',
      // Each group is checked against its own team and unit: the list holds those the user may see.
      access: { ...read, perObject: true },
      summary: 'Volunteer groups (StreetWatch, SpeedWatch) with their active members and sessions',
      tag: 'volunteers',
      counters: ['engagement', 'areas'],
      params: forceParams,
      query: teamQuery,
    },
    async ({ params, query }, req) => {
      const f = await requireForce(store.db, params.force);
      const groups = (await listGroups(store.db, f.id, query.team)).filter(
        (g) =>
          (!query.unit || g.unit === query.unit) &&
          allows(req, { ...read, force: params.force, unit: g.unit, team: g.team }),
      );
      return { force: params.force, synthetic: groups.some((g) => g.synthetic === 1), groups };
    },
  );

  route(
    app,
    {
      method: 'POST',
      url: '/api/forces/:force/volunteers/groups',
      access: { resource: 'volunteers', action: 'create', perObject: true },
      summary: 'Create or update a volunteer group (by its code)',
      tag: 'volunteers',
      params: forceParams,
    },
    async ({ params }, req) => {
      const body = parseBody(groupInput, req.body);
      const f = await requireForce(store.db, params.force);
      return store.transaction(async (tx) => {
        const t = await findTeam(tx, f.id, body.team);
        if (!t)
          throw new BeatwiseError('casework.invalid', `team: the force has no team "${body.team}"`, {
            field: 'team',
          });
        requireScope(
          req,
          { resource: 'volunteers', action: 'create', force: params.force, ...t },
          `groups of team ${t.team}`,
        );
        await saveGroup(tx, f.id, body);
        return { saved: body.code };
      });
    },
  );

  route(
    app,
    {
      method: 'GET',
      url: '/api/forces/:force/volunteers/groups/:group',
      access: { ...read, perObject: true },
      summary:
        'A volunteer group: members (contact details only for the coordinator and the team), sites, sessions',
      tag: 'volunteers',
      counters: ['engagement', 'areas'],
      params: groupParams,
    },
    async ({ params }, req) => {
      const { g } = await groupFor(req, params.force, params.group, 'read');
      const where = { force: params.force, unit: g.unit, team: g.team };
      const members = (await groupMembers(store.db, g.id)).map((m) =>
        filterFields(
          req.principal,
          'volunteers',
          {
            ref: m.ref,
            name: m.name,
            joined: m.joined_on,
            left: m.left_on,
            contact: { email: m.email, phone: m.phone },
          },
          where,
        ),
      );
      return {
        group: { ...g, synthetic: g.synthetic === 1 },
        members,
        sites: await groupSites(store.db, g.id),
        sessions: await groupSessions(store.db, g.id),
      };
    },
  );

  const failOn = (p: { field: string; reason: string } | null) => {
    if (p) throw new BeatwiseError('casework.invalid', `${p.field}: ${p.reason}`, { field: p.field });
  };
  type Tx = Parameters<typeof saveMember>[0];
  /** A record added to a group: the body is checked, then saved in one transaction. */
  const childRoute = (what: string, save: (tx: Tx, forceId: number, body: unknown) => Promise<string>) =>
    route(
      app,
      {
        method: 'POST',
        url: `/api/forces/:force/volunteers/groups/:group/${what}`,
        access: { resource: 'volunteers', action: 'create', perObject: true },
        summary: `Add or update a ${what.slice(0, -1)} of a volunteer group`,
        tag: 'volunteers',
        params: groupParams,
      },
      async ({ params }, req) => {
        const { f, g } = await groupFor(req, params.force, params.group, 'create');
        const body = { ...(typeof req.body === 'object' && req.body ? req.body : {}), group: g.code };
        return { saved: await store.transaction((tx) => save(tx, f.id, body)) };
      },
    );

  childRoute('members', async (tx, id, body) => {
    const m = parseBody(memberInput, body);
    failOn(await saveMember(tx, id, m));
    return m.ref;
  });
  childRoute('sites', async (tx, id, body) => {
    const s = parseBody(siteInput, body);
    failOn(await saveSite(tx, id, s));
    return s.code;
  });
  childRoute('sessions', async (tx, id, body) => {
    const s = parseBody(sessionWithOffences, body);
    failOn(await saveSession(tx, id, s));
    for (const [i, o] of (s.offences ?? []).entries()) {
      const p = await saveOffence(tx, id, { session: s.ref, ...o });
      if (p) failOn({ field: `offences.${i}.${p.field}`, reason: p.reason });
    }
    return s.ref;
  });

  route(
    app,
    {
      method: 'GET',
      url: '/api/forces/:force/volunteers/letters',
      access: { ...read, perObject: true },
      summary: 'SpeedWatch letters: one per sighting, its stage from the vehicle’s history',
      tag: 'volunteers',
      counters: ['engagement', 'areas'],
      params: forceParams,
      query: teamQuery.extend({ month: monthParam }),
    },
    async ({ params, query }, req) => {
      const f = await requireForce(store.db, params.force);
      const letters = (await forceLetters(store.db, f.id)).filter(
        (l) =>
          (!query.team || l.team === query.team) &&
          (!query.unit || l.unit === query.unit) &&
          (!query.month || l.date.startsWith(query.month)) &&
          allows(req, { ...read, force: params.force, unit: l.unit, team: l.team }),
      );
      return { force: params.force, synthetic: letters.some((l) => l.synthetic), letters };
    },
  );

  route(
    app,
    {
      method: 'GET',
      url: '/api/forces/:force/volunteers/figures',
      access: { ...read, perObject: true },
      summary:
        'Per team and month: sessions, volunteer hours, vehicles checked, offences, letters by stage, active members',
      tag: 'volunteers',
      counters: ['engagement', 'areas'],
      params: forceParams,
      query: teamQuery.extend({ month: monthParam }),
    },
    async ({ params, query }, req) => {
      const f = await requireForce(store.db, params.force);
      const unitOf = new Map((await listGroups(store.db, f.id)).map((g) => [g.team, g.unit]));
      const { rows, synthetic } = await forceVolunteerFigures(store.db, f.id, query);
      return {
        force: params.force,
        synthetic,
        rows: rows.filter((r) =>
          allows(req, { ...read, force: params.force, team: r.team, unit: unitOf.get(r.team) }),
        ),
      };
    },
  );

  route(
    app,
    {
      method: 'GET',
      url: '/api/forces/:force/volunteers/:type.csv',
      // Each row is checked against its group's team and unit, personal columns against
      // volunteer-contact; the export is logged with its recipient and reason.
      access: { ...read, perObject: true },
      summary: `One volunteer record type as CSV (${VOLUNTEER_EXPORTS.join(', ')}), the CLI export's columns`,
      tag: 'volunteers',
      noCache: true,
      params: z.object({ force: z.string().min(1), type: z.enum(VOLUNTEER_EXPORTS) }),
      query: exportQuery,
    },
    async ({ params, query }, req, reply) => {
      const f = await requireForce(store.db, params.force);
      const table = await volunteerExportTable(store.db, f.id, params.type);
      return sendExport(store, req, reply, { ...params, ...query, resource: 'volunteers', table });
    },
  );
};
