import type { StatusRule } from '../../../src/harm/status.ts';
import { navigate, type Route, withQuery } from '../router.tsx';

/**
 * What a status needs, beside every table of statuses: the rule in words, what the arrows mean, and
 * the two thresholds as inputs (they go in the URL as minPercent and minCrimes).
 */
export function StatusRuleNote({ rule, text, route }: { rule: StatusRule; text: string; route: Route }) {
  return (
    <div class="status-rule" data-testid="status-rule">
      <p class="small">
        {text} Arrows show the direction of rolling harm: <span aria-hidden="true">↓</span> falling (better),{' '}
        <span aria-hidden="true">↑</span> rising (worse). The board paper’s Table 3 reads ↑ as improving on
        most rows but not all, so its arrows are not used here.
      </p>
      <form
        key={`${rule.minPercent}:${rule.minCrimes ?? 0}`}
        class="controls"
        aria-label="Status thresholds"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget as HTMLFormElement);
          navigate(
            withQuery(route, {
              minPercent: String(f.get('minPercent')),
              minCrimes: String(f.get('minCrimes')),
            }),
          );
        }}
      >
        <div class="field">
          <label for="rule-pct">Smallest change (%)</label>
          <input
            id="rule-pct"
            name="minPercent"
            type="number"
            min={0}
            max={100}
            step={0.1}
            defaultValue={String(rule.minPercent)}
          />
        </div>
        <div class="field">
          <label for="rule-crimes">Fewest crimes in the window</label>
          <input
            id="rule-crimes"
            name="minCrimes"
            type="number"
            min={0}
            step={1}
            defaultValue={String(rule.minCrimes ?? 0)}
          />
        </div>
        <button type="submit" class="button button-small">
          Apply
        </button>
      </form>
    </div>
  );
}
