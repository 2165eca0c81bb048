/**
 * Where a neighbourhood's public events and priorities come from. Engagement and neighbourhood
 * priorities are their own feature (src/casework: `publicPriorities(store, forceCode, teamCode)`);
 * until it is wired in, the default source answers with empty lists, as police.uk does for a
 * neighbourhood that publishes none. Answers are in police.uk's shapes exactly.
 */
import type { Store } from '../../core/store/store.ts';

/** police.uk /{force}/{neighbourhood}/priorities item. */
export interface PoliceUkPriority {
  action: string | null;
  'issue-date': string;
  'action-date': string | null;
  issue: string;
}

/** police.uk /{force}/{neighbourhood}/events item. */
export interface PoliceUkEvent {
  contact_details: Record<string, string>;
  description: string | null;
  title: string;
  address: string | null;
  type: string;
  start_date: string;
  end_date: string | null;
}

export interface NeighbourhoodPublicSource {
  priorities(store: Store, forceCode: string, teamCode: string): Promise<PoliceUkPriority[]>;
  events(store: Store, forceCode: string, teamCode: string): Promise<PoliceUkEvent[]>;
}

/** No engagement data yet: empty lists. */
export const EMPTY_NEIGHBOURHOOD_SOURCE: NeighbourhoodPublicSource = {
  priorities: async () => [],
  events: async () => [],
};
