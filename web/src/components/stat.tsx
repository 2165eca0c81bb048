import type { ComponentChildren } from 'preact';

/** A headline figure with its label and a line of context. */
export function Stat({
  label,
  value,
  sub,
  testId,
}: {
  label: string;
  value: ComponentChildren;
  sub?: ComponentChildren;
  testId?: string;
}) {
  return (
    <div class="stat" data-testid={testId}>
      <dt>{label}</dt>
      <dd>
        <span class="stat-value">{value}</span>
        {sub && <span class="stat-sub">{sub}</span>}
      </dd>
    </div>
  );
}

export function Stats({ children, label }: { children: ComponentChildren; label?: string }) {
  return (
    <dl class="stats" aria-label={label}>
      {children}
    </dl>
  );
}
