/** The synthetic West Midlands force extract generator (see model.ts for the method). */
export { type Calibration, CRIME_CATEGORIES, FORCE_NAME, readCalibration } from './calibration.ts';
export { CellCounter, type Concentration, concentration } from './concentration.ts';
export {
  crimeReference,
  monthCsv,
  SYNTH_COLUMNS,
  SYNTH_HEADER,
  type WriteResult,
  writeExtract,
} from './csv.ts';
export { generateMonth, generateMonths, type MonthBatch } from './generate.ts';
export { cellKey, Geography } from './geography.ts';
export { buildModel, DEFAULT_SEED, type SynthModel, type SynthOptions } from './model.ts';
export { KINDS, PLACE_TYPES, weekProfile } from './profiles.ts';
export { CONCENTRATION_DEFINITION, SYNTH_VERSION, type SynthTruth, synthTruth } from './truth.ts';
