// Parse a Mermaid diagram (read from stdin) with Mermaid's own parser, headless.
//
// Mermaid needs a DOM to load, so jsdom provides window/document. Prints one JSON
// object: the detected diagram type, the vertices (id, decoded label text, shape,
// classes), the edges (ends, arrow type, stroke, label) and the classDef names.
// Labels are decoded the way Mermaid's renderer does it: its entity placeholders
// become HTML character references (the caller unescapes them). A parse error
// exits with status 1 and Mermaid's message on stderr.
//
// Usage: node tests/js/mermaid_parse.mjs < diagram.mmd
import fs from 'node:fs';
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;

const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false });

// Mirrors mermaid's decodeEntities(): placeholders -> "&#NN;" / "&name;".
const decode = (text) =>
  String(text ?? '')
    .replace(/ﬂ°°(\d+)¶ß/g, '&#$1;')
    .replace(/ﬂ°(\w+)¶ß/g, '&$1;');

const text = fs.readFileSync(0, 'utf8');
try {
  const parsed = await mermaid.parse(text);
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
  const db = diagram.db;
  const vertices = [...db.getVertices().values()].map((v) => ({
    id: v.id,
    text: decode(v.text),
    type: v.type,
    classes: v.classes,
  }));
  const edges = db.getEdges().map((e) => ({
    start: e.start,
    end: e.end,
    type: e.type,
    stroke: e.stroke,
    text: decode(e.text),
  }));
  const classes = [...db.getClasses().keys()];
  process.stdout.write(JSON.stringify({ diagramType: parsed.diagramType, vertices, edges, classes }));
} catch (err) {
  process.stderr.write(String(err?.message ?? err));
  process.exit(1);
}
