export * from './api.ts';
export { registerWorkforceCommands } from './commands.ts';
export * from './format.ts';
export * from './model.ts';
export {
  DepartmentIndex,
  parseAsOf,
  parseMonthRange,
  parseWorkforceEvents,
  parseWorkforceTable,
} from './parse.ts';
export * from './projection.ts';
export { readTableRows, type TableRow } from './read.ts';
export { forceDepartments, listEvents, listSnapshots, saveEvents, saveSnapshot } from './store.ts';
export * from './totals.ts';
export * from './variance.ts';
