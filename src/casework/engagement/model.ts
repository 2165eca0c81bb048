import { z } from 'zod';
import { isoDate, reference, syntheticFlag, text, whole } from '../volunteers/index.ts';

export const EVENT_KINDS = ['beat-meeting', 'street-surgery', 'world-cafe', 'iag', 'online-survey'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const EVENT_KIND_LABELS: Record<EventKind, string> = {
  'beat-meeting': 'Beat meeting',
  'street-surgery': 'Street surgery',
  'world-cafe': 'World Café',
  iag: 'Independent advisory group',
  'online-survey': 'Online survey',
};

const issueList = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) =>
    (Array.isArray(v) ? v : (v ?? '').split(';')).map((s) => s.trim()).filter((s) => s !== ''),
  )
  .pipe(z.array(z.string().max(500, 'an issue of at most 500 characters')).max(50, 'at most 50 issues'));

export const eventInput = z.object({
  ref: reference,
  kind: z.enum(EVENT_KINDS, { error: `one of ${EVENT_KINDS.join(', ')}` }),
  team: reference,
  date: isoDate,
  place: text(200),
  attendance: whole(0, 100_000),
  issues: issueList,
  synthetic: syntheticFlag,
});
export type EventInput = z.infer<typeof eventInput>;

export const PRIORITY_STATUSES = ['open', 'closed'] as const;

export const priorityInput = z
  .object({
    ref: reference,
    team: reference,
    issue: text(2000),
    issue_date: isoDate,
    action: text(2000).optional(),
    action_date: isoDate.optional(),
    status: z.enum(PRIORITY_STATUSES, { error: 'open or closed' }).default('open'),
    closed_on: isoDate.optional(),
    outcome: text(2000).optional(),
    synthetic: syntheticFlag,
  })
  .refine((p) => p.action_date === undefined || p.action_date >= p.issue_date, {
    path: ['action_date'],
    message: 'before the issue date',
  })
  .refine((p) => p.status === 'open' || (p.closed_on !== undefined && p.outcome !== undefined), {
    path: ['outcome'],
    message: 'a closed priority needs closed_on and outcome (what was done)',
  })
  .refine((p) => p.closed_on === undefined || p.closed_on >= p.issue_date, {
    path: ['closed_on'],
    message: 'before the issue date',
  });
export type PriorityInput = z.infer<typeof priorityInput>;

/** An issue raised at an event made a priority (API and forms). */
export const promoteInput = z.object({
  issue_id: whole(1, Number.MAX_SAFE_INTEGER),
  ref: reference,
  action: text(2000).optional(),
  action_date: isoDate.optional(),
});

export const closeInput = z.object({ closed_on: isoDate, outcome: text(2000) });
