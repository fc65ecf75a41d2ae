// PrepGraph explorer, markdown: content bodies and answer outlines rendered with the bundled
// `marked`, raw HTML in the source escaped, the result cleaned by DOMPurify against an
// allow-list and handed back as DOM nodes (never assigned through innerHTML).
(() => {
  "use strict";

  const P = window.PrepGraph;
  const { el } = P;

  const ALLOWED_TAGS = [
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "strong", "em", "del",
    "code", "pre", "blockquote", "a", "table", "thead", "tbody", "tr", "th", "td",
  ];
  const ALLOWED_ATTR = ["href", "title", "align", "start"];
  // Headings inside the panel sit below its own title (h3): "## Section" becomes h4.
  const HEADING_LEVEL = { H1: "h4", H2: "h4", H3: "h5", H4: "h6", H5: "h6", H6: "h6" };

  const ENTITIES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
  const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (c) => ENTITIES[c]);

  let parser = null;
  let purifier = null;

  /** The configured markdown parser and sanitizer, or null when the vendored files are missing. */
  function tools() {
    if (parser && purifier) return { parser, purifier };
    if (typeof window.marked === "undefined" || typeof window.DOMPurify === "undefined") return null;
    parser = new window.marked.Marked({
      gfm: true,
      breaks: false,
      async: false,
      // Raw HTML in content is shown as the characters it is made of.
      renderer: { html: ({ text }) => escapeHtml(text) },
    });
    purifier = window.DOMPurify(window);
    purifier.addHook("afterSanitizeAttributes", (node) => {
      if (node.nodeName === "A" && node.hasAttribute("href")) {
        const href = node.getAttribute("href");
        if (/^https?:/i.test(href)) {
          node.setAttribute("target", "_blank");
          node.setAttribute("rel", "noopener noreferrer");
        } else if (!href.startsWith("#")) {
          node.removeAttribute("href"); // relative links lead nowhere on this page
        }
      }
    });
    return { parser, purifier };
  }

  /**
   * Clean an HTML string: only the allow-listed tags and attributes survive, no scripts, no
   * event handlers, no javascript: URLs. Returns a DocumentFragment.
   */
  function sanitize(html) {
    const t = tools();
    if (!t) {
      const fragment = document.createDocumentFragment();
      fragment.append(String(html));
      return fragment;
    }
    return t.purifier.sanitize(String(html), {
      ALLOWED_TAGS,
      ALLOWED_ATTR,
      ALLOW_DATA_ATTR: false,
      RETURN_DOM_FRAGMENT: true,
    });
  }

  /** Move a heading down to the panel's levels. */
  function demoteHeadings(fragment) {
    for (const heading of [...fragment.querySelectorAll("h1, h2, h3, h4, h5, h6")]) {
      const replacement = document.createElement(HEADING_LEVEL[heading.nodeName]);
      replacement.append(...heading.childNodes);
      heading.replaceWith(replacement);
    }
    for (const table of [...fragment.querySelectorAll("table")]) {
      // Wide tables scroll inside the panel instead of stretching it.
      const wrap = el("div", { class: "table-wrap" });
      table.replaceWith(wrap);
      wrap.append(table);
    }
    return fragment;
  }

  /** Markdown to an array of DOM nodes; plain paragraphs when the renderer did not load. */
  function render(source) {
    const text = String(source || "");
    const t = tools();
    if (!t) {
      return text.split(/\n{2,}/).filter((part) => part.trim()).map((part) => el("p", { text: part }));
    }
    const fragment = demoteHeadings(sanitize(t.parser.parse(text)));
    return [...fragment.childNodes];
  }

  P.markdown = { render, sanitize };
})();
