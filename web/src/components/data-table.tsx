import type { ComponentChildren, RefObject } from 'preact';
import { useMemo, useRef, useState } from 'preact/hooks';
import { ScrollRegion } from './scroll-region.tsx';
import { downloadTable } from './table-export.ts';

export interface Column<R> {
  key: string;
  label: ComponentChildren;
  /** The cell's content. */
  render: (row: R) => ComponentChildren;
  /** The value sorted on (absent: the column does not sort). null sorts last. */
  sort?: (row: R) => number | string | null;
  numeric?: boolean;
  /** A row header (th scope=row): the row's name. */
  rowHeader?: boolean;
  className?: string;
}

export type SortState = { key: string; dir: 'ascending' | 'descending' } | null;

/**
 * A table with real headers; sortable columns have a button in their header and aria-sort on the
 * sorted one. Wide tables scroll inside a focusable region, never the page.
 */
export function DataTable<R>({
  columns,
  rows,
  caption,
  rowKey,
  initialSort = null,
  footer,
  label,
  dense,
}: {
  columns: Column<R>[];
  rows: readonly R[];
  caption: ComponentChildren;
  rowKey: (row: R) => string;
  initialSort?: SortState;
  footer?: ComponentChildren;
  /** Name of the scrolling region (default: the caption when it is text). */
  label?: string;
  dense?: boolean;
}) {
  const [sort, setSort] = useState<SortState>(initialSort);
  const sorted = useMemo(() => {
    if (!sort) return rows;
    const col = columns.find((c) => c.key === sort.key);
    if (!col?.sort) return rows;
    const get = col.sort;
    const sign = sort.dir === 'ascending' ? 1 : -1;
    return [...rows].sort((a, b) => {
      const va = get(a);
      const vb = get(b);
      if (va === null && vb === null) return 0;
      if (va === null) return 1;
      if (vb === null) return -1;
      if (typeof va === 'number' && typeof vb === 'number') return sign * (va - vb);
      return sign * String(va).localeCompare(String(vb), 'en-GB', { numeric: true });
    });
  }, [rows, columns, sort]);
  const toggle = (key: string) =>
    setSort((s) =>
      s && s.key === key
        ? { key, dir: s.dir === 'ascending' ? 'descending' : 'ascending' }
        : { key, dir: columns.find((c) => c.key === key)?.numeric ? 'descending' : 'ascending' },
    );
  const regionLabel = label ?? (typeof caption === 'string' ? caption : 'Table');
  const table = useRef<HTMLTableElement>(null);
  return (
    <>
      <ScrollRegion label={regionLabel}>
        <table class={dense ? 'data dense' : 'data'} ref={table}>
          <caption>{caption}</caption>
          <thead>
            <tr>
              {columns.map((c) => {
                const active = sort?.key === c.key;
                return (
                  <th
                    key={c.key}
                    scope="col"
                    class={`${c.numeric ? 'num' : ''} ${c.className ?? ''}`}
                    aria-sort={c.sort ? (active ? sort?.dir : 'none') : undefined}
                  >
                    {c.sort ? (
                      <button type="button" class="sort" onClick={() => toggle(c.key)}>
                        {c.label}
                        <span class="sort-icon" aria-hidden="true">
                          {active ? (sort?.dir === 'ascending' ? '▲' : '▼') : '↕'}
                        </span>
                      </button>
                    ) : (
                      c.label
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {sorted.map((r) => (
              <tr key={rowKey(r)}>
                {columns.map((c) =>
                  c.rowHeader ? (
                    <th key={c.key} scope="row" class={`${c.numeric ? 'num' : ''} ${c.className ?? ''}`}>
                      {c.render(r)}
                    </th>
                  ) : (
                    <td key={c.key} class={`${c.numeric ? 'num' : ''} ${c.className ?? ''}`}>
                      {c.render(r)}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
          {footer && <tfoot>{footer}</tfoot>}
        </table>
      </ScrollRegion>
      <ExportLinks table={table} label={regionLabel} />
    </>
  );
}

/** "Download this table: CSV · XLSX" under a table: the table as shown, with the page's caveats. */
export function ExportLinks({ table, label }: { table: RefObject<HTMLTableElement>; label: string }) {
  const [problem, setProblem] = useState<string | null>(null);
  const save = (format: 'csv' | 'xlsx') => {
    const el = table.current;
    if (!el) return;
    setProblem(null);
    const title = el.caption?.textContent?.trim() || label;
    downloadTable(el, title, format).catch((e: unknown) =>
      setProblem(`The download failed: ${e instanceof Error ? e.message : String(e)}`),
    );
  };
  return (
    <p class="table-export small">
      Download this table:{' '}
      <button type="button" class="link-button" onClick={() => save('csv')}>
        CSV<span class="visually-hidden"> of {label}</span>
      </button>{' '}
      ·{' '}
      <button type="button" class="link-button" onClick={() => save('xlsx')}>
        XLSX<span class="visually-hidden"> of {label}</span>
      </button>
      {problem && <span role="alert"> {problem}</span>}
    </p>
  );
}
