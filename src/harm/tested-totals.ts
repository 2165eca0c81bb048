/**
 * Totals of a selection that tests each crime (offence code, victim age: e.g. neighbourhood crime's
 * dwelling burglary), which the cube cannot answer: read from the force's month blocks
 * (crime/month-blocks.ts) rather than every crime through the crimes view.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../core/store/schema.ts';
import {
  BLOCK_LEVELS,
  type BlockLevel,
  type HarmWeights,
  readMonthBlocks,
  type Selection,
} from '../crime/index.ts';

type Db = Kysely<Database>;

export interface TestedQuery {
  forceId: number;
  level: string;
  selection: Selection;
  from: number;
  to: number;
  weights: HarmWeights;
  /** Only crimes placed in this area of `level`. */
  areaId?: number;
}

/** Calls `add(category, harm, areaIds)` for each crime of the selection; areaIds: its areas of the level (placed crimes only). */
export async function eachTestedCrime(
  db: Db,
  q: TestedQuery,
  add: (category: number, harm: number, areaIds: readonly number[]) => void,
): Promise<void> {
  const test = q.selection.test;
  if (!test) return;
  const wanted = new Uint8Array(256);
  for (const c of q.selection.categories) wanted[c] = 1;
  const l = BLOCK_LEVELS.indexOf(q.level as BlockLevel);
  const none: number[] = [];
  const one = [0];
  for (const b of await readMonthBlocks(db, q.forceId, q.from, q.to)) {
    // Harm per (category, offence code) of this block: looked up once per pair.
    const harmMemo = new Map<number, number>();
    const impactIds = b.impactSets.map((s) => s.split(',').filter(Boolean).map(Number));
    for (let k = 0; k < b.n; k++) {
      const c = b.category[k];
      if (!wanted[c]) continue;
      const o = b.offence[k];
      const code = o < 0 ? null : b.offenceCodes[o];
      const age = b.victimAge[k];
      if (!test(c, code, age < 0 ? null : age)) continue;
      const key = c * 65536 + o + 1;
      let harm = harmMemo.get(key);
      if (harm === undefined) {
        harm = Math.round((q.weights.harmOf(c, code) ?? 0) * 1000) / 1000;
        harmMemo.set(key, harm);
      }
      let ids: readonly number[] = none;
      if (b.placement[k] === 0) {
        if (q.level === 'impact-area') ids = b.impact[k] < 0 ? none : impactIds[b.impact[k]];
        else if (l >= 0 && b.levelIds[l][k] !== 0) {
          one[0] = b.levelIds[l][k];
          ids = one;
        }
      }
      if (q.areaId !== undefined && !ids.includes(q.areaId)) continue;
      add(c, harm, ids);
    }
  }
}
