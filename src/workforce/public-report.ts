/**
 * The workforce report as the HTTP API gives it: a snapshot names the file it was loaded from by its
 * name only, never the server's path to it (which says how the server's disk is laid out).
 */
import { basename } from 'node:path';
import type { SnapshotMeta, WorkforceReport } from './api.ts';

function fileName(m: SnapshotMeta | null): SnapshotMeta | null {
  return m && { ...m, file: basename(m.file.replace(/\\/g, '/')) };
}

export function publicWorkforceReport(r: WorkforceReport): WorkforceReport {
  return {
    ...r,
    series: r.series.map((s) => ({
      ...s,
      establishment: fileName(s.establishment),
      strength: fileName(s.strength),
    })),
  };
}
