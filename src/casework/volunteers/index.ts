export {
  type ImportResult,
  importerOf,
  importRecords,
  type RecordImporter,
  type RecordType,
  type SaveProblem,
} from '../shared/table-import.ts';
export { registerVolunteerCommands } from './commands.ts';
export { loadVolunteersDemo } from './demo.ts';
export * from './fields.ts';
export * from './figures.ts';
export { parseBody, requireScope } from './http.ts';
export * from './letters.ts';
export * from './model.ts';
export { volunteersMonthlyFigures } from './monthly.ts';
export {
  exportVolunteerRecords,
  VOLUNTEER_EXPORTS,
  VOLUNTEER_RECORD_TYPES,
  type VolunteerRecordName,
} from './records.ts';
export { type RetentionClass, VOLUNTEER_RETENTION_CLASSES } from './retention.ts';
export { volunteerRoutes } from './routes.ts';
export * from './store.ts';
export { findTeam, requireTeam, type TeamPlace } from './teams.ts';
