export { applyCubeDelta, CubeDelta, LEVEL_COLUMNS } from './cube.ts';
export { addCrime, type CrimePlace, forceAreaId, type HarmOf, rebuildCube } from './rebuild.ts';
