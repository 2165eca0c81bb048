/**
 * Neighbourhood priorities in the shape police.uk publishes them
 * (GET https://data.police.uk/api/{force}/{neighbourhood}/priorities): an array of
 * `{ issue, 'issue-date', action, 'action-date' }`, dates as `YYYY-MM-DDT00:00:00`, action and its
 * date null when none is set. A closed priority publishes what was done as its action.
 */
export interface PoliceUkPriority {
  issue: string;
  'issue-date': string;
  action: string | null;
  'action-date': string | null;
}

export interface PriorityRecord {
  issue: string;
  issue_date: string;
  action: string | null;
  action_date: string | null;
  status: string;
  closed_on: string | null;
  outcome: string | null;
}

const stamp = (d: string | null) => (d ? `${d}T00:00:00` : null);

/** Newest issue first, as police.uk lists them. Pure. */
export function toPoliceUk(records: readonly PriorityRecord[]): PoliceUkPriority[] {
  return [...records]
    .sort((a, b) => b.issue_date.localeCompare(a.issue_date))
    .map((p) => {
      const closed = p.status === 'closed';
      return {
        issue: p.issue,
        'issue-date': `${p.issue_date}T00:00:00`,
        action: closed ? p.outcome : p.action,
        'action-date': stamp(closed ? p.closed_on : p.action_date),
      };
    });
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

const EVENT_TITLES: Record<string, string> = {
  'beat-meeting': 'Beat meeting',
  'street-surgery': 'Street surgery',
  'world-cafe': 'World Café',
  iag: 'Independent advisory group',
  'online-survey': 'Online survey',
};

/**
 * Engagement events as police.uk publishes a neighbourhood's events: title, type, address and
 * start date; no attendance, officer or issue text (the issues become priorities). Newest first.
 * Pure.
 */
export function eventsToPoliceUk(
  events: readonly { kind: string; date: string; place: string }[],
): PoliceUkEvent[] {
  return [...events]
    .sort((a, b) => b.date.localeCompare(a.date))
    .map((e) => ({
      contact_details: {},
      description: null,
      title: `${EVENT_TITLES[e.kind] ?? e.kind}: ${e.place}`,
      address: e.place,
      type: e.kind === 'beat-meeting' ? 'meeting' : 'other',
      start_date: `${e.date}T00:00:00`,
      end_date: null,
    }));
}
