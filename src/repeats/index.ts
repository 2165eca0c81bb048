export * from './alerts.ts';
export * from './api.ts';
export * from './classify.ts';
export * from './cocooning.ts';
export { registerRepeatCommands } from './commands.ts';
export * from './knox.ts';
export * from './model.ts';
export * from './pairs.ts';
export * from './risk.ts';
