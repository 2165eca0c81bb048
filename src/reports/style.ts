/**
 * The paper's style: A4, print margins with a running footer (Chromium's @page margin boxes: the
 * caveat line and "Page n of N" on every page), tables that never split a row and repeat their
 * header, charts that fit the printable width. @FOOTER@ is replaced by the footer line (a CSS string).
 */
export const PAPER_CSS = `
@page { size: A4; margin: 18mm 16mm 22mm 16mm;
  @bottom-left { content: @FOOTER@; font: 7.5pt "DejaVu Sans", sans-serif; color: #444; vertical-align: top; padding-top: 3mm; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt "DejaVu Sans", sans-serif; color: #444; vertical-align: top; padding-top: 3mm; white-space: nowrap; }
}
:root { color: #111; background: #fff; }
body { font: 10.5pt/1.45 "DejaVu Sans", sans-serif; margin: 0 auto; max-width: 178mm; padding: 0 4mm; }
h1 { font-size: 17pt; margin: 4mm 0 2mm; }
h2 { font-size: 13pt; margin: 7mm 0 2mm; border-bottom: 1.5pt solid #1d4f91; padding-bottom: 1mm; break-after: avoid; }
h3 { font-size: 11pt; break-after: avoid; }
.masthead .board { font-weight: bold; letter-spacing: 0.05em; }
.masthead p { margin: 1mm 0; }
.logo { float: right; max-height: 18mm; max-width: 40mm; }
.synthetic { color: #8a1111; font-weight: bold; }
p.para { margin: 2mm 0; }
.num { display: inline-block; min-width: 7mm; font-weight: bold; }
nav ol { margin: 1mm 0; }
table.fig { border-collapse: collapse; width: 100%; margin: 3mm 0; font-size: 8.5pt; break-inside: avoid; }
table.fig caption { caption-side: bottom; text-align: left; font-style: italic; padding-top: 1.5mm; }
table.fig th, table.fig td { border: 0.5pt solid #9aa; padding: 0.8mm 1.4mm; vertical-align: middle; }
table.fig thead th, table.fig thead th.n { background: #e8eef6; text-align: left; white-space: normal; }
table.fig thead { display: table-header-group; }
table.fig tfoot { display: table-row-group; }
table.fig tr { break-inside: avoid; }
table.fig .n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.fig tbody th { font-weight: normal; text-align: left; }
table.fig tr.total th, table.fig tr.total td { font-weight: bold; background: #f4f4f4; }
table.wide { font-size: 6.5pt; table-layout: fixed; }
table.wide td, table.wide th { overflow-wrap: break-word; }
table.wide .n { white-space: normal; }
table.wide th, table.wide td { padding: 0.6mm 0.8mm; }
.status { white-space: normal; }
.s-outstanding { color: #1b7837; } .s-good { color: #3f7f3b; } .s-needs-improvement { color: #a45a00; } .s-poor { color: #c51b1b; }
.legend { font-size: 8pt; display: flex; flex-wrap: wrap; gap: 2mm 5mm; }
figure.chart { margin: 3mm 0; break-inside: avoid; }
figure.chart svg { max-width: 100%; height: auto; display: block; }
figure.chart figcaption { font-style: italic; font-size: 8.5pt; }
svg.spark { display: block; width: 100%; max-width: 56px; height: auto; }
.note { font-size: 8.5pt; color: #333; }
ul.caveats { font-size: 9pt; }
footer.page-foot { font-size: 8pt; color: #444; border-top: 0.5pt solid #999; margin-top: 8mm; }
@media print { footer.page-foot { display: none; } a { color: inherit; text-decoration: none; } }
@media (max-width: 600px) { body { font-size: 10pt; } table.fig { display: block; overflow-x: auto; } }
`;
