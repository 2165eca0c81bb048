/** Users, roles and sign-in: what other features and the server use. */
export { type Access, accessFor, adminAuth, createLocalUser, isLoopback } from './access.ts';
export { formatGrant, parseGrant } from './grants.ts';
export { identifyFor } from './identify.ts';
export { accessRoutes } from './routes.ts';
export { checkServeRules, createDemoAdministrator, demoAdministratorLines } from './serve-rules.ts';
export { readAccessEnv } from './settings.ts';
export { accessDb } from './tables.ts';
export { grantsOf, hasAdministrator, listUsers } from './users.ts';
