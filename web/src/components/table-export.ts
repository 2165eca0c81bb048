import { errorFrom } from '../api/client.ts';

/** A cell's text as an export value: numbers shown as "1,234", "−5.2%" or "+12" become numbers. */
export function exportValue(text: string, numeric: boolean): string | number | null {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t === '' || t === '–') return null;
  if (!numeric) return t;
  const n = Number(t.replace(/,/g, '').replace(/^\+/, '').replace(/^−/, '-').replace(/%$/, ''));
  return Number.isFinite(n) ? n : t;
}

/** The table as shown (its header row and body, in the order sorted on screen). */
export function readTable(table: HTMLTableElement): {
  columns: string[];
  rows: (string | number | null)[][];
} {
  const head = [...table.querySelectorAll('thead tr:last-child th')];
  // Sort icons and hidden helper text are not part of a column's name.
  const columns = head.map((th) => {
    const c = th.cloneNode(true) as HTMLElement;
    for (const el of c.querySelectorAll('.sort-icon, [aria-hidden="true"]')) el.remove();
    return (c.textContent ?? '').replace(/\s+/g, ' ').trim();
  });
  const numeric = head.map((th) => th.classList.contains('num'));
  const rows = [...table.querySelectorAll('tbody tr')].map((tr) =>
    [...tr.children].map((cell, i) => exportValue(cell.textContent ?? '', numeric[i] ?? false)),
  );
  return { columns, rows };
}

/** The caveats shown on the page (SYNTHETIC data, approximate open-data locations), for every export. */
export function pageCaveats(): string[] {
  return [...document.querySelectorAll('.caveats li')]
    .map((li) => (li.textContent ?? '').trim())
    .filter(Boolean);
}

/** Asks the server for the table as a file and saves it. */
export async function downloadTable(
  table: HTMLTableElement,
  title: string,
  format: 'csv' | 'xlsx',
): Promise<void> {
  const { columns, rows } = readTable(table);
  const res = await fetch('/api/exports', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-requested-with': 'beatwise' },
    body: JSON.stringify({ title, notes: pageCaveats(), columns, rows, format }),
  });
  if (!res.ok) throw errorFrom(res.status, res.statusText, await res.text());
  const name =
    /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? `table.${format}`;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
