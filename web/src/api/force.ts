import { apiUrl } from './client.ts';
import type { ForceSummary, ForcesResponse } from './types.ts';
import { useApi } from './use-api.ts';

/** The force's entry in /api/forces (name, months, levels), or null while loading or when unknown. */
export function useForceSummary(slug: string | null): ForceSummary | null {
  const forces = useApi<ForcesResponse>(apiUrl('/forces'));
  if (forces.status !== 'ok' || !slug) return null;
  return forces.data.forces.find((f) => f.slug === slug) ?? null;
}
