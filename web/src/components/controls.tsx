import { useId } from 'preact/hooks';
import { fmtMonth } from '../format.ts';

export interface Option {
  value: string;
  label: string;
}

/** A labelled <select>; `onChange` gets the chosen value. */
export function Select({
  label,
  value,
  options,
  onChange,
  hint,
}: {
  label: string;
  value: string;
  options: readonly Option[];
  onChange: (v: string) => void;
  hint?: string;
}) {
  const id = useId();
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select
        id={id}
        value={value}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {hint && (
        <span id={`${id}-hint`} class="hint">
          {hint}
        </span>
      )}
    </div>
  );
}

/** Month picker over the months the force has data for, latest first. */
export function MonthSelect({
  label = 'Month',
  months,
  value,
  onChange,
  hint,
}: {
  label?: string;
  months: readonly string[];
  value: string;
  onChange: (m: string) => void;
  hint?: string;
}) {
  const options = [...months].reverse().map((m) => ({ value: m, label: fmtMonth(m) }));
  return <Select label={label} value={value} options={options} onChange={onChange} hint={hint} />;
}
