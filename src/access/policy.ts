/**
 * The access policy as data: one table of rules, role × resource × actions × scope, and the pure
 * functions that read it. `decide` answers "may this principal do this action on this resource
 * here?"; `filterFields` removes the fields of a record the principal may not see. The server
 * enforces it in one hook (core/http/guard.ts); the audit log records what it decided.
 */
import type { AccessControl } from '../core/http/guard.ts';
import type { Principal, Role, RoleGrant } from '../core/http/principal.ts';

/** Who a rule is for: a signed-in role, or the public (anyone, signed in or not). */
export type Audience = Role | 'public';

export const ACTIONS = ['read', 'create', 'update', 'delete'] as const;
export type Action = (typeof ACTIONS)[number];

/**
 * What a rule covers of a grant's reach. `any`: everywhere; `force`: the grant's force (every force
 * when the grant names none); `unit` / `team`: records of the grant's unit / team; `own`: records
 * the principal owns (patrol logs, casework entries), within the grant's force.
 */
export type Scope = 'any' | 'force' | 'unit' | 'team' | 'own';

export interface ResourceInfo {
  summary: string;
  /** Personal data (DPA 2018 Part 3): every read is logged, with a justification. */
  personal: boolean;
}

/** Every resource, now and for the features coming next (they inherit the policy). */
export const RESOURCES = {
  meta: { summary: 'health, settings, API description, the web app itself', personal: false },
  'table-export': {
    summary: 'turning a table a page already shows into CSV or XLSX (reads nothing from the store)',
    personal: false,
  },
  'sign-in': {
    summary: 'signing in and out, two-factor, who am I (better-auth checks its own requests)',
    personal: false,
  },
  'force-structure': { summary: 'forces, areas, boundaries', personal: false },
  'crime-aggregates': {
    summary: 'crime and harm by area and month: overview, harm, trends, Impact Areas',
    personal: false,
  },
  hotspots: {
    summary: 'hotspot grids and concentration (the public: at published precision)',
    personal: false,
  },
  'hotspot-detail': {
    summary: 'kernel density and patrol times per cell: exact places and times of crimes',
    personal: false,
  },
  'exact-locations': {
    summary: 'crime locations at full precision (small cells, small counts unsuppressed)',
    personal: false,
  },
  imports: { summary: 'the imports list (file names, counts) and uploads', personal: false },
  rejects: {
    summary: 'rejected rows of an import, verbatim: crime reference, exact location, victim details',
    personal: true,
  },
  workforce: { summary: 'establishment, strength, variance', personal: false },
  weights: { summary: 'harm weight sets and a force’s choice of one', personal: false },
  users: { summary: 'user accounts and their role grants', personal: true },
  audit: { summary: 'the audit log', personal: true },
  'patrol-plans': { summary: 'patrol plans of a team', personal: false },
  'patrol-logs': { summary: 'an officer’s patrol log entries', personal: true },
  'patrol-tactics': {
    summary: 'the force’s list of patrol tactics officers record (read by everyone who patrols)',
    personal: false,
  },
  referrals: { summary: 'casework referrals (victims, addresses)', personal: true },
  'victim-contact': {
    summary: 'field of a referral: the victim’s contact details',
    personal: true,
  },
  offenders: { summary: 'offender management records', personal: true },
  'burglary-attendance': {
    summary: 'burglary attendance pledge records (victims of home burglary)',
    personal: true,
  },
  'casework-figures': {
    summary: 'casework figures per unit, team and month (counts, no people)',
    personal: false,
  },
  'casework-settings': {
    summary: 'a force’s casework settings: not-attended reasons, referral service levels, retention days',
    personal: false,
  },
  volunteers: { summary: 'volunteer groups and their members', personal: true },
  'volunteer-contact': {
    summary: 'field of a volunteer member: email and phone (the coordinator and the group’s team)',
    personal: true,
  },
  engagement: { summary: 'community engagement events and contacts', personal: false },
  'engagement-figures': {
    summary: 'engagement figures per team and month (counts of events, attendance, issues, priorities)',
    personal: false,
  },
  priorities: {
    summary: 'neighbourhood priorities as police.uk publishes them (issue, action, dates)',
    personal: false,
  },
} as const satisfies Record<string, ResourceInfo>;

export type Resource = keyof typeof RESOURCES;

export interface Rule {
  who: Audience;
  resource: Resource;
  actions: readonly Action[];
  scope: Scope;
}

const R: readonly Action[] = ['read'];
const RW: readonly Action[] = ['read', 'create', 'update'];
const ALL: readonly Action[] = ACTIONS;

/**
 * The policy. A principal gets every rule of the public plus every rule of each role it holds,
 * scoped by that grant: the union. What is not here is denied.
 */
export const POLICY: readonly Rule[] = [
  // The public sees what police.uk publishes: aggregates by area and month, hotspot maps at
  // published precision. Nothing else.
  { who: 'public', resource: 'meta', actions: R, scope: 'any' },
  { who: 'public', resource: 'sign-in', actions: ALL, scope: 'any' },
  { who: 'public', resource: 'table-export', actions: ['create'], scope: 'any' },
  { who: 'public', resource: 'force-structure', actions: R, scope: 'any' },
  { who: 'public', resource: 'crime-aggregates', actions: R, scope: 'any' },
  { who: 'public', resource: 'hotspots', actions: R, scope: 'any' },
  { who: 'public', resource: 'priorities', actions: R, scope: 'any' },

  // Administrator: runs the system for a force (or every force): all of it but victims' contacts.
  ...(
    [
      'hotspot-detail',
      'exact-locations',
      'imports',
      'rejects',
      'workforce',
      'users',
      'audit',
      'patrol-plans',
      'patrol-logs',
      'patrol-tactics',
      'referrals',
      'offenders',
      'volunteers',
      'engagement',
      'burglary-attendance',
      'casework-figures',
      'casework-settings',
    ] as const
  ).map((resource): Rule => ({ who: 'administrator', resource, actions: ALL, scope: 'force' })),
  { who: 'administrator', resource: 'weights', actions: ALL, scope: 'force' },
  { who: 'administrator', resource: 'engagement-figures', actions: R, scope: 'force' },

  // Analyst: force-wide read and analysis, imports and their rejects, weights.
  { who: 'analyst', resource: 'hotspot-detail', actions: R, scope: 'force' },
  { who: 'analyst', resource: 'exact-locations', actions: R, scope: 'force' },
  { who: 'analyst', resource: 'imports', actions: ['read', 'create'], scope: 'force' },
  { who: 'analyst', resource: 'rejects', actions: R, scope: 'force' },
  { who: 'analyst', resource: 'workforce', actions: R, scope: 'force' },
  { who: 'analyst', resource: 'weights', actions: RW, scope: 'force' },
  { who: 'analyst', resource: 'patrol-plans', actions: R, scope: 'force' },
  { who: 'analyst', resource: 'patrol-logs', actions: R, scope: 'force' },
  { who: 'analyst', resource: 'patrol-tactics', actions: R, scope: 'force' },
  { who: 'analyst', resource: 'engagement', actions: R, scope: 'force' },
  { who: 'analyst', resource: 'engagement-figures', actions: R, scope: 'force' },
  { who: 'analyst', resource: 'burglary-attendance', actions: R, scope: 'force' },
  { who: 'analyst', resource: 'casework-figures', actions: R, scope: 'force' },

  // Commander: a unit, its teams, plans, casework and workforce. The workforce report is
  // force-wide by department today, so it is granted force-wide (read only).
  { who: 'commander', resource: 'hotspot-detail', actions: R, scope: 'force' },
  { who: 'commander', resource: 'exact-locations', actions: R, scope: 'force' },
  { who: 'commander', resource: 'workforce', actions: R, scope: 'force' },
  { who: 'commander', resource: 'weights', actions: R, scope: 'force' },
  { who: 'commander', resource: 'patrol-plans', actions: ALL, scope: 'unit' },
  { who: 'commander', resource: 'patrol-logs', actions: R, scope: 'unit' },
  { who: 'commander', resource: 'patrol-tactics', actions: R, scope: 'force' },
  { who: 'commander', resource: 'referrals', actions: RW, scope: 'unit' },
  { who: 'commander', resource: 'victim-contact', actions: R, scope: 'unit' },
  { who: 'commander', resource: 'offenders', actions: RW, scope: 'unit' },
  { who: 'commander', resource: 'volunteers', actions: R, scope: 'unit' },
  { who: 'commander', resource: 'engagement', actions: RW, scope: 'unit' },
  { who: 'commander', resource: 'engagement-figures', actions: R, scope: 'unit' },
  { who: 'commander', resource: 'burglary-attendance', actions: RW, scope: 'unit' },
  { who: 'commander', resource: 'casework-figures', actions: R, scope: 'force' },

  // Sergeant: a team. Sees its referrals, but not the victim's contact details.
  { who: 'sergeant', resource: 'hotspot-detail', actions: R, scope: 'force' },
  { who: 'sergeant', resource: 'exact-locations', actions: R, scope: 'force' },
  { who: 'sergeant', resource: 'weights', actions: R, scope: 'force' },
  { who: 'sergeant', resource: 'patrol-plans', actions: ALL, scope: 'team' },
  { who: 'sergeant', resource: 'patrol-logs', actions: R, scope: 'team' },
  { who: 'sergeant', resource: 'patrol-tactics', actions: R, scope: 'force' },
  { who: 'sergeant', resource: 'referrals', actions: RW, scope: 'team' },
  { who: 'sergeant', resource: 'offenders', actions: R, scope: 'team' },
  { who: 'sergeant', resource: 'engagement', actions: RW, scope: 'team' },
  { who: 'sergeant', resource: 'engagement-figures', actions: R, scope: 'team' },
  { who: 'sergeant', resource: 'burglary-attendance', actions: RW, scope: 'team' },
  { who: 'sergeant', resource: 'casework-figures', actions: R, scope: 'force' },
  { who: 'sergeant', resource: 'volunteers', actions: RW, scope: 'team' },
  { who: 'sergeant', resource: 'volunteer-contact', actions: R, scope: 'team' },

  // Officer: own patrols and own casework entries; own team's plans.
  { who: 'officer', resource: 'hotspot-detail', actions: R, scope: 'force' },
  { who: 'officer', resource: 'exact-locations', actions: R, scope: 'force' },
  { who: 'officer', resource: 'patrol-plans', actions: R, scope: 'team' },
  { who: 'officer', resource: 'patrol-logs', actions: RW, scope: 'own' },
  { who: 'officer', resource: 'patrol-tactics', actions: R, scope: 'force' },
  { who: 'officer', resource: 'referrals', actions: RW, scope: 'own' },
  { who: 'officer', resource: 'victim-contact', actions: R, scope: 'own' },
  { who: 'officer', resource: 'engagement', actions: RW, scope: 'own' },
  // The team's engagement figures are counts of everyone's events: an officer's own records
  // alone (the `own` scope above) would show the officer nothing.
  { who: 'officer', resource: 'engagement-figures', actions: R, scope: 'team' },
  // Attending officers record the attendance of their team's home burglaries.
  { who: 'officer', resource: 'burglary-attendance', actions: RW, scope: 'team' },
  { who: 'officer', resource: 'casework-figures', actions: R, scope: 'force' },
  { who: 'officer', resource: 'volunteers', actions: R, scope: 'team' },
  { who: 'officer', resource: 'volunteer-contact', actions: R, scope: 'team' },

  // Volunteer coordinator: volunteer groups only.
  { who: 'volunteer-coordinator', resource: 'volunteers', actions: ALL, scope: 'force' },
  // Members' contact details: only the coordinator and the group's own team (sergeant, officers).
  { who: 'volunteer-coordinator', resource: 'volunteer-contact', actions: R, scope: 'force' },
];

/** What is asked: an action on a resource, and where (the request's force, unit, team, owner). */
export interface Target {
  resource: Resource;
  action: Action;
  force?: string;
  unit?: string;
  team?: string;
  /** The user id owning the record (patrol log, casework entry). */
  ownerId?: string;
  /**
   * The record is not found yet (a route taking a record id): check the force only; its unit, team
   * and owner are checked once it is found (guard's `requireObject`).
   */
  pending?: boolean;
}

export interface Decision {
  allow: boolean;
  /** 200 allowed; 401 the public asking for something that needs a sign-in; 403 not allowed. */
  status: 200 | 401 | 403;
  reason: string;
}

/** Rules by audience and resource, built once: `decide` does a few map look-ups per grant. */
const INDEX = new Map<string, Rule[]>();
for (const rule of POLICY) {
  const key = `${rule.who}|${rule.resource}`;
  const list = INDEX.get(key);
  if (list) list.push(rule);
  else INDEX.set(key, [rule]);
}

function rulesFor(who: Audience, resource: Resource): readonly Rule[] {
  return INDEX.get(`${who}|${resource}`) ?? [];
}

/**
 * Whether a grant's rule reaches the target. A target without a force (a list, a record looked up
 * by id) is a question of "may this role ever do this?": the record's own scope is checked when it
 * is found (see `decide` on the record, and guard's `requireObject`).
 */
function reaches(rule: Rule, grant: RoleGrant | null, principal: Principal | null, t: Target): boolean {
  if (rule.scope === 'any' || grant === null) return true;
  if (t.force === undefined) return true;
  if (grant.force !== undefined && grant.force !== t.force) return false;
  if (t.pending) return true;
  switch (rule.scope) {
    case 'force':
      return true;
    case 'unit':
      return t.unit !== undefined && t.unit === grant.unit;
    case 'team':
      return t.team !== undefined && t.team === grant.team;
    case 'own':
      return t.ownerId !== undefined && principal !== null && t.ownerId === principal.userId;
  }
}

/** Whether `principal` (null: the public) may do `target`. Pure; a few microseconds. */
export function decide(principal: Principal | null, target: Target): Decision {
  for (const rule of rulesFor('public', target.resource))
    if (rule.actions.includes(target.action) && reaches(rule, null, principal, target))
      return { allow: true, status: 200, reason: 'public' };
  if (principal === null)
    return { allow: false, status: 401, reason: `${target.action} ${target.resource} needs a sign-in` };
  for (const grant of principal.grants)
    for (const rule of rulesFor(grant.role, target.resource))
      if (rule.actions.includes(target.action) && reaches(rule, grant, principal, target))
        return { allow: true, status: 200, reason: `${grant.role} (${rule.scope})` };
  return {
    allow: false,
    status: 403,
    reason: `no role of ${principal.userId} may ${target.action} ${target.resource}${where(target)}`,
  };
}

function where(t: Target): string {
  const parts = [
    t.force && `force ${t.force}`,
    t.unit && `unit ${t.unit}`,
    t.team && `team ${t.team}`,
    t.ownerId && `owner ${t.ownerId}`,
  ].filter(Boolean);
  return parts.length ? ` in ${parts.join(', ')}` : '';
}

export function isPersonal(resource: Resource): boolean {
  return RESOURCES[resource].personal;
}

export function isResource(name: string): name is Resource {
  return Object.hasOwn(RESOURCES, name);
}

/**
 * Field-level rules: a field of a record that needs its own permission (a resource of its own).
 * A referral's victim contact details need `victim-contact` read.
 */
export const FIELD_RULES: Partial<Record<Resource, Readonly<Record<string, Resource>>>> = {
  referrals: { victimContact: 'victim-contact' },
  'burglary-attendance': { victimContact: 'victim-contact' },
  volunteers: { contact: 'volunteer-contact' },
};

/**
 * The record as `principal` may see it: fields whose own resource it may not read are removed.
 * `where` is the record's force, unit, team and owner.
 */
export function filterFields<T extends Record<string, unknown>>(
  principal: Principal | null,
  resource: Resource,
  record: T,
  where: Omit<Target, 'resource' | 'action'>,
): Partial<T> {
  const fields = FIELD_RULES[resource];
  if (!fields) return record;
  const out: Partial<T> = { ...record };
  for (const [field, needs] of Object.entries(fields))
    if (field in out && !decide(principal, { ...where, resource: needs, action: 'read' }).allow)
      delete out[field as keyof T];
  return out;
}

const RESOURCE_NAMES = Object.keys(RESOURCES) as Resource[];
const NARROW: ReadonlySet<Scope> = new Set(['unit', 'team', 'own']);

/**
 * A key naming what the principal may see of `resource` in `force`, for the response cache, or null
 * not to cache (personal data). Principals with the same force-wide reach share a key (every
 * officer of a force sees the same harm table); grants that reach the resource only in a unit, team
 * or the user's own records are added (and the user, for `own`), since an answer could depend on
 * them.
 */
export function cacheKey(principal: Principal | null, resource: Resource, force?: string): string | null {
  if (isPersonal(resource)) return null;
  if (principal === null || principal.grants.length === 0) return 'public';
  let mask = '';
  for (const r of RESOURCE_NAMES)
    mask += decide(principal, { resource: r, action: 'read', force }).allow ? '1' : '0';
  const narrow: string[] = [];
  for (const g of principal.grants)
    for (const rule of rulesFor(g.role, resource))
      if (NARROW.has(rule.scope))
        narrow.push(
          `${g.role}:${g.force ?? '*'}:${g.unit ?? ''}:${g.team ?? ''}${rule.scope === 'own' ? `@${principal.userId}` : ''}`,
        );
  return narrow.length ? `${mask}|${[...new Set(narrow)].sort().join(',')}` : mask;
}

/** The policy as the server enforces it (core/http/guard.ts). Unknown resources are refused. */
export const accessControl: AccessControl = {
  decide(principal, target) {
    const { resource } = target;
    if (!isResource(resource))
      return { allow: false, status: 403, reason: `"${resource}" is not a resource of the policy` };
    return decide(principal, { ...target, resource });
  },
  isPersonal: (resource) => isResource(resource) && isPersonal(resource),
  cacheKey: (principal, target) =>
    isResource(target.resource) ? cacheKey(principal, target.resource, target.force) : null,
};
