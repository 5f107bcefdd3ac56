// Reads a PDF with Mozilla's PDF.js and prints what a screen reader would
// get from it, as JSON: the document's title and language, its MarkInfo,
// and for each page the structure tree (roles, alternative text, language),
// the text of the page, and its marked content: each sequence's tag
// ("Artifact", or the role it was tagged with), id (which the structure
// tree's content nodes name) and text. The Go tests run it:
// node structure.mjs FILE.pdf
import { readFile } from "node:fs/promises";

// PDF.js warns on the console that it cannot draw here (it is not asked
// to); standard output is for the answer alone.
console.log = console.warn = console.info = (...args) => process.stderr.write(args.join(" ") + "\n");
const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");

const data = new Uint8Array(await readFile(process.argv[2]));
const doc = await pdfjs.getDocument({ data, isEvalSupported: false, verbosity: 0 }).promise;
const meta = await doc.getMetadata();
const out = {
  pages: doc.numPages,
  title: meta.info.Title ?? "",
  language: meta.info.Language ?? "",
  markInfo: await doc.getMarkInfo(),
  structure: [],
  text: [],
  marked: [],
};
for (let i = 1; i <= doc.numPages; i++) {
  const page = await doc.getPage(i);
  out.structure.push(await page.getStructTree());
  const content = await page.getTextContent({ includeMarkedContent: true });
  out.text.push(content.items.filter((it) => "str" in it).map((it) => it.str).join(" "));
  const marked = [];
  const open = [];
  for (const it of content.items) {
    if (it.type === "beginMarkedContent" || it.type === "beginMarkedContentProps") {
      open.push({ tag: it.tag ?? "", id: it.id ?? "", text: "" });
    } else if (it.type === "endMarkedContent") {
      const m = open.pop();
      if (m) marked.push(m);
    } else if ("str" in it && open.length > 0) {
      const m = open[open.length - 1];
      m.text += (m.text && it.str ? " " : "") + it.str;
    }
  }
  out.marked.push(marked);
}
process.stdout.write(JSON.stringify(out));
