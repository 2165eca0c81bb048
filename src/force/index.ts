export { Assigner, type Placement } from './assign.ts';
export {
  type BoundaryImportResult,
  type BoundaryWarning,
  importBoundaries,
  importBoundaryFile,
} from './boundaries.ts';
export { boundaryReaderThread } from './boundary-thread.ts';
export { ForceShapes, joinMultiPolygons } from './geometry.ts';
export { loadForce, readForceSpec } from './load.ts';
export * from './model.ts';
export { checkForceSlug, forceSlugProblem, howToCreateForce } from './slug.ts';
export * from './store.ts';
