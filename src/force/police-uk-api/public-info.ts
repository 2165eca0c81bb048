/**
 * A team's public fields (migration 015-team-public): what police.uk shows of a neighbourhood
 * besides its boundary. Set by `beatwise team-public set` or a force description's `teams[].public`.
 * The roster is a list of names a team chooses to publish, never read from user accounts.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { BeatwiseError } from '../../core/errors.ts';
import type { Database } from '../../core/store/schema.ts';

export type TeamPublicTable = {
  force_id: number;
  team_code: string;
  description: string | null;
  population: number | null;
  url: string | null;
  contact_details: string;
  links: string;
  people: string;
  updated_at: string;
};

type Db = Kysely<Database & { team_public: TeamPublicTable }>;

/** The feature-local view of the store with the team_public table. */
export function tdb(db: Kysely<Database>): Db {
  return db.withTables<{ team_public: TeamPublicTable }>();
}

const text = z.string().trim().max(4000);

/** police.uk's contact_details keys (all optional strings). */
export const contactDetailsSchema = z
  .object({
    telephone: text.optional(),
    mobile: text.optional(),
    fax: text.optional(),
    email: text.optional(),
    web: text.optional(),
    address: text.optional(),
    facebook: text.optional(),
    twitter: text.optional(),
    youtube: text.optional(),
    myspace: text.optional(),
    bebo: text.optional(),
    flickr: text.optional(),
    'google-plus': text.optional(),
    forum: text.optional(),
    'e-messaging': text.optional(),
    blog: text.optional(),
    rss: text.optional(),
  })
  .strict();

export const personSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    rank: z.string().trim().max(100).default(''),
    bio: z.string().trim().max(4000).nullable().default(null),
    contact_details: contactDetailsSchema.default({}),
  })
  .strict();

export const linkSchema = z
  .object({
    title: z.string().trim().min(1).max(200),
    url: z.string().trim().max(2000),
    description: z.string().trim().max(2000).nullable().default(null),
  })
  .strict();

/** What a team publishes: every field optional. */
export const teamPublicSchema = z
  .object({
    description: z.string().trim().max(20_000).nullable().default(null),
    population: z.number().int().min(0).nullable().default(null),
    url: z.string().trim().max(2000).nullable().default(null),
    contact_details: contactDetailsSchema.default({}),
    links: z.array(linkSchema).max(100).default([]),
    people: z.array(personSchema).max(200).default([]),
  })
  .strict();

export type TeamPublic = z.infer<typeof teamPublicSchema>;
export type PublicPerson = z.infer<typeof personSchema>;

export const EMPTY_PUBLIC: TeamPublic = teamPublicSchema.parse({});

/** Validates a team's public fields as given in a file (names the field at fault). */
export function parseTeamPublic(value: unknown, where: string): TeamPublic {
  const r = teamPublicSchema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = issue.path.join('.');
  throw new BeatwiseError('force.team_public_invalid', `${where}: ${field || 'value'}: ${issue.message}`, {
    field,
  });
}

/** Stores a team's public fields (replacing what was there). */
export async function setTeamPublic(
  db: Kysely<Database>,
  forceId: number,
  teamCode: string,
  p: TeamPublic,
): Promise<void> {
  const row = {
    description: p.description,
    population: p.population,
    url: p.url,
    contact_details: JSON.stringify(p.contact_details),
    links: JSON.stringify(p.links),
    people: JSON.stringify(p.people),
    updated_at: new Date().toISOString(),
  };
  await tdb(db)
    .insertInto('team_public')
    .values({ force_id: forceId, team_code: teamCode, ...row })
    .onConflict((oc) => oc.columns(['force_id', 'team_code']).doUpdateSet(row))
    .execute();
}

function json<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** Every team's public fields for a force, by team code (teams without any are absent). */
export async function teamPublicByCode(
  db: Kysely<Database>,
  forceId: number,
): Promise<Map<string, TeamPublic>> {
  const rows = await tdb(db).selectFrom('team_public').selectAll().where('force_id', '=', forceId).execute();
  return new Map(
    rows.map((r) => [
      r.team_code,
      {
        description: r.description,
        population: r.population === null ? null : Number(r.population),
        url: r.url,
        contact_details: json<TeamPublic['contact_details']>(r.contact_details, {}),
        links: json<TeamPublic['links']>(r.links, []),
        people: json<TeamPublic['people']>(r.people, []),
      },
    ]),
  );
}
