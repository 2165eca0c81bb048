import { z } from 'zod';
import { isoDate, reference, syntheticFlag, text, whole } from './fields.ts';

export const GROUP_KINDS = ['streetwatch', 'speedwatch'] as const;
export type GroupKind = (typeof GROUP_KINDS)[number];

/** A SpeedWatch site is used only once the force (and usually the highway authority) approves it. */
export const SITE_STATUSES = ['proposed', 'approved', 'refused', 'suspended'] as const;
export type SiteStatus = (typeof SITE_STATUSES)[number];

/** UK speed limits, mph. */
export const SPEED_LIMITS = [20, 30, 40, 50, 60, 70] as const;

const limit = whole(20, 70).refine(
  (n) => (SPEED_LIMITS as readonly number[]).includes(n),
  `a UK speed limit (${SPEED_LIMITS.join(', ')} mph)`,
);

export const groupInput = z.object({
  code: reference,
  name: text(200),
  kind: z.enum(GROUP_KINDS, { error: `one of ${GROUP_KINDS.join(', ')}` }),
  team: reference,
  synthetic: syntheticFlag,
});
export type GroupInput = z.infer<typeof groupInput>;

export const memberInput = z
  .object({
    ref: reference,
    group: reference,
    name: text(200),
    email: z.email('an email address').max(200).optional(),
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9 ()-]{7,20}$/, 'a phone number (digits, spaces, + ( ) -)')
      .optional(),
    joined: isoDate,
    left: isoDate.optional(),
    synthetic: syntheticFlag,
  })
  .refine((m) => m.left === undefined || m.left >= m.joined, {
    path: ['left'],
    message: 'before the date joined',
  });
export type MemberInput = z.infer<typeof memberInput>;

export const siteInput = z
  .object({
    code: reference,
    group: reference,
    name: text(200),
    limit,
    status: z.enum(SITE_STATUSES, { error: `one of ${SITE_STATUSES.join(', ')}` }),
    decided: isoDate.optional(),
    synthetic: syntheticFlag,
  })
  .refine((s) => s.status === 'proposed' || s.decided !== undefined, {
    path: ['decided'],
    message: 'required when the site is approved, refused or suspended (the date of the decision)',
  });
export type SiteInput = z.infer<typeof siteInput>;

/** Registration as kept: upper case, without spaces. */
export function normaliseRegistration(s: string): string {
  return s.replace(/\s+/g, '').toUpperCase();
}

const registration = z
  .string()
  .trim()
  .transform(normaliseRegistration)
  .pipe(z.string().regex(/^[A-Z0-9]{2,8}$/, 'a vehicle registration (2 to 8 letters and digits)'));

export const offenceFields = {
  registration,
  time: z
    .string()
    .trim()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM'),
  speed: whole(1, 200),
  limit,
};

const aboveLimit = {
  path: ['speed'],
  message: 'not above the limit: only speeds above the limit are offences',
};

export const offenceInput = z
  .object({ session: reference, ...offenceFields })
  .refine((o) => o.speed > o.limit, aboveLimit);
export type OffenceInput = z.infer<typeof offenceInput>;

const memberList = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) =>
    (Array.isArray(v) ? v : (v ?? '').split(';')).map((s) => s.trim()).filter((s) => s !== ''),
  );

export const sessionInput = z.object({
  ref: reference,
  group: reference,
  date: isoDate,
  site: text(200),
  site_code: reference.optional(),
  hours: z.coerce
    .number({ error: 'a number of hours' })
    .positive('more than 0')
    .max(500, 'at most 500 (the hours of all volunteers together)'),
  vehicles_checked: whole(0, 100_000).optional(),
  members: memberList,
  synthetic: syntheticFlag,
});
export type SessionInput = z.infer<typeof sessionInput>;

/** A session entered in a form or posted to the API, with its offences. */
export const sessionWithOffences = sessionInput.extend({
  offences: z
    .array(z.object(offenceFields).refine((o) => o.speed > o.limit, aboveLimit))
    .max(2000)
    .optional(),
});
