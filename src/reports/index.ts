export { type ReportConfig, readReportConfig, reportConfigSchema } from './config.ts';
export { FEATURE_SECTIONS, type FeatureSection } from './feature-sections.ts';
export { gatherPaper, type PaperData, type ReportOptions } from './gather.ts';
export { renderHtml } from './html.ts';
export { openPrinter, type PdfPrinter, renderPdf } from './pdf.ts';
export { reportHtml, reportPdf } from './report.ts';
