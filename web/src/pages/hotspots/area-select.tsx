import { apiUrl } from '../../api/client.ts';
import type { AreasResponse } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import { Select } from '../../components/controls.tsx';
import { levelLabel } from '../../levels.ts';

/** Levels a hotspot study area is picked from. */
const LEVELS = ['unit', 'team', 'impact-area'] as const;

/** The study area: the whole force, or a unit, team or Impact Area (`LEVEL:CODE` in the URL). */
export function AreaSelect({
  force,
  value,
  onChange,
}: {
  force: string;
  value: string | undefined;
  onChange: (area: string | undefined) => void;
}) {
  const m = value ? /^([a-z-]+):(.+)$/.exec(value) : null;
  const level = m?.[1] ?? '';
  const areas = useApi<AreasResponse>(
    level ? apiUrl(`/forces/${encodeURIComponent(force)}/areas`, { level }) : null,
  );
  const list = areas.status === 'ok' ? areas.data.areas : [];
  return (
    <>
      <Select
        label="Area"
        value={level}
        options={[
          { value: '', label: 'Whole force' },
          ...LEVELS.map((l) => ({ value: l, label: levelLabel(l) })),
          ...(level && !(LEVELS as readonly string[]).includes(level)
            ? [{ value: level, label: levelLabel(level) }]
            : []),
        ]}
        onChange={(l) => onChange(l ? `${l}:` : undefined)}
      />
      {level && (
        <Select
          label={levelLabel(level)}
          value={m?.[2] ?? ''}
          options={[
            ...(m?.[2] ? [] : [{ value: '', label: 'Choose…' }]),
            ...list.map((a) => ({ value: a.code, label: a.name })),
            ...(m?.[2] && !list.some((a) => a.code === m[2]) ? [{ value: m[2], label: m[2] }] : []),
          ]}
          onChange={(code) => onChange(code ? `${level}:${code}` : `${level}:`)}
        />
      )}
    </>
  );
}
