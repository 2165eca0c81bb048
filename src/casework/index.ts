import type { RoutePlugin } from '../core/http/server.ts';
import { burglaryExport, burglaryRoutes } from './burglary/routes.ts';
import { offenderRoutes, offendersExport } from './offenders/routes.ts';
import { referralRoutes, referralsExport } from './referrals/routes.ts';
import { caseworkSettingsRoutes } from './settings/routes.ts';

export { attendanceFromExtract } from './burglary/from-extract.ts';
export { burglaryMonthlyFigures } from './burglary/monthly.ts';
export { registerCaseworkCommands } from './commands.ts';
export { offendersMonthlyFigures } from './offenders/monthly.ts';
export { referralsMonthlyFigures } from './referrals/monthly.ts';

/** One route plugin per casework area, for src/server.ts ROUTES. */
export const caseworkRoutes: RoutePlugin[] = [
  burglaryRoutes,
  referralRoutes,
  offenderRoutes,
  burglaryExport,
  referralsExport,
  offendersExport,
  caseworkSettingsRoutes,
];
export { loadCaseworkDemo } from './demo.ts';
export { CASEWORK_RETENTION_CLASSES, RETENTION_CLASSES, type RetentionClass } from './retention/classes.ts';
