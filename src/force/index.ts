export { Assigner, type Placement } from './assign.ts';
export { importBoundaryFile } from './boundaries.ts';
export { ForceShapes, joinMultiPolygons } from './geometry.ts';
export { loadForce, readForceSpec } from './load.ts';
export * from './model.ts';
export * from './store.ts';
