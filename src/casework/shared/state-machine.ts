import { BeatwiseError } from '../../core/errors.ts';

/** A record's states and the moves allowed between them. */
export type Transitions<S extends string> = Readonly<Record<S, readonly S[]>>;

/** Whether `to` may follow `from`. */
export function canMove<S extends string>(machine: Transitions<S>, from: S, to: S): boolean {
  return machine[from].includes(to);
}

/** Throws a `casework.transition` error naming the allowed next states when `to` may not follow `from`. */
export function requireMove<S extends string>(machine: Transitions<S>, from: S, to: S, what: string): void {
  if (canMove(machine, from, to)) return;
  const next = machine[from];
  throw new BeatwiseError(
    'casework.transition',
    `${what} is "${from}": it cannot move to "${to}"${next.length ? ` (next: ${next.join(', ')})` : ' (it is closed)'}`,
    { field: 'state' },
  );
}
