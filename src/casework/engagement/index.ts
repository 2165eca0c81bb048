export { registerEngagementCommands } from './commands.ts';
export { loadEngagementDemo } from './demo.ts';
export * from './figures.ts';
export * from './model.ts';
export { engagementMonthlyFigures } from './monthly.ts';
export {
  eventsToPoliceUk,
  type PoliceUkEvent,
  type PoliceUkPriority,
  type PriorityRecord,
  toPoliceUk,
} from './police-uk.ts';
export { ENGAGEMENT_RECORD_TYPES, type EngagementRecordName, exportEngagementRecords } from './records.ts';
export { ENGAGEMENT_RETENTION_CLASSES } from './retention.ts';
export { engagementRoutes } from './routes.ts';
export * from './store.ts';
