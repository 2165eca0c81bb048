/** The seeded random numbers the benchmarks use: the project's one generator (src/core/rng.ts). */
export { Rng, WeightedPicker } from '../../src/core/rng.ts';
