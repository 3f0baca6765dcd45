/**
 * The document model: the one contract between parsers and the rest of tailan.
 * pages → blocks (table fragments | text blocks); table fragments → rows → cells → paragraphs.
 * Every node carries provenance so a stored value can be traced back to its source.
 */
import { z } from "zod";

/** Where a piece of text came from. Offsets are UTF-16 indices into the source text (Markdown). */
export const ProvenanceSchema = z.object({
	file: z.string(),
	page: z.number().int().min(1),
	/** 0-based table fragment index within the document. */
	table: z.number().int().min(0).optional(),
	/** 0-based row index within its table fragment. */
	row: z.number().int().min(0).optional(),
	/** 0-based physical cell index within its row. */
	cell: z.number().int().min(0).optional(),
	start: z.number().int().min(0).optional(),
	end: z.number().int().min(0).optional(),
	/** [x0, y0, x1, y1] in page units (PDF points or image pixels). */
	bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).optional(),
	/** OCR confidence 0..100. */
	confidence: z.number().min(0).max(100).optional(),
	/** OCR: the text as read, when a column-aware repair changed it. */
	ocrRaw: z.string().optional(),
	/** OCR: the repairs made to the text read (normalizers/ocr-repair.ts). */
	repairs: z
		.array(z.object({ from: z.string(), to: z.string(), reason: z.string() }))
		.optional(),
	/** OCR: the words read with a confidence below 90, their confidence and box (as `bbox`). */
	lowWords: z
		.array(
			z.object({
				text: z.string(),
				confidence: z.number(),
				bbox: z
					.tuple([z.number(), z.number(), z.number(), z.number()])
					.optional(),
			}),
		)
		.optional(),
	/**
	 * OCR: the words a reader may be asked about besides the doubtful ones — read again (a
	 * repair), or with look-alike letters or digits (pipeline/ocr-flags.ts lookalikeWords) —
	 * with their confidence and box, so the review step draws the word, not the whole cell.
	 */
	wordBoxes: z
		.array(
			z.object({
				text: z.string(),
				confidence: z.number(),
				bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
			}),
		)
		.optional(),
	/**
	 * OCR: marks over a typed value (number, level, item number) left out of its reading — a
	 * stamp's faint ink ("faint"), a pen stroke ("stroke") — where they touch the value.
	 */
	marks: z.array(z.enum(["faint", "ruling", "stroke"])).optional(),
	/**
	 * OCR: a typed value's two readings when they differ — as read, then constrained to its
	 * column's characters (digits, "%", ".", ",", "-").
	 */
	readings: z.array(z.string()).optional(),
	/**
	 * OCR: the constrained second reading of a typed value, when it gave the value (as repaired:
	 * "10096" repaired to "100%", read again "100%") too — the repair is not in doubt, and a value
	 * of its column's form read with low confidence is settled (pipeline/ocr-flags.ts).
	 */
	agreed: z.string().optional(),
	/**
	 * OCR: words of a text read as digits that a reading with Latin capitals only reads as their
	 * look-alikes letter for letter ("150" / "ISO"): the word as kept, and the other reading.
	 */
	twins: z.array(z.object({ text: z.string(), other: z.string() })).optional(),
	/**
	 * OCR: the share of its width a text was read at, when read squeezed horizontally (a
	 * narrative cell, for speed): its words' confidences are then judged by the squeezed
	 * reading's own threshold (pipeline/ocr-flags.ts WORD_CONFIDENCE).
	 */
	squeeze: z.number().gt(0).lt(1).optional(),
	/**
	 * OCR: a text read from a view other than the page as prepared — "gray": a smoothed page's
	 * own pixels seen as gray (parsers/image); its words are judged by that view's own threshold
	 * (pipeline/ocr-flags.ts WORD_CONFIDENCE.gray).
	 */
	view: z.enum(["gray"]).optional(),
});
export type Provenance = z.infer<typeof ProvenanceSchema>;

export const ParagraphSchema = z.object({
	text: z.string(),
	prov: ProvenanceSchema,
});
export type Paragraph = z.infer<typeof ParagraphSchema>;

export const CellSchema = z.object({
	paragraphs: z.array(ParagraphSchema),
	colSpan: z.number().int().min(1).default(1),
	rowSpan: z.number().int().min(1).default(1),
	prov: ProvenanceSchema,
});
export type Cell = z.infer<typeof CellSchema>;

export const RowSchema = z.object({
	cells: z.array(CellSchema),
	prov: ProvenanceSchema,
});
export type Row = z.infer<typeof RowSchema>;

export const TableFragmentSchema = z.object({
	kind: z.literal("table"),
	index: z.number().int().min(0),
	rows: z.array(RowSchema),
	prov: ProvenanceSchema,
});
export type TableFragment = z.infer<typeof TableFragmentSchema>;

export const TextBlockSchema = z.object({
	kind: z.literal("text"),
	text: z.string(),
	/** true when the source marks it as emphasised (bold title lines). */
	strong: z.boolean().default(false),
	prov: ProvenanceSchema,
});
export type TextBlock = z.infer<typeof TextBlockSchema>;

export const BlockSchema = z.discriminatedUnion("kind", [
	TableFragmentSchema,
	TextBlockSchema,
]);
export type Block = z.infer<typeof BlockSchema>;

export const PageSchema = z.object({
	number: z.number().int().min(1),
	blocks: z.array(BlockSchema),
});
export type Page = z.infer<typeof PageSchema>;

export const IssueSchema = z.object({
	severity: z.enum(["info", "warning", "error"]),
	message: z.string(),
	prov: ProvenanceSchema.optional(),
});
export type Issue = z.infer<typeof IssueSchema>;

/** A reduced image of a scanned page, kept so the clerk can see what a flagged value came from. */
export const PageImageSchema = z.object({
	page: z.number().int().min(1),
	/** Size and resolution of the scan itself: provenance bboxes are in these pixels. */
	sourceWidth: z.number().int().min(1),
	sourceHeight: z.number().int().min(1),
	sourceDpi: z.number().positive(),
	width: z.number().int().min(1),
	height: z.number().int().min(1),
	mime: z.enum(["image/jpeg", "image/png"]),
	bytes: z.instanceof(Uint8Array),
});
export type PageImage = z.infer<typeof PageImageSchema>;

export const DocumentSchema = z.object({
	file: z.string(),
	format: z.enum(["markdown", "docx", "pdf", "image"]),
	sha256: z.string(),
	bytes: z.number().int().min(0),
	/** The full source text when the format is textual (Markdown), for highlighting spans. */
	sourceText: z.string().optional(),
	pages: z.array(PageSchema),
	/** Scans only: a reduced image of each page (parsers/image/preview.ts). */
	pageImages: z.array(PageImageSchema).optional(),
	issues: z.array(IssueSchema),
});
export type TailanDocument = z.infer<typeof DocumentSchema>;

/** Plain text of a cell: its paragraphs joined by "\n". */
export function cellText(cell: Cell | undefined): string {
	if (!cell) return "";
	return cell.paragraphs.map((p) => p.text).join("\n");
}

/** A file that cannot be read as a document at all (not a partly readable report). */
export class DocumentLoadError extends Error {
	override name = "DocumentLoadError";
	constructor(
		readonly file: string,
		readonly reason: string,
		readonly fix?: string,
	) {
		super(`${file}: ${reason}${fix ? ` — ${fix}` : ""}`);
	}
}

/**
 * A piece whose text a repair changed to `text`: the text as read kept (`ocrRaw`, the first
 * reading's when repaired before) and the repair recorded after any earlier ones.
 */
export function repairedPiece(
	p: { text: string; prov: Provenance },
	text: string,
	repair: { from: string; to: string; reason: string },
): { text: string; prov: Provenance } {
	return {
		text,
		prov: {
			...p.prov,
			ocrRaw: p.prov.ocrRaw ?? p.text,
			repairs: [...(p.prov.repairs ?? []), repair],
		},
	};
}
