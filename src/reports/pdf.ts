/**
 * The paper printed to PDF by Debian's chromium, driven by playwright-core (no browser is
 * downloaded). Chromium stamps the time it printed into the PDF: the stamp is replaced by a date
 * taken from the data (same byte length, so the cross-reference offsets stay right), and a
 * document /ID made from the HTML's hash is added to the trailer, so the same paper gives the same bytes.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { BeatwiseError } from '../core/errors.ts';

export const CHROMIUM = process.env.BEATWISE_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface PdfPrinter {
  browser: Browser;
  close: () => Promise<void>;
}

export async function openPrinter(): Promise<PdfPrinter> {
  if (!existsSync(CHROMIUM))
    throw new BeatwiseError(
      'report.no_chromium',
      `printing the PDF needs Debian's chromium at ${CHROMIUM} (apt-get install -y chromium), or BEATWISE_CHROMIUM set to another`,
    );
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true });
  return { browser, close: () => browser.close() };
}

/** 'D:YYYYMMDDHHmmSS' from an ISO date-time (the data's), UTC. */
function pdfDate(iso: string): string {
  const d = iso
    .replace(/[^0-9]/g, '')
    .padEnd(14, '0')
    .slice(0, 14);
  return `D:${d}`;
}

/** Replaces Chromium's print-time stamps with `date` and adds a document /ID; byte offsets are kept. */
export function fixPdfBytes(pdf: Buffer, date: string, idSeed: string): Buffer {
  let text = pdf.toString('latin1');
  const stamp = pdfDate(date);
  text = text.replace(/\/(CreationDate|ModDate) \(D:([^)]*)\)/g, (_m, key: string, old: string) => {
    const wanted = `${stamp.slice(2)}+00'00'`;
    const fixed =
      wanted.length <= old.length
        ? wanted.padEnd(old.length, ' ').slice(0, old.length)
        : wanted.slice(0, old.length);
    return `/${key} (D:${fixed})`;
  });
  const id = createHash('sha256').update(idSeed).digest('hex').slice(0, 32);
  const at = text.lastIndexOf('trailer');
  if (at >= 0 && !/\/ID\s*\[/.test(text.slice(at))) {
    const open = text.indexOf('<<', at);
    if (open >= 0) text = `${text.slice(0, open + 2)}\n/ID [<${id}> <${id}>]${text.slice(open + 2)}`;
  } else if (at >= 0) {
    text = text.slice(0, at) + text.slice(at).replace(/\/ID\s*\[[^\]]*\]/, `/ID [<${id}> <${id}>]`);
  }
  return Buffer.from(text, 'latin1');
}

/** Prints the HTML to A4 PDF with the printer given (or a fresh one). */
export async function renderPdf(html: string, o: { date: string; printer?: PdfPrinter }): Promise<Buffer> {
  const printer = o.printer ?? (await openPrinter());
  try {
    const context = await printer.browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.setContent(html, { waitUntil: 'load' });
      await page.emulateMedia({ media: 'print' });
      const pdf = await page.pdf({
        format: 'A4',
        printBackground: true,
        preferCSSPageSize: true,
        tagged: true,
        outline: true,
      });
      const seed = createHash('sha256').update(html).digest('hex');
      return fixPdfBytes(pdf, o.date, seed);
    } finally {
      await context.close();
    }
  } finally {
    if (!o.printer) await printer.close();
  }
}
