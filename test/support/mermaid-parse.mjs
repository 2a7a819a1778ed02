// Parses Mermaid sources with the real `mermaid` library, which is ESM-only and needs a DOM for its
// sanitiser (DOMPurify): run as a child process by test/support/mermaid.ts. Reads a JSON array of
// sources on stdin, writes a JSON array of { ok, diagramType?, error? } on stdout.
import { JSDOM } from 'jsdom';

const { window } = new JSDOM('');
// DOMPurify binds to the global window when it is first imported: set it before mermaid loads.
globalThis.window = window;
globalThis.document = window.document;
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false });

let input = '';
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const text of JSON.parse(input)) {
  try {
    const parsed = await mermaid.parse(text);
    results.push({ ok: true, diagramType: parsed.diagramType });
  } catch (error) {
    results.push({ ok: false, error: String(error?.message ?? error).slice(0, 2000) });
  }
}
process.stdout.write(JSON.stringify(results));
