/**
 * parsers/pdf: text-layer PDF → the document model (pdf.js in Node; ruled tables by their lines,
 * tables without rulings by text positions). See ./document.ts.
 */
export { NeedsOcrError, type PdfOptions, pdfToDocument } from "./document.ts";
export { MAX_PDF_BYTES, MAX_PDF_PAGES } from "./load.ts";
export {
	type ExtractedTable,
	type ExtractOptions,
	extractTables,
} from "./tables.ts";
