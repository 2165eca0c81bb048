export * from './categories.ts';
export { caveatsFor } from './caveats.ts';
export { type FileResult, type ImportCounts, importCrimeFile, importCrimeFiles } from './import.ts';
export type { CrimeRecord } from './model.ts';
export {
  BLOCK_LEVELS,
  type BlockLevel,
  type CrimeColumns,
  readMonthBlocks,
  refreshMonthBlocks,
} from './month-blocks.ts';
export { offenceCategory } from './offence-codes.ts';
export { reassignCrimes, reassignInTransaction, rebuildForceCube } from './reassign.ts';
export { NAMED_SELECTIONS, resolveSelection, type Selection } from './selections.ts';
export { HarmWeights, type WeightSet } from './weights.ts';
export { ensureBundledWeights, forceWeights, getWeightSet, listWeightSets } from './weights-store.ts';
