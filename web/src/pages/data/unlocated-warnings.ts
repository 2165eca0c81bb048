import type { ImportRecord } from '../../api/types.ts';

/** A file with far more unlocated rows than the force's other files: a warning about that file. */
export interface UnlocatedWarning {
  id: number;
  force: string;
  file: string;
  unlocated: number;
  usual: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Crime files whose unlocated rows are more than three times the median of the force's other
 * crime files and at least 100 more: police.uk's files usually hold a few dozen, and a jump (32 to
 * 344) says something about that file's locations, not about crime.
 */
export function unlocatedWarnings(imports: readonly ImportRecord[]): UnlocatedWarning[] {
  const out: UnlocatedWarning[] = [];
  const crimes = imports.filter((i) => i.format !== 'boundaries' && i.loaded > 0);
  for (const i of crimes) {
    const others = crimes.filter((o) => o.force === i.force && o.id !== i.id).map((o) => o.unlocated);
    if (others.length < 3) continue;
    const usual = median(others);
    if (i.unlocated > 3 * usual && i.unlocated - usual >= 100)
      out.push({ id: i.id, force: i.force, file: i.file, unlocated: i.unlocated, usual });
  }
  return out;
}
