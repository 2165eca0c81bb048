/** A plain, readable HTML page listing the API from its OpenAPI document (no external assets). */
export function docsPage(doc: Record<string, unknown>): string {
  const esc = (s: string) =>
    s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);
  const paths = doc.paths as Record<
    string,
    Record<
      string,
      {
        summary: string;
        parameters: { name: string; in: string; required: boolean; schema: Record<string, unknown> }[];
      }
    >
  >;
  const rows: string[] = [];
  for (const [path, ops] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const params = op.parameters
        .map(
          (p) =>
            `<li><code>${esc(p.name)}</code> (${p.in}${p.required ? ', required' : ''}) ${esc(JSON.stringify(p.schema))}</li>`,
        )
        .join('');
      rows.push(
        `<section><h2><code>${method.toUpperCase()} ${esc(path)}</code></h2><p>${esc(op.summary)}</p>${params ? `<ul>${params}</ul>` : ''}</section>`,
      );
    }
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Beatwise API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}code{background:#f3f3f3;padding:0 .2em}h2{font-size:1.1rem;margin-bottom:.2rem}section{border-top:1px solid #ddd;padding:.5rem 0}</style>
</head><body><main><h1>Beatwise API</h1><p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1). Errors are <code>{"error": {"code", "message", "details"}}</code>.</p>${rows.join('\n')}</main></body></html>`;
}
