import { z } from 'zod';
import { route } from '../../core/http/route.ts';
import type { RoutePlugin } from '../../core/http/server.ts';
import { forceIdOf, parseBody } from '../shared/http.ts';
import { forceParam } from '../shared/scoped.ts';
import { changeCaseworkSettings, readCaseworkSettings } from './settings.ts';

const R = 'casework-settings';
const url = '/api/forces/:force/casework/settings';

const hours = z.number('a number of working hours');
const changeBody = z
  .object({
    notAttendedReasons: z
      .array(z.object({ code: z.string('a code'), label: z.string('a label') }), 'a list of {code, label}')
      .optional(),
    serviceLevels: z
      .object({ red: hours.optional(), amber: hours.optional(), green: hours.optional() })
      .optional(),
    retentionDays: z.record(z.string(), z.number('a number of days')).optional(),
  })
  .strict();

/** A force's casework settings, for administrators: read them, and change them with checks. */
export const caseworkSettingsRoutes: RoutePlugin = (app, { store }) => {
  route(
    app,
    {
      method: 'GET',
      url,
      access: { resource: R, action: 'read' },
      summary:
        'Casework settings: not-attended reasons, referral service levels, retention days per record class',
      tag: 'casework',
      params: forceParam,
      noCache: true,
    },
    async ({ params }) => readCaseworkSettings(store, await forceIdOf(store, params.force)),
  );
  route(
    app,
    {
      method: 'POST',
      url,
      access: { resource: R, action: 'update' },
      summary: 'Change casework settings (any part); refused as a whole with the field at fault',
      tag: 'casework',
      params: forceParam,
    },
    async ({ params }, req) =>
      changeCaseworkSettings(store, await forceIdOf(store, params.force), parseBody(changeBody, req.body)),
  );
};
