import { BeatwiseError } from '../core/errors.ts';
import { ROLES, type Role, type RoleGrant } from '../core/http/principal.ts';

/** Roles whose grant names an area: a commander's unit, a sergeant's or officer's team. */
const AREA_OF: Partial<Record<Role, 'unit' | 'team'>> = {
  commander: 'unit',
  sergeant: 'team',
  officer: 'team',
};

function isRole(s: string): s is Role {
  return (ROLES as readonly string[]).includes(s);
}

/**
 * Reads a grant written `role`, `role@force` or `role@force/AREA` (AREA: the unit of a commander,
 * the team of a sergeant or officer), e.g. `analyst@west-midlands`, `sergeant@west-midlands/WM-NPT-12`.
 */
export function parseGrant(text: string): RoleGrant {
  const m = /^([a-z-]+)(?:@([a-z0-9-]+)(?:\/([^\s/@]+))?)?$/.exec(text.trim());
  if (!m) {
    throw new BeatwiseError(
      'access.bad_grant',
      `"${text}" is not a role grant: write role, role@force or role@force/AREA (e.g. analyst@west-midlands, sergeant@west-midlands/TEAMCODE)`,
    );
  }
  const [, role, force, area] = m;
  if (!isRole(role)) {
    throw new BeatwiseError('access.bad_grant', `"${role}" is not a role; the roles are ${ROLES.join(', ')}`);
  }
  const grant: RoleGrant = { role };
  if (force) grant.force = force;
  if (area) {
    const kind = AREA_OF[role];
    if (!kind) {
      throw new BeatwiseError(
        'access.bad_grant',
        `"${text}": a ${role} grant covers a whole force and takes no area after the force`,
      );
    }
    grant[kind] = area;
  } else if (AREA_OF[role] && !force) {
    throw new BeatwiseError(
      'access.bad_grant',
      `"${text}": a ${role} grant needs a force and the ${AREA_OF[role]} (${role}@force/CODE)`,
    );
  }
  return grant;
}

/** The grant as `parseGrant` reads it. */
export function formatGrant(g: RoleGrant): string {
  const area = g.unit ?? g.team;
  return `${g.role}${g.force ? `@${g.force}` : ''}${area ? `/${area}` : ''}`;
}

/** Whether two grants give the same role over the same place. */
export function sameGrant(a: RoleGrant, b: RoleGrant): boolean {
  return formatGrant(a) === formatGrant(b);
}
