/**
 * The API's documentation as one self-contained HTML page rendered from the OpenAPI document: no
 * script, no network (it opens from disk on a bureau's intranet, or from the server at `/docs`).
 * @module
 */

/** Escapes text for HTML. */
function html(text: unknown): string {
  return String(text).replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");
}

/** The document's shape as the page reads it. */
interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean; description?: string; schema?: unknown }[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
  security?: unknown[];
}

/**
 * Renders the page.
 *
 * @param document - The OpenAPI 3.1 document.
 * @returns The HTML.
 * @example
 * writeFileSync("docs/service-api.html", renderDocsPage(openApiDocument()));
 * @category Service
 */
export function renderDocsPage(document: { info: { title: string; version: string; description?: string }; paths?: unknown; components?: unknown }): string {
  const paths = (document.paths ?? {}) as Record<string, Record<string, Operation>>;
  const sections: string[] = [];
  for (const [path, methods] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const params = (op.parameters ?? [])
        .map(
          (p) =>
            `<tr><td><code>${html(p.name)}</code></td><td>${html(p.in)}</td><td>${p.required === true ? "yes" : ""}</td><td>${html(p.description ?? "")}</td><td><code>${html(JSON.stringify(p.schema))}</code></td></tr>`,
        )
        .join("");
      const body = Object.entries(op.requestBody?.content ?? {})
        .map(([type, c]) => `<p>Body <code>${html(type)}</code></p><pre>${html(JSON.stringify(c.schema, null, 2))}</pre>`)
        .join("");
      const responses = Object.entries(op.responses ?? {})
        .map(([status, r]) => `<li><b>${html(status)}</b> ${html(r.description ?? "")}</li>`)
        .join("");
      sections.push(
        `<section><h3><span class="m ${html(method)}">${html(method.toUpperCase())}</span> <code>${html(path)}</code></h3>` +
          `<p>${html(op.summary ?? "")}</p>${op.description === undefined ? "" : `<p>${html(op.description)}</p>`}` +
          `${op.security !== undefined && op.security.length === 0 ? "<p><i>No token needed.</i></p>" : ""}` +
          `${params === "" ? "" : `<table><tr><th>parameter</th><th>in</th><th>required</th><th>description</th><th>schema</th></tr>${params}</table>`}` +
          `${body}<ul>${responses}</ul></section>`,
      );
    }
  }
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${html(document.info.title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:70em;margin:2em auto;padding:0 1em;color:#222}section{border-top:1px solid #ddd;padding:.5em 0}
.m{display:inline-block;min-width:4em;padding:.1em .4em;border-radius:.3em;color:#fff;font-size:.8em;text-align:center}.get{background:#2b7}.post{background:#27b}.delete{background:#b33}
table{border-collapse:collapse;font-size:.9em}td,th{border:1px solid #ddd;padding:.2em .5em;text-align:left;vertical-align:top}pre{background:#f6f6f6;padding:.5em;overflow:auto;font-size:.85em}</style></head>
<body><h1>${html(document.info.title)} <small>${html(document.info.version)}</small></h1><p>${html(document.info.description ?? "")}</p>
<p>Schemas: <code>components</code> of <a href="openapi.json">openapi.json</a>.</p>${sections.join("\n")}</body></html>
`;
}
