import { useRef, useState } from 'preact/hooks';
import { apiUrl } from '../../api/client.ts';
import type { PatrolTimes } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import { Select } from '../../components/controls.tsx';
import { ExportLinks } from '../../components/data-table.tsx';
import { ScrollRegion } from '../../components/scroll-region.tsx';
import { ErrorMessage, Loading } from '../../components/states.tsx';
import { fmtHarm, fmtInt, fmtShare } from '../../format.ts';

const HOURS = Array.from({ length: 24 }, (_, h) => h);

/** White to dark red by share of the busiest hour; the number is always printed in the cell too. */
function heat(v: number, max: number): string {
  const t = max > 0 ? v / max : 0;
  const l = Math.round(98 - t * 38);
  return `hsl(0 70% ${l}%)`;
}

/**
 * When to patrol: for the cells with most harm, crimes by hour and weekday (a heat matrix with its
 * numbers) and the best windows of at most 60 minutes. Force extracts only: police.uk data carries
 * the month, not the time.
 */
export function PatrolTimesSection({
  force,
  params,
  names,
}: {
  force: string;
  params: Record<string, string | undefined>;
  names: Map<string, string>;
}) {
  const t = useApi<PatrolTimes>(apiUrl(`/forces/${encodeURIComponent(force)}/hotspots/times`, params));
  const [pick, setPick] = useState(0);
  return (
    <section aria-labelledby="h-times">
      <h2 id="h-times">Patrol times</h2>
      {t.status === 'loading' && <Loading what="patrol times" minHeight={200} />}
      {t.status === 'error' && <ErrorMessage error={t.error} what="patrol times" />}
      {t.status === 'ok' && !t.data.available && <p data-testid="hs-times-reason">{t.data.reason}</p>}
      {t.status === 'ok' && t.data.available && t.data.hotspots.length === 0 && (
        <p>No cell holds crimes of this selection with a known time.</p>
      )}
      {t.status === 'ok' && t.data.available && t.data.hotspots.length > 0 && (
        <Matrix
          data={t.data}
          pick={Math.min(pick, t.data.hotspots.length - 1)}
          setPick={setPick}
          names={names}
        />
      )}
    </section>
  );
}

function Matrix({
  data,
  pick,
  setPick,
  names,
}: {
  data: PatrolTimes;
  pick: number;
  setPick: (n: number) => void;
  names: Map<string, string>;
}) {
  const heatTable = useRef<HTMLTableElement>(null);
  const h = data.hotspots[pick];
  const by = data.rankedBy === 'count' ? 'count' : 'harm';
  const values = h.hourByWeekday[by];
  const max = Math.max(...values);
  const fmt = by === 'harm' ? fmtHarm : fmtInt;
  const label = (id: string) => names.get(id) ?? `Cell ${id}`;
  return (
    <>
      <Select
        label="Hotspot"
        value={String(pick)}
        options={data.hotspots.map((c, i) => ({
          value: String(i),
          label: `${i + 1}. ${label(c.cell_id)} (${fmtInt(c.count)} crimes)`,
        }))}
        onChange={(v) => setPick(Number(v))}
      />
      <p>
        Best windows of at most {data.windowMinutes} minutes at {label(h.cell_id)} ({fmtInt(h.timed)} crimes
        with a time{h.untimed ? `, ${fmtInt(h.untimed)} without` : ''}):
      </p>
      <ol data-testid="hs-windows">
        {h.windows.map((w) => (
          <li key={w.start}>
            <strong>{w.label}</strong>: {fmtShare(w.share)} of the cell's {by === 'harm' ? 'harm' : 'crimes'}
          </li>
        ))}
      </ol>
      <ScrollRegion label="Crimes by hour and weekday">
        <table class="data dense heat" data-testid="hs-heat" ref={heatTable}>
          <caption>
            {by === 'harm' ? 'Harm (days)' : 'Crimes'} by hour (columns, Europe/London) and weekday (rows),
            spread over each crime's known time span
          </caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              {HOURS.map((hr) => (
                <th key={hr} scope="col" class="num">
                  {String(hr).padStart(2, '0')}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {h.hourByWeekday.days.map((d, di) => (
              <tr key={d}>
                <th scope="row">{d}</th>
                {HOURS.map((hr) => {
                  const v = values[di * 24 + hr];
                  return (
                    <td key={hr} class="num" style={{ background: heat(v, max) }}>
                      {v > 0 ? fmt(v) : ''}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      <ExportLinks table={heatTable} label="Crimes by hour and weekday" />
    </>
  );
}
