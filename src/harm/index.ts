export { applyCubeDelta, CubeDelta, rebuildCube } from './cube.ts';
