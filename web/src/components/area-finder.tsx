import { useState } from 'preact/hooks';
import { apiUrl } from '../api/client.ts';
import type { AreasResponse, ForceSummary } from '../api/types.ts';
import { useApi } from '../api/use-api.ts';
import { levelLabel, PICK_LEVELS } from '../levels.ts';
import { areaPath, navigate } from '../router.tsx';

/** Open the page of any area: choose a level, then the area. */
export function AreaFinder({
  force,
  summary,
  to,
}: {
  force: string;
  summary: ForceSummary | null;
  to?: string | null;
}) {
  const levels = PICK_LEVELS.filter(
    (l) => !summary || summary.levels.some((x) => x.level === l && x.areas > 0),
  );
  const [level, setLevel] = useState<string>(levels[0] ?? 'unit');
  const areas = useApi<AreasResponse>(apiUrl(`/forces/${encodeURIComponent(force)}/areas`, { level }));
  const [code, setCode] = useState('');
  const list = areas.status === 'ok' ? areas.data.areas : [];
  const chosen = list.some((a) => a.code === code) ? code : (list[0]?.code ?? '');
  return (
    <form
      class="controls area-finder"
      aria-label="Open an area"
      onSubmit={(e) => {
        e.preventDefault();
        if (chosen) navigate(areaPath(force, level, chosen, { to: to ?? undefined }));
      }}
    >
      <div class="field">
        <label for="finder-level">Level</label>
        <select
          id="finder-level"
          value={level}
          onChange={(e) => setLevel((e.currentTarget as HTMLSelectElement).value)}
        >
          {levels.map((l) => (
            <option key={l} value={l}>
              {levelLabel(l, true)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="finder-area">Area</label>
        <select
          id="finder-area"
          value={chosen}
          disabled={areas.status !== 'ok' || list.length === 0}
          onChange={(e) => setCode((e.currentTarget as HTMLSelectElement).value)}
        >
          {areas.status === 'loading' && <option value="">Loading…</option>}
          {areas.status === 'error' && <option value="">Could not load the areas</option>}
          {list.map((a) => (
            <option key={a.code} value={a.code}>
              {a.name === a.code ? a.code : `${a.name} (${a.code})`}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" class="button" disabled={!chosen}>
        Open
      </button>
    </form>
  );
}
