/** The paper from the store: HTML, or PDF printed from that HTML. */
import type { Store } from '../core/store/store.ts';
import type { ReportConfig } from './config.ts';
import { gatherPaper, type PaperData, type ReportOptions } from './gather.ts';
import { renderHtml } from './html.ts';
import { type PdfPrinter, renderPdf } from './pdf.ts';

export async function reportHtml(
  store: Store,
  o: ReportOptions,
  config: ReportConfig,
): Promise<{ html: string; data: PaperData }> {
  const data = await gatherPaper(store, o, config);
  return { html: renderHtml(data), data };
}

/** The date the PDF says it was made: from the data (the last import), never the clock. */
export function paperDate(d: PaperData): string {
  return d.lastImport ?? `${d.month}-01T00:00:00Z`;
}

export async function reportPdf(
  store: Store,
  o: ReportOptions,
  config: ReportConfig,
  printer?: PdfPrinter,
): Promise<{ pdf: Buffer; html: string; data: PaperData }> {
  const { html, data } = await reportHtml(store, o, config);
  return { pdf: await renderPdf(html, { date: paperDate(data), printer }), html, data };
}
