import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ExportLinks } from './data-table.tsx';
import { ScrollRegion } from './scroll-region.tsx';

export type PlotModule = typeof import('@observablehq/plot');

export interface NumbersColumn<R> {
  label: string;
  value: (row: R) => string;
  numeric?: boolean;
}

let plotModule: Promise<PlotModule> | null = null;
/** Observable Plot, loaded the first time a chart is drawn (it is not needed for the first paint). */
export function loadPlot(): Promise<PlotModule> {
  plotModule ??= import('@observablehq/plot');
  return plotModule;
}

/**
 * A chart drawn by Observable Plot at the width of its box (a fixed height is reserved so the page
 * does not move), with its numbers in a table below it.
 */
export function Chart<R>({
  title,
  description,
  height = 260,
  render,
  rows,
  columns,
  deps,
}: {
  title: string;
  description?: ComponentChildren;
  height?: number;
  render: (Plot: PlotModule, width: number, height: number) => SVGSVGElement | HTMLElement;
  rows: readonly R[];
  columns: NumbersColumn<R>[];
  /** Values that change what is drawn (besides width). */
  deps: readonly unknown[];
}) {
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const ro = new ResizeObserver((entries) => {
      const w = Math.floor(entries[0].contentRect.width);
      setWidth((old) => (Math.abs(old - w) > 4 ? w : old));
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  useEffect(() => {
    const el = box.current;
    if (!el || width === 0) return;
    let live = true;
    loadPlot().then(
      (Plot) => {
        if (!live) return;
        try {
          const draw = (h: number) => {
            const node = render(Plot, width, h);
            // One image with one name: Plot labels its inner groups, which are not named roles.
            for (const el of node.querySelectorAll('[aria-label], [aria-description]')) {
              el.removeAttribute('aria-label');
              el.removeAttribute('aria-description');
            }
            node.setAttribute('aria-label', `${title} (the numbers are in the table below)`);
            node.setAttribute('role', 'img');
            el.replaceChildren(node);
            return node;
          };
          const node = draw(height);
          // A chart with a legend is a <figure> of the legend and the plot: the plot alone is as
          // high as asked, so the box would cut off its x-axis. Draw it again shorter by the legend.
          const over = Math.ceil(node.getBoundingClientRect().height) - height;
          if (over > 0) draw(Math.max(80, height - over));
        } catch (e) {
          setFailed(e instanceof Error ? e.message : String(e));
        }
      },
      (e: unknown) => live && setFailed(`the chart library did not load (${String(e)})`),
    );
    return () => {
      live = false;
    };
  }, [width, height, ...deps]);
  return (
    <figure class="chart">
      <figcaption>
        <strong>{title}</strong>
        {description && <span class="small muted"> {description}</span>}
      </figcaption>
      <div class="chart-box" ref={box} style={{ height: `${height}px` }}>
        {failed && (
          <p class="small">The chart could not be drawn: {failed}. The numbers are in the table below.</p>
        )}
      </div>
      <NumbersTable title={title} rows={rows} columns={columns} />
    </figure>
  );
}

/** The numbers behind a chart or a map, in a table that can be read, copied and printed. */
export function NumbersTable<R>({
  title,
  rows,
  columns,
  open,
}: {
  title: string;
  rows: readonly R[];
  columns: NumbersColumn<R>[];
  open?: boolean;
}) {
  const table = useRef<HTMLTableElement>(null);
  return (
    <>
      <details class="numbers" open={open}>
        <summary>The numbers: {title}</summary>
        <ScrollRegion label={`Numbers: ${title}`}>
          <table class="data dense" ref={table}>
            <caption class="visually-hidden">{title}</caption>
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c.label} scope="col" class={c.numeric ? 'num' : ''}>
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={i}>
                  {columns.map((c, j) =>
                    j === 0 ? (
                      <th key={c.label} scope="row">
                        {c.value(r)}
                      </th>
                    ) : (
                      <td key={c.label} class={c.numeric ? 'num' : ''}>
                        {c.value(r)}
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </details>
      {/* The chart's numbers download as the page's tables do: CSV and XLSX, with the page's caveats. */}
      <ExportLinks table={table} label={`Numbers: ${title}`} />
    </>
  );
}
