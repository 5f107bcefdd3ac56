// Reads a PDF with Mozilla's PDF.js and prints what a screen reader would
// get from it, as JSON: the document's title and language, its MarkInfo,
// and for each page the structure tree (roles, alternative text, language)
// and the text of the page. The Go tests run it: node structure.mjs FILE.pdf
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
};
for (let i = 1; i <= doc.numPages; i++) {
  const page = await doc.getPage(i);
  out.structure.push(await page.getStructTree());
  const content = await page.getTextContent();
  out.text.push(content.items.map((it) => it.str).join(" "));
}
process.stdout.write(JSON.stringify(out));
