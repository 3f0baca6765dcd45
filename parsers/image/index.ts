/**
 * Scanned report (PNG, JPEG, TIFF or an image-only PDF) → the document model. Per page: the
 * page prepared (prepare.ts: a photo's perspective undone, uneven paper evened, a page fed
 * sideways or upside down turned, a fax's specks removed), the layout from the pixels (grid.ts:
 * deskew, ruling lines → cell grids, text lines outside the
 * tables), then OCR cell by cell with the language order and page-segmentation mode chosen by the
 * column's type (text "mon+eng" psm 6; №, numbers and levels "eng+mon" psm 7), a lone "-" found
 * as a small flat blob and empty cells found from the pixels (neither is OCR'd). Column types come
 * from the header cells, read first and mapped as the stitcher maps them. OCR look-alikes in
 * typed columns are repaired (normalizers/ocr-repair.ts); the raw text and each repair stay in the
 * paragraph's provenance with its page, box (scan pixels) and confidence. The fragments have the
 * text-PDF parser's shape: merged cells at their top-left grid position with their spans, covered
 * positions empty, and a row cut by the page's end is the next page's first row with an empty №.
 */

import { roleForHeader } from "../../normalizers/columns.ts";
import {
	type OcrColumnType,
	percentMisread,
	percentOfReadings,
	type Repair,
	repairCell,
	repairHeader,
	typedForm,
	valueBesideMarks,
} from "../../normalizers/ocr-repair.ts";
import {
	type Block,
	type Cell,
	DocumentLoadError,
	type Issue,
	type PageImage,
	type Paragraph,
	type Provenance,
	type Row,
	type TableFragment,
	type TailanDocument,
	type TextBlock,
} from "../../pipeline/document.ts";
import { keptWordsBelow, lookalikeWords } from "../../pipeline/ocr-flags.ts";
import type { Role } from "../../pipeline/stitch/columns.ts";
import { joinLines } from "../pdf/text.ts";
import { faxDash } from "./fax-dash.ts";
import {
	analyzePage,
	type Blob,
	blobs,
	type CellInk,
	cellInk,
	type GridCell,
	type InkComponent,
	type InkImage,
	innerBox,
	type MarkKind,
	type PageLayout,
	speckArea,
	type TableGrid,
	type TextRegion,
	textLines,
	typedCellMarks,
	unrotatePoint,
} from "./grid.ts";
import { pdfPageImages } from "./pdf-render.ts";
import { type Prepared, preparePage, quarterTurn } from "./prepare.ts";
import { pagePreview } from "./preview.ts";
import { imagePages, shrink } from "./raster.ts";
import { sharedOcr } from "./shared.ts";
import { ownView, type Softening, softView } from "./soft-view.ts";
import type {
	Box,
	GrayImage,
	OcrEngine,
	OcrLangs,
	OcrRequest,
	OcrResult,
	OcrWord,
} from "./types.ts";

export {
	closeSharedOcr,
	configureSharedOcr,
	ocrWorkersPerJob,
	sharedOcr,
} from "./shared.ts";

export interface ImageOptions {
	/** File name recorded in provenance. */
	file: string;
	/** sha256 of the source bytes (hex). */
	sha256: string;
	/** The OCR engine; default the process's shared pool ({@link sharedOcr}). */
	ocr?: OcrEngine;
	/** Resolution an image-only PDF is rendered at (default 300). */
	dpi?: number;
	/** Called as each page is read: pages done so far, of how many (null: not known yet). */
	onPage?: (progress: { done: number; pages: number | null }) => void;
}

const isPdf = (b: Uint8Array) =>
	b[0] === 0x25 && b[1] === 0x50 && b[2] === 0x44 && b[3] === 0x46;

/**
 * A scanned report (PNG, JPEG, TIFF, or a PDF of page images) → the document model.
 * Throws DocumentLoadError for an image that cannot be read or is too large.
 * @param bytes - the file's bytes
 * @param options - file name, hash, OCR engine (default the shared pool), PDF render dpi
 */
export async function imageToDocument(
	bytes: Uint8Array,
	options: ImageOptions,
): Promise<TailanDocument> {
	const { file } = options;
	const source = isPdf(bytes)
		? pdfPageImages(bytes, file, { dpi: options.dpi ?? 300 })
		: imagePages(bytes, file);
	let pages: number | null = null;
	async function* images() {
		for await (const p of source) {
			pages = p.pages;
			yield p.image;
		}
	}
	const ocr = options.ocr ?? (await sharedOcr());
	const { onPage } = options;
	return pagesToDocument(images(), {
		file,
		ocr,
		sha256: options.sha256,
		bytes: bytes.length,
		...(onPage ? { onPage: (done: number) => onPage({ done, pages }) } : {}),
	});
}

export interface PagesOptions {
	/** File name recorded in provenance. */
	file: string;
	/** The OCR engine (a pool shared by the process). */
	ocr: OcrEngine;
	/** Called each time a page has been read, with the number of pages read so far. */
	onPage?: (done: number) => void;
	/** How text cells are read, to measure the settings (default the reader's own). */
	textReading?: TextReading;
}

/** The reading of one page: its blocks, and how long the OCR and the layout took. */
interface PageReading {
	blocks: Block[];
	issues: Issue[];
	roles?: (Role | undefined)[];
}

/** Language order and segmentation mode per column type (issue 4's measurements). */
const READ: Record<OcrColumnType, { langs: OcrLangs; psm: 6 | 7 }> = {
	text: { langs: "mon+eng", psm: 6 },
	header: { langs: "mon+eng", psm: 6 },
	item: { langs: "eng+mon", psm: 7 },
	number: { langs: "eng+mon", psm: 7 },
	level: { langs: "eng+mon", psm: 7 },
};

const typeOfRole = (role: Role | undefined): OcrColumnType => {
	switch (role) {
		case "item":
			return "item";
		case "baseline":
		case "targetHalfYear":
		case "targetFullYear":
			return "number";
		case "performance":
			return "level";
		default:
			return "text";
	}
};

/**
 * A crop of the page (deskewed) for one OCR request, framed with `pad` pixels of white. Text
 * blocks read better with a frame (tesseract judges the text's size from its surroundings: a
 * tight crop of a bold title loses letters); a single short mark reads better tight ("1.1"
 * framed in white comes out "11").
 */
function crop(
	image: GrayImage,
	box: Box,
	pad: number,
	threshold?: number,
	erase: readonly Int32Array[] = [],
): { img: GrayImage; dx: number; dy: number } {
	const [x0, y0, x1, y1] = box;
	const w = x1 - x0 + 2 * pad;
	const h = y1 - y0 + 2 * pad;
	const data = new Uint8Array(w * h).fill(255);
	for (let y = y0; y < y1; y++)
		data.set(
			image.data.subarray(y * image.width + x0, y * image.width + x1),
			(y - y0 + pad) * w + pad,
		);
	// Black on white: the scan's noise and blur around a short mark go ("2.5" no longer "75").
	if (threshold !== undefined)
		for (let i = 0; i < data.length; i++)
			data[i] = (data[i] as number) <= threshold ? 0 : 255;
	// Marks left out of the reading (a stamp's ink, a pen stroke): their pixels and the pixel
	// around each (their lighter edge) made paper. Other ink never touches them (8-connected).
	const W = image.width;
	for (const pixels of erase)
		for (const p of pixels) {
			const px = (p % W) - x0 + pad;
			const py = Math.floor(p / W) - y0 + pad;
			for (let ey = py - 1; ey <= py + 1; ey++)
				if (ey >= 0 && ey < h)
					for (let ex = px - 1; ex <= px + 1; ex++)
						if (ex >= 0 && ex < w) data[ey * w + ex] = 255;
		}
	return {
		img: { width: w, height: h, data, dpi: image.dpi },
		dx: x0 - pad,
		dy: y0 - pad,
	};
}

/** A read's extras: marks to leave out, and the characters a constrained reading may give. */
interface ReadExtra {
	erase?: readonly Int32Array[];
	whitelist?: string;
	/** The crop enlarged and blurred to gray first (a bilevel page's soft view: soft-view.ts). */
	soft?: Softening;
	/** Read squeezed horizontally to this share of its width (OcrRequest.squeeze). */
	squeeze?: number;
	/** Read made smaller by this (0.5–1) both ways, at that share of its resolution (raster.ts shrink). */
	scale?: number;
	/**
	 * Read from a bilevel page's own pixels (`page`, `k` times coarser than the image the box is
	 * in: 2 on a smoothed page) seen as gray (`soft`: soft-view.ts) instead of from the image.
	 */
	gray?: { page: GrayImage; k: number; soft: Softening };
}

/**
 * Pages prepared from a bilevel scan (a fax), and whether their broken strokes were smoothed
 * (prepare.ts). Their typed cells' second reading is of a soft view of the crop (soft-view.ts),
 * so it does not just repeat the first reading's pixels — where the two differ, the value is
 * flagged.
 */
const bilevelPages = new WeakMap<
	PageLayout,
	{ smoothed: boolean; page?: GrayImage; k: number }
>();

/** The record of a bilevel page (see {@link bilevelPages}) from its preparation. */
function bilevelOf(prepared: Prepared, layout: PageLayout) {
	return {
		smoothed: prepared.smoothed === true,
		...(prepared.bilevel
			? ownView(prepared.bilevel, prepared.smoothed === true, layout)
			: { k: 1 }),
	};
}

/**
 * The gray view a smoothed page's text cells are read from: its own pixels as scanned (not
 * smoothed, specks kept: despeckling took pieces of its broken letters) blurred by 0.8 of its
 * pixels and left gray, at its own resolution (soft-view.ts). The other maker's fax, its strokes
 * broken pixel by pixel: indicators' CER 45% → 27%, narratives' 30% → 22% over the smoothed
 * page's reading, and 22% → 21% from the pixels as scanned rather than despeckled (page 3's
 * text cells one by one: 8.6% → 6.8%, native tesseract the same; σ 0.6 and enlarged twice read
 * as badly as the smoothed page; σ 1.0 as 0.8). Not on a page whose strokes are whole (our own
 * fax): there the page's own reading is as good or better (docs/scan-renderings.md).
 */
const TEXT_GRAY: Softening = { sigma: 0.8 };

/** A read's `gray` option for a text cell of a smoothed page (see {@link TEXT_GRAY}). */
function grayOf(layout: PageLayout) {
	const b = bilevelPages.get(layout);
	if (!b?.page || !b.smoothed) return {};
	return { gray: { page: b.page, k: b.k, soft: TEXT_GRAY } };
}

/**
 * The soft view a bilevel page's typed cells are read a second time from: a smoothed page (its
 * strokes broken pixel by pixel, already at twice its resolution) blurred by 1/200 inch; a
 * page read at its own resolution enlarged twice and blurred by 1.5 pixels of the enlargement
 * (our own fax's "60" read "60", where the page's own pixels read "50" twice).
 */
function secondView(layout: PageLayout): Softening | undefined {
	const b = bilevelPages.get(layout);
	if (!b) return undefined;
	if (b.smoothed) return { sigma: (layout.image.dpi || 300) / 200 };
	return { scale: 2, sigma: 1.5 };
}

/**
 * The view a smoothed page's typed value is read from a third time when its two readings agree:
 * blurred by 1.8 pixels and made black and white again at 180 (the strokes smoothed whole) —
 * the other maker's fax read 2.3's full-year "60" as "50" twice at confidence 91, this view "60".
 */
const CONFIRM_VIEW: Softening = { sigma: 1.8, threshold: 180 };

async function read(
	ocr: OcrEngine,
	image: GrayImage,
	box: Box,
	langs: OcrLangs,
	psm: OcrRequest["psm"],
	pad = 0,
	threshold?: number,
	extra: ReadExtra = {},
): Promise<OcrResult> {
	// A bilevel page's own pixels (gray): the box and the marks to leave out taken to its
	// coarser pixels, the words' boxes given back in the image's.
	const g = extra.gray;
	const k = g?.k ?? 1;
	const c = g
		? crop(
				g.page,
				[
					Math.max(0, Math.floor(box[0] / k)),
					Math.max(0, Math.floor(box[1] / k)),
					Math.min(g.page.width, Math.ceil(box[2] / k)),
					Math.min(g.page.height, Math.ceil(box[3] / k)),
				],
				Math.round(pad / k),
				undefined,
				extra.erase?.map((pixels) =>
					pixels.map(
						(p) =>
							Math.floor(Math.floor(p / image.width) / k) * g.page.width +
							Math.floor((p % image.width) / k),
					),
				),
			)
		: crop(image, box, pad, threshold, extra.erase);
	const soft = g?.soft ?? extra.soft;
	const shrunk = !soft && extra.scale !== undefined && extra.scale < 1;
	const r = await ocr.recognize({
		image: soft
			? softView(c.img, soft)
			: shrunk
				? shrink(c.img, extra.scale as number)
				: c.img,
		langs,
		psm,
		...(extra.whitelist ? { whitelist: extra.whitelist } : {}),
		...(extra.squeeze !== undefined && extra.squeeze < 1
			? { squeeze: extra.squeeze }
			: {}),
	});
	const s = soft?.scale ?? (shrunk ? (extra.scale as number) : 1);
	return {
		...r,
		words: r.words.map((w) => ({
			...w,
			bbox: [
				Math.floor((w.bbox[0] / s + c.dx) * k),
				Math.floor((w.bbox[1] / s + c.dy) * k),
				Math.ceil((w.bbox[2] / s + c.dx) * k),
				Math.ceil((w.bbox[3] / s + c.dy) * k),
			],
		})),
	};
}

/** White frame around a text crop (pixels): about 1/15 inch. */
const framePad = (dpi: number) => Math.round(dpi / 15);

const PERCENT_REASON =
	'"%" read as "96" by the Mongolian model; the word read again in English';
const LATIN_REASON =
	"digits drawn like Latin capitals; the word read again in English";

const CAPITALS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** Digits and the Latin capitals drawn like them ("ISO" read "150" by the Mongolian model). */
const DIGIT_TWINS: Readonly<Record<string, string>> = {
	"0": "O",
	"1": "I",
	"2": "Z",
	"5": "S",
	"8": "B",
};

/** A word read again: replaced (a recorded repair), or kept and read otherwise too. */
type Reread = { to: string; reason: string } | { other: string };

/**
 * Words of a text read again on their own with the English model first, where the Mongolian
 * model is known to misread: "%" comes out as "96" ("99,396" for "99,3%"), kept when the second
 * reading is the same number with a "%"; a word of three or four digits that each have a Latin
 * capital twin ("150" for "ISO"; not a year), kept when the second reading is those capitals letter for
 * letter (a recorded repair); when it is the same digits again, the word is read with Latin
 * capitals only, and giving those capitals letter for letter, it is kept with its other reading
 * (`other`: the field is flagged as holding look-alikes).
 */
async function rereadWords(
	ocr: OcrEngine,
	image: GrayImage,
	words: OcrWord[],
): Promise<Map<OcrWord, Reread>> {
	const out = new Map<OcrWord, Reread>();
	await Promise.all(
		words.map(async (w) => {
			const text = w.text.trim();
			const pct = percentMisread(text);
			// three or four such digits, not a year ("2025"): an abbreviation ("ISO", "BBS")
			const twin =
				/^([(«"“]?)((?!(?:19|20)\d\d)[01258]{3,4})([.,;:)»"”]?)$/u.exec(text);
			if (!pct && !twin) return;
			const b = w.bbox;
			const box: Box = [
				Math.max(0, b[0] - 3),
				Math.max(0, b[1] - 3),
				Math.min(image.width, b[2] + 3),
				Math.min(image.height, b[3] + 3),
			];
			const r = await read(ocr, image, box, "eng+mon", 7);
			const t = r.text.replace(/\s+/g, "");
			// "10090" read again "10096": the two readings differ on the sign, each a "%" misread.
			if (
				pct &&
				(t === `${pct.num}%${pct.tail}` ||
					(pct.as !== "96" && t === `${pct.num}96${pct.tail}`))
			)
				out.set(w, {
					to: `${pct.num}%${pct.tail}`,
					reason:
						pct.as === "96"
							? PERCENT_REASON
							: `"%" read as "${pct.as}" by the Mongolian model; the word read again in English`,
				});
			if (!twin) return;
			const [, open = "", digits = "", close = ""] = twin;
			const letters = [...digits].map((d) => DIGIT_TWINS[d]).join("");
			const got = t.slice(open.length, t.length - close.length);
			// Latin l for I: the same capital in a sans-serif font.
			if (got.replace(/l/g, "I") === letters) {
				out.set(w, { to: `${open}${got}${close}`, reason: LATIN_REASON });
				return;
			}
			// Read as digits again: read with Latin capitals only. The same capitals (a number
			// prints nothing of the kind) — the word is either: kept as read, and flagged.
			const caps = await read(ocr, image, box, "eng+mon", 7, 0, undefined, {
				whitelist: CAPITALS,
			});
			if (caps.text.replace(/\s+/g, "").replace(/l/g, "I") === letters)
				out.set(w, { other: `${open}${letters}${close}` });
		}),
	);
	return out;
}

/**
 * The view a doubtful word of our own fax's text is read again from: its box enlarged twice and
 * blurred by 1.5 pixels, read as a line (soft-view.ts; the typed cells' second view). Its strokes
 * are seen whole where the page's own pixels stair-step them: "терийн" at 72 reads "төрийн" at 89,
 * "даргын" at 63 reads "даргын" at 96.
 */
const WORD_VIEW: Softening = { scale: 2, sigma: 1.5 };

/** Below this confidence a text word is in doubt (pipeline/ocr-flags.ts flags words below 85). */
const DOUBTFUL_WORD = 85;

/**
 * Below this confidence a text word is read again (of a page's words about one in twelve): our
 * fax's "Төлвөлөгчдийн" at 78 and "Газрын" for "газрын" at 93 read right on their own; its right
 * words are mostly read at 96–97 in a narrative ("тевд" for "төвд" at 95 is left as read).
 */
const RECHECK_WORD = 95;

/** A second reading at least this sure settles a word (agreeing or replacing it). */
const SURE_READING = 85;

/** A word's letters without the marks around it ("тайлагнасан," → "тайлагнасан"). */
const CYRILLIC_WORD = /^([("«“]?)(\p{Script=Cyrillic}{2,})([.,;:)»"”]?)$/u;

/**
 * A word read again ({@link softWords}): the same letters (its doubt answered: the surer
 * confidence kept), or other letters read surely (a recorded repair: the field is flagged).
 */
type SoftWord =
	| { confidence: number }
	| { to: string; reason: string; confidence: number };

const SOFT_WORD_REASON =
	"the word read again from a soft view of its own pixels (enlarged twice and blurred)";
const TWO_VIEWS_REASON =
	"the word read again on its own, from its own pixels and from a soft view: both give these letters";

/**
 * Our own fax's text words read below {@link RECHECK_WORD}, of Cyrillic letters only (a mark
 * before or after them kept as read), each read again on its own — first from {@link WORD_VIEW}
 * (`again(box, true)`), then, when that does not give the same letters, from its own pixels
 * (`again(box, false)`). A cell is read as a block of lines; a word read alone is read
 * otherwise, and two such readings are witnesses of their own:
 * - the soft view gives the same letters at {@link SURE_READING} or more: a word in doubt (below
 *   {@link DOUBTFUL_WORD}) with no mark before or after it is no longer in doubt (a speck read
 *   as the comma of "Камерын," is read so in every view);
 * - it gives other letters at that confidence, surer than a word in doubt: they replace it;
 * - both views give the same other letters, one of them surely: they replace it, however sure
 *   the first reading was ("Газрын" at 93, "газрын" at 96 and 81 read alone).
 * A replacement is a recorded repair (the field is flagged); its marks must be read the same.
 * Anything else leaves the word as it was. Latin words and words with marks inside are not read
 * again: the soft view confirmed "E-Mongoha" when it read them too (docs/scan-renderings.md).
 */
export async function softWords(
	words: readonly OcrWord[],
	again: (box: Box, soft: boolean) => Promise<OcrResult>,
	width: number,
	height: number,
): Promise<Map<OcrWord, SoftWord>> {
	const out = new Map<OcrWord, SoftWord>();
	await Promise.all(
		words.map(async (w) => {
			if (w.confidence >= RECHECK_WORD) return;
			const m = CYRILLIC_WORD.exec(w.text.trim());
			if (!m) return;
			const [, open = "", letters = "", close = ""] = m;
			const b = w.bbox;
			const box: Box = [
				Math.max(0, b[0] - 3),
				Math.max(0, b[1] - 3),
				Math.min(width, b[2] + 3),
				Math.min(height, b[3] + 3),
			];
			// A reading's letters when its marks are the first reading's.
			const lettersOf = (r: OcrResult) => {
				const t = CYRILLIC_WORD.exec(r.text.trim());
				return t && (t[1] ?? "") === open && (t[3] ?? "") === close
					? (t[2] as string)
					: undefined;
			};
			const replace = (got: string, confidence: number, reason: string) =>
				out.set(w, { to: `${open}${got}${close}`, reason, confidence });
			const soft = await again(box, true);
			const sl = lettersOf(soft);
			const doubtful = w.confidence < DOUBTFUL_WORD;
			if (sl === letters && soft.confidence >= SURE_READING) {
				if (doubtful && open === "" && close === "")
					out.set(w, { confidence: soft.confidence });
				return;
			}
			if (
				sl !== undefined &&
				doubtful &&
				soft.confidence >= SURE_READING &&
				soft.confidence > w.confidence
			) {
				replace(sl, soft.confidence, SOFT_WORD_REASON);
				return;
			}
			if (sl === undefined || sl === letters) return;
			const own = await again(box, false);
			const sure = Math.max(soft.confidence, own.confidence);
			if (lettersOf(own) === sl && sure >= SURE_READING)
				replace(sl, sure, TWO_VIEWS_REASON);
		}),
	);
	return out;
}

/** A word as its soft reading leaves it (see {@link softWords}). */
const softened = (w: OcrWord, s: SoftWord | undefined): OcrWord =>
	!s
		? w
		: "to" in s
			? { ...w, confidence: s.confidence }
			: { ...w, confidence: Math.max(w.confidence, s.confidence) };

/**
 * A word as read; `reread` holds the first reading when a second one replaced it, `why` the
 * reason.
 */
type ReadWord = OcrWord & { reread?: string; why?: string; other?: string };

/** A word as its second reading leaves it. */
const reread = (w: OcrWord, r: Reread | undefined): ReadWord =>
	!r
		? w
		: "other" in r
			? { ...w, other: r.other }
			: { ...w, text: r.to, reread: w.text, why: r.reason };

/** A line of OCR words (left to right) with its box. */
interface WordLine {
	words: ReadWord[];
	box: Box;
	/** Median bottom of its words: about the baseline. */
	base: number;
	height: number;
}

/**
 * Words → lines: a word joins the line it overlaps most vertically. A line's band is its words'
 * mean top and bottom, and words taller than one and a half times the usual word go last: a
 * word a pen stroke crosses into the line below ("тогтолцоог/") is as tall as two lines, and
 * took both lines' words into one (read interleaved, "150 хүрээнд 9001 3 …").
 */
function wordLines(words: readonly ReadWord[]): WordLine[] {
	const filled = words.filter((w) => w.text.trim() !== "");
	const hs = filled.map((w) => w.bbox[3] - w.bbox[1]).sort((a, b) => a - b);
	const usual = hs[hs.length >> 1] ?? 0;
	const tall = (w: ReadWord) => w.bbox[3] - w.bbox[1] > 1.5 * usual;
	const mid = (w: ReadWord) => w.bbox[1] + w.bbox[3];
	const sorted = [
		...filled.filter((w) => !tall(w)).sort((a, b) => mid(a) - mid(b)),
		...filled.filter(tall).sort((a, b) => mid(a) - mid(b)),
	];
	const lines: {
		words: ReadWord[];
		top: number;
		bottom: number;
		n: number;
	}[] = [];
	const band = (l: (typeof lines)[number]) => [l.top / l.n, l.bottom / l.n];
	for (const w of sorted) {
		let best: (typeof lines)[number] | undefined;
		let bestOverlap = 0;
		for (const l of lines) {
			const [y0, y1] = band(l) as [number, number];
			const overlap = Math.min(y1, w.bbox[3]) - Math.max(y0, w.bbox[1]);
			const h = Math.min(y1 - y0, w.bbox[3] - w.bbox[1]);
			if (overlap > 0.5 * h && overlap > bestOverlap) {
				best = l;
				bestOverlap = overlap;
			}
		}
		if (!best)
			lines.push({ words: [w], top: w.bbox[1], bottom: w.bbox[3], n: 1 });
		else {
			best.words.push(w);
			if (!tall(w)) {
				best.top += w.bbox[1];
				best.bottom += w.bbox[3];
				best.n++;
			}
		}
	}
	return lines
		.map((l) => {
			const ws = l.words.sort((a, b) => a.bbox[0] - b.bbox[0]);
			const bottoms = ws.map((w) => w.bbox[3]).sort((a, b) => a - b);
			const heights = ws
				.map((w) => w.bbox[3] - w.bbox[1])
				.sort((a, b) => a - b);
			return {
				words: ws,
				box: unionBox(ws.map((w) => w.bbox)),
				base: bottoms[bottoms.length >> 1] as number,
				height: heights[heights.length >> 1] as number,
			};
		})
		.sort((a, b) => a.base - b.base);
}

const lineText = (l: WordLine, raw = false) =>
	l.words
		.map((w) => (raw ? (w.reread ?? w.text) : w.text).trim())
		.join(" ")
		.replace(/\s+/g, " ");

function unionBox(boxes: readonly Box[]): Box {
	return [
		Math.min(...boxes.map((b) => b[0])),
		Math.min(...boxes.map((b) => b[1])),
		Math.max(...boxes.map((b) => b[2])),
		Math.max(...boxes.map((b) => b[3])),
	];
}

/** The usual step between consecutive lines' baselines, over every multi-line cell of a page. */
function usualStep(cells: readonly WordLine[][]): number {
	const steps: number[] = [];
	for (const lines of cells)
		for (let i = 1; i < lines.length; i++) {
			const a = lines[i - 1] as WordLine;
			const b = lines[i] as WordLine;
			const d = b.base - a.base;
			if (d > 0.5 * a.height) steps.push(d);
		}
	if (steps.length < 2) return 0;
	steps.sort((a, b) => a - b);
	return steps[steps.length >> 1] as number;
}

/** A paragraph read by OCR: text, box (deskewed pixels) and mean word confidence. */
interface OcrParagraph {
	text: string;
	box: Box;
	confidence: number;
	/** The first reading, when words were read again. */
	raw?: string;
	repairs?: Repair[];
	lowWords?: { text: string; confidence: number; bbox: Box }[];
	wordBoxes?: { text: string; confidence: number; bbox: Box }[];
	/** Marks over a typed value left out of its reading (a stamp's faint ink, a pen stroke). */
	marks?: MarkKind[];
	/** A typed value's two readings (as read; digits only) when they differ. */
	readings?: string[];
	/** The constrained second reading, when it gave the value (as repaired) too. */
	agreed?: string;
	/** Words of digits read as Latin capitals too ("150" / "ISO"), kept as first read. */
	twins?: { text: string; other: string }[];
}

/** Words read with less confidence than this are listed in the provenance (pipeline/ocr-flags.ts). */
const LOW_WORD = keptWordsBelow(undefined);

/**
 * The share of its width a narrative cell (the column of what was achieved: long paragraphs,
 * 81% of the gold's characters) is read at: 1, full width. The LSTM reads a line scaled to its
 * height, at a cost in proportion to its width then, so a narrower crop is less work (the gold's
 * first six clean pages' text blocks all read at 0.75: 13% less CPU natively), and a squeezed
 * piece's words are judged by its own threshold (pipeline/ocr-flags.ts WORD_CONFIDENCE.squeezed,
 * 92, calibrated on the gold's renderings: no wrong field loses its flag). Measured and not the
 * default (docs/pipeline.md, "The squeezed narrative"): at 0.75 the whole import costs 0.16–0.22
 * CPU s a page less (≈ 5 s a 24-page report) but reads worse and asks more of the clerks — the
 * clean scan 23 → 32 fields flagged, the worn copy 38 → 44, the phone photo 38 → 57, narrative
 * CER 0.16 → 0.20% clean and 0.51 → 0.94% on copier variant 2. A clerk's minute is dearer than the
 * seconds saved. `textReading.narrativeSqueeze` (and scan-accuracy.ts --squeeze) reads it so.
 */
export const NARRATIVE_SQUEEZE = 1;

/** How text cells are read (PagesOptions.textReading). */
export interface TextReading {
	/** The share of its width the narrative column's cells are read at (default NARRATIVE_SQUEEZE; 1: full width). */
	narrativeSqueeze?: number;
	/** The resolution text cells of a finer page are read at (default TEXT_DPI; 0: the page's own). */
	textDpi?: number;
	/**
	 * The confidence under which a squeezed reading's words are listed in the provenance (default
	 * pipeline/ocr-flags.ts keptWordsBelow): above 100 every word, to calibrate its threshold.
	 */
	keepWordsBelow?: number;
}

/**
 * The resolution text cells (psm 6) of a finer page are read at, 0: the page's own. The LSTM
 * reads a line scaled to its own height, so the resolution changes little of its work, but
 * tesseract's preparation of an image (thresholds, components, lines) costs with its pixels.
 */
export const TEXT_DPI = 0;

/**
 * Lines → paragraphs: a step clearly larger than the usual one starts a new paragraph; words
 * read below `lowWord` are listed as doubtful.
 */
function toParagraphs(
	lines: readonly WordLine[],
	step: number,
	lowWord = LOW_WORD,
): OcrParagraph[] {
	const groups: WordLine[][] = [];
	let prev: WordLine | undefined;
	for (const l of lines) {
		const g = groups[groups.length - 1];
		if (g && prev && (step === 0 || l.base - prev.base <= 1.3 * step))
			g.push(l);
		else groups.push([l]);
		prev = l;
	}
	return groups
		.map((g) => {
			const words = g.flatMap((l) => l.words);
			const p: OcrParagraph = {
				text: g.map((l) => lineText(l)).reduce(joinLines, ""),
				box: unionBox(g.map((l) => l.box)),
				confidence: mean(words.map((w) => w.confidence)),
			};
			const low = words.filter((w) => w.confidence < lowWord);
			if (low.length)
				p.lowWords = low.map((w) => ({
					text: w.text,
					confidence: Math.round(w.confidence),
					bbox: w.bbox,
				}));
			// Words read again or with look-alike letters: their boxes, for the review step.
			const marked = words.filter(
				(w) =>
					w.confidence >= lowWord &&
					(w.reread !== undefined ||
						w.other !== undefined ||
						lookalikeWords(w.text).length > 0),
			);
			const twins = words.filter((w) => w.other !== undefined);
			if (twins.length)
				p.twins = twins.map((w) => ({
					text: w.text,
					other: w.other as string,
				}));
			if (marked.length)
				p.wordBoxes = marked.map((w) => ({
					text: w.text,
					confidence: Math.round(w.confidence),
					bbox: w.bbox,
				}));
			const reread = words.filter((w) => w.reread !== undefined);
			if (reread.length) {
				p.raw = g.map((l) => lineText(l, true)).reduce(joinLines, "");
				p.repairs = reread.map((w) => ({
					from: w.reread as string,
					to: w.text,
					reason: w.why ?? PERCENT_REASON,
				}));
			}
			return p;
		})
		.filter((p) => p.text !== "");
}

const mean = (xs: readonly number[]) =>
	xs.length === 0 ? 100 : xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * A header's roles with the columns it left unnamed taken from the previous page's header of as
 * many columns, when every column it names is named alike there (our fax v2's page 6: "№" read
 * "Ng", and the page's item numbers were read as text, their points never looked for). The
 * roles as they are otherwise.
 */
export function rolesWithPrevious(
	roles: readonly (Role | undefined)[],
	previous: readonly (Role | undefined)[] | undefined,
): (Role | undefined)[] {
	if (
		previous?.length === roles.length &&
		roles.some((r, i) => r === undefined && previous[i] !== undefined) &&
		roles.every((r, i) => r === undefined || r === previous[i])
	)
		return roles.map((r, i) => r ?? previous[i]);
	return [...roles];
}

/**
 * Whether a second reading of an item number is its first reading before the point the pixels
 * showed was put back (pointFromPixels: "45" → "4.5", read again "45"): the engine's same miss,
 * not a second witness against the point.
 */
export function pointOnlyDropped(
	single: Pick<OcrParagraph, "text" | "raw" | "repairs">,
	second: string,
): boolean {
	const raw = single.raw?.replace(/\s+/g, "");
	const text = single.text.replace(/\s+/g, "");
	return (
		raw !== undefined &&
		second === raw &&
		text.includes(".") &&
		text.replace(".", "") === raw &&
		(single.repairs ?? []).some((r) => r.reason === POINT_FROM_PIXELS)
	);
}

/** The reason recorded when an item number's point is put back from the pixels. */
const POINT_FROM_PIXELS =
	"item number: the point between the digits is in the pixels";

/** Role of each grid column from the header rows' text (undefined where none is named). */
function rolesFromHeader(
	grid: TableGrid,
	headerRows: number,
	text: Map<GridCell, string>,
): (Role | undefined)[] | undefined {
	const nc = grid.xs.length - 1;
	const roles: (Role | undefined)[] = Array.from(
		{ length: nc },
		() => undefined,
	);
	for (const c of grid.cells) {
		if (c.row >= headerRows) continue;
		const m = roleForHeader(text.get(c) ?? "");
		if (!m || m.score < 0.8) continue;
		if (m.role === "target") {
			// "Зорилтот түвшин" over "Хагас жил | Бүтэн жил": the sub-header names the columns.
			for (let k = 0; k < c.colSpan; k++)
				roles[c.col + k] ??= k === 0 ? "targetHalfYear" : "targetFullYear";
			continue;
		}
		if (c.row > 0 && roles[c.col] !== undefined && !m.role.startsWith("target"))
			continue;
		roles[c.col] = m.role as Role;
	}
	const named = new Set(roles.filter(Boolean));
	return named.size >= 5 ? roles : undefined;
}

const inch = (dpi: number, v: number) => v * dpi;

/**
 * A row every cell of which holds a short mark ("1 | 2 | … | 9"): the column numbering. A mark is
 * the cell's largest blob with the blobs within 1/20 inch of it (a digit's parts, a second
 * digit), so a fax's specks elsewhere in the cell do not count. One cell in four may hold more (a
 * stamp's ring across three of nine, a pen mark) when at least five others are marks.
 */
function isNumberingRow(
	cells: readonly GridCell[],
	inks: Map<GridCell, CellInk>,
	ink: InkImage,
	dpi: number,
): boolean {
	if (cells.length < 5) return false;
	let marks = 0;
	for (const c of cells) {
		const k = inks.get(c);
		if (k?.kind !== "ink" || c.rowSpan > 1 || c.colSpan > 1) return false;
		const [x0, y0, x1, y1] = markBox(blobs(ink, k.box, speckArea(dpi)), dpi);
		if (x1 - x0 <= inch(dpi, 0.15) && y1 - y0 <= inch(dpi, 0.15)) marks++;
	}
	return marks >= Math.max(5, cells.length - 1 - Math.floor(cells.length / 4));
}

/** The largest blob and, again and again, the blobs within 1/20 inch of those taken: its box. */
function markBox(found: readonly Blob[], dpi: number): Box {
	const rest = [...found].sort((a, b) => b.area - a.area);
	const first = rest.shift();
	if (!first) return [0, 0, 0, 0];
	let u: Box = [...first.box];
	const near = dpi / 20;
	for (let grown = true; grown; ) {
		grown = false;
		for (let i = rest.length - 1; i >= 0; i--) {
			const b = (rest[i] as Blob).box;
			if (
				b[0] < u[2] + near &&
				b[2] > u[0] - near &&
				b[1] < u[3] + near &&
				b[3] > u[1] - near
			) {
				u = unionBox([u, b]);
				rest.splice(i, 1);
				grown = true;
			}
		}
	}
	return u;
}

/** Map a box of the deskewed page to the scan's pixels (bounding box of its turned corners). */
function toScan(box: Box, layout: PageLayout): Box {
	if (layout.skew === 0) return box.map((v) => Math.round(v)) as Box;
	const { width, height } = layout.image;
	const pts = [
		[box[0], box[1]],
		[box[2], box[1]],
		[box[0], box[3]],
		[box[2], box[3]],
	].map(([x, y]) =>
		unrotatePoint(x as number, y as number, layout.skew, width, height),
	);
	return [
		Math.round(Math.min(...pts.map((p) => p[0]))),
		Math.round(Math.min(...pts.map((p) => p[1]))),
		Math.round(Math.max(...pts.map((p) => p[0]))),
		Math.round(Math.max(...pts.map((p) => p[1]))),
	];
}

/** What was read in one cell, before paragraphs are cut. */
interface CellRead {
	type: OcrColumnType;
	ink: CellInk;
	inner: Box;
	lines: WordLine[];
	/** psm 7 reads: the whole text as one paragraph. */
	single?: OcrParagraph;
	/** Read squeezed to this share of its width (a narrative cell), and words kept below. */
	squeezed?: { squeeze: number; keepWordsBelow: number };
	/** Read from a smoothed page's gray view (`grayOf`): recorded as the text's `view`. */
	gray?: true;
	/**
	 * A text cell of a smoothed page whose ink is one small blob of a dash's size (`dashBlob`):
	 * read as nothing, it stands as a dash read with confidence 0 (a dash or a speck), not "?".
	 */
	blob?: true;
	/**
	 * On a page repaired from broken strokes, its ink is only a dot or a dash: a broken dash, or
	 * a ruling's or specks' remnant — whatever it is read as is doubtful (flagged). So is a dash
	 * smaller than a printed one on any page (`printedDash`).
	 */
	dot?: true;
}

/** A header read on an earlier page: its cells (header rows and numbering row) as read. */
type HeaderMemo = { cell: GridCell; ink: CellInk; read: CellRead }[];

/** What a document's pages share: the last header that named the columns. */
interface ReadMemo {
	header?: HeaderMemo;
}

const shiftBox = (b: Box, dx: number, dy: number): Box => [
	b[0] + dx,
	b[1] + dy,
	b[2] + dx,
	b[3] + dy,
];

/**
 * The header cells of this page as read on an earlier page, when they are the same: the same
 * cells (rows, columns, spans) of the same size, each with its ink at the same place within
 * the cell (to about 1/60 inch) — a report's header repeated on every page. Boxes are moved to
 * this page. Undefined when anything differs (the header is then read).
 */
function sameHeader(
	memo: HeaderMemo,
	cells: readonly GridCell[],
	inks: Map<GridCell, CellInk>,
	dpi: number,
): Map<GridCell, CellRead> | undefined {
	if (cells.length !== memo.length || cells.length === 0) return undefined;
	const tol = Math.max(2, Math.round(dpi / 60));
	const near = (a: number, b: number) => Math.abs(a - b) <= tol;
	const out = new Map<GridCell, CellRead>();
	for (const [i, c] of cells.entries()) {
		const m = memo[i] as HeaderMemo[number];
		const ink = inks.get(c) as CellInk;
		const o = m.cell;
		if (
			c.row !== o.row ||
			c.col !== o.col ||
			c.rowSpan !== o.rowSpan ||
			c.colSpan !== o.colSpan ||
			!near(c.box[2] - c.box[0], o.box[2] - o.box[0]) ||
			!near(c.box[3] - c.box[1], o.box[3] - o.box[1]) ||
			ink.kind !== m.ink.kind
		)
			return undefined;
		const dx = c.box[0] - o.box[0];
		const dy = c.box[1] - o.box[1];
		if (ink.kind !== "empty" && m.ink.kind !== "empty") {
			const a = ink.box;
			const b = shiftBox(m.ink.box, dx, dy);
			if (!a.every((v, k) => near(v, b[k] as number))) return undefined;
		}
		const r = m.read;
		out.set(c, {
			type: r.type,
			ink,
			inner: shiftBox(r.inner, dx, dy),
			lines: r.lines.map((l) => ({
				...l,
				box: shiftBox(l.box, dx, dy),
				base: l.base + dy,
				words: l.words.map((w) => ({ ...w, bbox: shiftBox(w.bbox, dx, dy) })),
			})),
			...(r.single
				? { single: { ...r.single, box: shiftBox(r.single.box, dx, dy) } }
				: {}),
		});
	}
	return out;
}

/**
 * The part of a typed cell's ink a short mark is read from: its blobs of at least a tenth of the
 * largest one's area, and the small ones within 1/20 inch of those (a point, a comma). A worn
 * copy's noise scattered over the cell (each speck too large to be a speck) otherwise widens the
 * crop to the whole cell, and the engine reads the noise ("| |" for "8"). On a bilevel page
 * (`fax`) the main blobs are also no crumbs and gathered from the largest across gaps of up to
 * 1/10 inch (a value is one group of marks: the digits, a space, "%"): at 200 dpi a digit is only
 * five to ten times a fax's speck ("Ю -" for "1", "?" for "12" in a cell with specks all over it).
 * Not on other pages: there a stamp's letter beside a value can be the largest blob ("50%" and
 * "У"), and the value must stay in the crop (the letter is left out after reading).
 */
function mainInk(layout: PageLayout, box: Box, dpi: number): Box {
	return (
		mainOf(blobs(layout.ink, box, 1), dpi, bilevelPages.has(layout)) ?? box
	);
}

/** {@link mainInk} of blobs already found: undefined when all of them are the main ones. */
function mainOf(
	found: readonly Blob[],
	dpi: number,
	fax: boolean,
): Box | undefined {
	const largest = found.reduce<Blob | undefined>(
		(a, b) => (a && a.area >= b.area ? a : b),
		undefined,
	);
	if (!largest) return undefined;
	const big = found.filter((b) => b.area >= 0.1 * largest.area);
	const within = (b: Blob, u: Box, gap: number) =>
		b.box[0] < u[2] + gap &&
		b.box[2] > u[0] - gap &&
		b.box[1] < u[3] + gap &&
		b.box[3] > u[1] - gap;
	let main: Blob[];
	if (fax) {
		const crumb = (b: Blob) =>
			b.area < 4 * speckArea(dpi) &&
			Math.max(b.box[2] - b.box[0], b.box[3] - b.box[1]) <= dpi / 40;
		const solid = big.filter((b) => !crumb(b));
		const candidates = solid.length ? solid : big;
		main = [largest];
		let grown = largest.box;
		const gap = Math.round(dpi / 10);
		for (let grew = true; grew; ) {
			grew = false;
			for (const b of candidates)
				if (!main.includes(b) && within(b, grown, gap)) {
					main.push(b);
					grown = unionBox([grown, b.box]);
					grew = true;
				}
		}
	} else main = big;
	if (main.length === found.length) return undefined;
	let u = unionBox(main.map((b) => b.box));
	const near = Math.round(dpi / 20);
	const close = found.filter((b) => !main.includes(b) && within(b, u, near));
	if (close.length) u = unionBox([u, ...close.map((b) => b.box)]);
	return u;
}

/**
 * A bilevel page's specks in a text cell, each as its ink pixels: crumbs (under four specks' area
 * and 1/40 inch) with no other ink within 1/30 inch. A fax's specks of 2–3 pixels survive the
 * page's despeckling; beside a word the engine reads them as ".", "|", "°" or a quote. A full
 * stop, a comma or the dot of an "і" sits closer to its letters and stays. With `clusters` (a
 * page read at its own resolution: our own fax), crumbs within 1/30 inch of each other go
 * together when none of them has other ink within 1/30 inch and the group is at most 1/12 inch
 * across: a few specks side by side below a text were read as a letter ("мэдэгдэх Р" for 4.14's
 * indicator). A colon's or an ellipsis' points beside a word stay (one of them is near its
 * letters). Not asked for a narrative's cell (see the call).
 */
export function loneCrumbs(
	ink: InkImage,
	inner: Box,
	dpi: number,
	clusters = false,
): Int32Array[] {
	const found = blobs(ink, inner, 1);
	const gap = Math.round(dpi / 30);
	const crumb = (b: Blob) =>
		b.area < 4 * speckArea(dpi) &&
		Math.max(b.box[2] - b.box[0], b.box[3] - b.box[1]) <= dpi / 40;
	const near = (a: Blob, o: Blob) =>
		o !== a &&
		o.box[0] < a.box[2] + gap &&
		o.box[2] > a.box[0] - gap &&
		o.box[1] < a.box[3] + gap &&
		o.box[3] > a.box[1] - gap;
	const crumbs = found.filter(crumb);
	// Crumbs with other ink near them (a letter; with `clusters`, a letter only).
	const held = new Set(
		crumbs.filter((b) =>
			found.some((o) => near(b, o) && !(clusters && crumb(o))),
		),
	);
	// With `clusters`: a crumb near a held one is held too, until none is added.
	if (clusters)
		for (let grew = true; grew; ) {
			grew = false;
			for (const b of crumbs)
				if (!held.has(b) && crumbs.some((o) => held.has(o) && near(b, o))) {
					held.add(b);
					grew = true;
				}
		}
	// With `clusters`: a group of crumbs wider or taller than 1/12 inch stays — a pen stroke
	// broken into crumbs, whose other pieces are larger (erasing a part of it leaves the rest read
	// as letters: variant 1's "227" after 1.1's text read "Ши", and the text seemed cut).
	if (clusters) {
		const free = crumbs.filter((b) => !held.has(b));
		const seen = new Set<Blob>();
		for (const b of free) {
			if (seen.has(b)) continue;
			const group = [b];
			seen.add(b);
			for (let k = 0; k < group.length; k++)
				for (const o of free)
					if (!seen.has(o) && near(group[k] as Blob, o)) {
						seen.add(o);
						group.push(o);
					}
			const u = unionBox(group.map((g) => g.box));
			if (Math.max(u[2] - u[0], u[3] - u[1]) > dpi / 12)
				for (const g of group) held.add(g);
		}
	}
	const out: Int32Array[] = [];
	for (const b of crumbs) {
		if (held.has(b)) continue;
		const [x0, y0, x1, y1] = b.box;
		const px: number[] = [];
		for (let y = y0; y < y1; y++)
			for (let x = x0; x < x1; x++)
				if (ink.data[y * ink.width + x]) px.push(y * ink.width + x);
		out.push(Int32Array.from(px));
	}
	return out;
}

/**
 * An item number read without its point ("35" for "3.5": a fax's or a worn copy's point is a
 * sliver the engine drops) when the pixels show one: a small blob low between the digits, the
 * digits' blobs on either side as many as the reading puts there. The point is put back as a
 * recorded repair (so the field is flagged for a person to confirm).
 */
function pointFromPixels(single: OcrParagraph, layout: PageLayout, box: Box) {
	const m = /^(\d{1,2})$|^(\d)(\d)(\d)$/.exec(single.text);
	if (!m || single.text.length < 2) return;
	const found = blobs(layout.ink, box, 1).sort((a, b) => a.box[0] - b.box[0]);
	const areas = found.map((b) => b.area).sort((a, b) => b - a);
	const digitArea = areas[Math.min(1, areas.length - 1)] ?? 0;
	const big = found.filter((b) => b.area >= 0.3 * digitArea);
	if (big.length !== single.text.length) return;
	const top = Math.min(...big.map((b) => b.box[1]));
	const bottom = Math.max(...big.map((b) => b.box[3]));
	const h = bottom - top;
	const points = found.filter(
		(b) =>
			b.area < 0.3 * digitArea &&
			b.box[1] >= top + 0.6 * h &&
			b.box[3] <= bottom + 0.1 * h,
	);
	if (points.length !== 1) return;
	const pt = points[0] as (typeof points)[number];
	const left = big.filter((b) => b.box[2] <= pt.box[0] + 1).length;
	const right = big.filter((b) => b.box[0] >= pt.box[2] - 1).length;
	if (left < 1 || right < 1 || left + right !== big.length || left > 2) return;
	const to = `${single.text.slice(0, left)}.${single.text.slice(left)}`;
	single.raw = single.raw ?? single.text;
	single.repairs = [
		...(single.repairs ?? []),
		{
			from: single.text,
			to,
			reason: POINT_FROM_PIXELS,
		},
	];
	single.text = to;
}

/** Read one table: header first (column types), then every other cell by its column's type. */
/** `box` grown by `m` pixels on every side, kept inside `within`. */
function grownWithin(box: Box, m: number, within: Box): Box {
	return [
		Math.max(within[0], box[0] - m),
		Math.max(within[1], box[1] - m),
		Math.min(within[2], box[2] + m),
		Math.min(within[3], box[3] + m),
	];
}

/**
 * Whether a mark taken for a dash (grid.ts cellInk) has a printed dash's size: at least 1/40 inch
 * long and twice (1/100 inch)² of ink. A printed dash at 200 dpi is 6 pixels long and 11–18
 * pixels of ink (the worn copies of the gold, every variant); a speck of toner or the tail of a
 * pen stroke in an empty cell was 4 × 1.
 */
export function printedDash(ink: InkImage, box: Box, dpi: number): boolean {
	if (box[2] - box[0] < dpi / 40) return false;
	let n = 0;
	for (let y = box[1]; y < box[3]; y++)
		for (let x = box[0]; x < box[2]; x++)
			n += ink.data[y * ink.width + x] as number;
	return n >= 2 * (dpi / 100) ** 2;
}

/**
 * A typed cell without the marks over it that are no part of its value (grid.ts typedCellMarks):
 * what it then holds (empty, a dash, ink), the pixels to leave out of its readings, the box its
 * value is read from, and the kinds of the marks that touch that box (a stamp's ring or a pen
 * stroke across the value may have hidden part of it: the reading is then flagged). Undefined
 * when the cell has no such marks.
 */
function withoutMarks(
	layout: PageLayout,
	inner: Box,
	dpi: number,
	text: boolean,
):
	| { ink: CellInk; erase: Int32Array[]; main: Box; over: MarkKind[] }
	| undefined {
	const { keep, marks } = typedCellMarks(
		layout.ink,
		layout.image,
		inner,
		dpi,
		layout.threshold,
		layout.level,
		text,
		// Our own fax: its pen strokes break where they are thinnest.
		bilevelPages.get(layout)?.smoothed === false,
	);
	if (marks.length === 0) return undefined;
	const w = inner[2] - inner[0];
	const h = inner[3] - inner[1];
	const W = layout.ink.width;
	const local: InkImage = { width: w, height: h, data: new Uint8Array(w * h) };
	for (const k of keep)
		for (const p of k.pixels)
			local.data[(Math.floor(p / W) - inner[1]) * w + (p % W) - inner[0]] = 1;
	const found = cellInk(local, [0, 0, w, h], dpi);
	const shift = (b: Box): Box => [
		b[0] + inner[0],
		b[1] + inner[1],
		b[2] + inner[0],
		b[3] + inner[1],
	];
	const ink: CellInk =
		found.kind === "empty" ? found : { ...found, box: shift(found.box) };
	const main =
		ink.kind === "ink"
			? (mainOf(
					keep.filter((k: InkComponent) => intersects(k.box, ink.box)),
					dpi,
					bilevelPages.has(layout),
				) ?? ink.box)
			: ink.kind === "dash"
				? ink.box
				: inner;
	const near = grownWithin(main, Math.round(dpi / 30), inner);
	const over = [
		...new Set(
			marks
				.filter((m) => m.why !== "ruling" && intersects(m.box, near))
				.map((m) => m.why),
		),
	];
	return { ink, erase: marks.map((m) => m.pixels), main, over };
}

const intersects = (a: Box, b: Box) =>
	a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];

/** The characters a typed column's value is written with: its constrained reading's whitelist. */
const WHITELIST: Partial<Record<OcrColumnType, string>> = {
	number: "0123456789%.,-",
	level: "0123456789%",
	item: "0123456789.",
};

/**
 * A typed cell read a second time, constrained to its column's characters (digits, "%", ".",
 * ",", "-"; a single line), from the gray crop (the first reading was of the thresholded one).
 * The two readings (the first as its column's rules repair it) agree: the value stands. They
 * differ: the one of the column's form is kept — the first when both or neither are, unless the
 * second is clearly surer — and both are recorded (`readings`), so the field is flagged. A cell
 * read as words (three letters or more: a level written out) is not read again.
 */
async function secondReading(
	single: OcrParagraph,
	type: OcrColumnType,
	again: (whitelist: string) => Promise<OcrResult>,
	third?: (whitelist: string) => Promise<OcrResult>,
	confirm?: (whitelist: string) => Promise<OcrResult>,
): Promise<void> {
	const whitelist = WHITELIST[type];
	if (!whitelist || /\p{L}{3}/u.test(single.text)) return;
	const r = await again(whitelist);
	const second = r.text.replace(/\s+/g, "");
	const first = repairCell(single.text, type).text.replace(/\s+/g, "");
	// An item number whose point the pixels show (pointFromPixels) read again without it: the
	// engine's same miss, not a second witness against the point (our fax v2's 4.5: "45" twice,
	// the point's blob low between the digits).
	if (type === "item" && pointOnlyDropped(single, second)) {
		single.readings = [single.text, second];
		return;
	}
	// A constrained reading gives "%" as "96" or "95" as the first reading did before its repair
	// ("6095" for "60%"): the same reading.
	const pctSame = /^(.*\d)9[56б]$/u.exec(second);
	if (second === first || (pctSame && `${pctSame[1]}%` === first)) {
		// Two readings of views too alike to be two witnesses (a smoothed page's strokes, blurred
		// again): a view made otherwise must give the value too, or the field is flagged.
		if (confirm && typedForm(first, type)) {
			const t = (await confirm(whitelist)).text.replace(/\s+/g, "");
			const tPct = /^(.*\d)9[56б]$/u.exec(t);
			if (t !== first && !(tPct && `${tPct[1]}%` === first)) {
				single.readings = [single.text, second, t];
				return;
			}
		}
		// The constrained reading gives the value (as repaired): a repair is not in doubt, and a
		// value of its column's form read with low confidence is settled (pipeline/ocr-flags.ts
		// agreedOfForm). Recorded whenever the two agree.
		single.agreed = first;
		return;
	}
	// "40%" / "4095": one reading has the "%" the other took for digits — the percent both give.
	const pct = percentOfReadings(first, second);
	if (pct !== undefined) {
		single.readings = [single.text, second];
		if (pct === first) return;
		single.raw = single.raw ?? single.text;
		single.repairs = [
			...(single.repairs ?? []),
			{
				from: single.text,
				to: pct,
				reason:
					'"%" read as digits in one of the cell\'s two readings; the percent both give',
			},
		];
		single.text = pct;
		return;
	}
	const firstOk = typedForm(first, type);
	const secondOk = typedForm(second, type);
	let takeSecond =
		secondOk &&
		(!firstOk || r.confidence > single.confidence + 10) &&
		second !== "";
	single.readings = [single.text, second];
	// Both of the column's form (a value on a bilevel page): a third view, smoothed black and
	// white, settles which is kept; the field is flagged all the same.
	if (third && firstOk && secondOk) {
		const t = (await third(whitelist)).text.replace(/\s+/g, "");
		single.readings.push(t);
		if (t === second) takeSecond = true;
		else if (t === first) takeSecond = false;
	}
	if (!takeSecond) return;
	single.raw = single.raw ?? single.text;
	single.repairs = [
		...(single.repairs ?? []),
		{
			from: single.text,
			to: second,
			reason: "the cell read again with its column's characters only",
		},
	];
	single.text = second;
	single.confidence = r.confidence;
}

/**
 * The views a bilevel page's value is read from again when its "%" may have been taken for
 * digits, each as a line and as a word, in this order: the crop enlarged twice and blurred by
 * 1.5 pixels (the typed cells' second view; our fax variant 1's "10046" reads "100%-" there),
 * then blurred by 1.8 pixels and made black and white at 180 (its strokes smoothed whole: our
 * fax's "17,795" reads "17.7%" there as a word, and "17,796" in every gray view). Read without a
 * whitelist: one with "%" gives "100596" where the first view gives "100%".
 */
const PERCENT_VIEWS: readonly (readonly [Softening, 7 | 8])[] = [
	[{ scale: 2, sigma: 1.5 }, 7],
	[{ scale: 2, sigma: 1.5 }, 8],
	[{ scale: 2, sigma: 1.8, threshold: 180 }, 8],
	[{ scale: 2, sigma: 1.8, threshold: 180 }, 7],
];

/**
 * A value read as a percent with its "%" taken for digits: a number of at most three digits
 * (and two decimals) followed by the "%"'s usual misreadings ("96", "95", "9б", "46", "596":
 * our fax's "17,795" for "17,7%", "10046" for "100%").
 */
export const PERCENT_AS_DIGITS = /^\d{1,3}(?:[.,]\d{1,2})?(?:9[56б]|46|596)$/u;

/**
 * Our own fax's value whose "%" may have been read as digits ({@link PERCENT_AS_DIGITS}) read
 * again from other views of its pixels ({@link PERCENT_VIEWS}): the first reading that gives the
 * same number with a "%" (normalizers/ocr-repair.ts `percentOfReadings`; a mark after it left
 * aside: "100%-") replaces the value as a recorded repair, both readings kept, so the field is
 * flagged (two views that differ). Nothing is changed when no view gives it.
 */
export async function percentFromSoftView(
	single: OcrParagraph,
	again: (soft: Softening, psm: 7 | 8) => Promise<OcrResult>,
): Promise<void> {
	if (!PERCENT_AS_DIGITS.test(single.text)) return;
	for (const [soft, psm] of PERCENT_VIEWS) {
		const t = (await again(soft, psm)).text.replace(/\s+/g, "");
		if (!t.includes("%")) continue;
		const pct = percentOfReadings(single.text, t);
		if (pct === undefined) continue;
		single.raw = single.text;
		single.readings = [single.text, t];
		single.repairs = [
			{
				from: single.text,
				to: pct,
				reason: '"%" read as digits; the cell read again from another view',
			},
		];
		single.text = pct;
		return;
	}
}

/** A table's cells: each one's inner box and ink, and the cells whose ink is a dot to flag. */
interface TableInks {
	inks: Map<GridCell, CellInk>;
	inners: Map<GridCell, Box>;
	dots: Set<GridCell>;
}

/** Kept per table: the orientation check and the reading both need them. */
const tableInks = new WeakMap<TableGrid, TableInks>();

/** The ink of every cell of a table (found once a table). */
function inksOf(layout: PageLayout, grid: TableGrid): TableInks {
	const kept = tableInks.get(grid);
	if (kept) return kept;
	const dpi = layout.image.dpi || 300;
	const inks = new Map<GridCell, CellInk>();
	const inners = new Map<GridCell, Box>();
	const rough = bilevelPages.get(layout)?.smoothed === true;
	const dots = new Set<GridCell>();
	for (const c of grid.cells) {
		const inner = innerBox(layout.ink, c.box, dpi);
		inners.set(c, inner);
		let ink = cellInk(layout.ink, inner, dpi);
		// A page smoothed from broken strokes has no specks left (one pixel of ink does not
		// survive the smoothing), but a dash broken pixel by pixel can come out of it as a dot:
		// a cell holding a blob at least 1/100 inch each way is not empty — it is read, and what
		// is not read from it is flagged (cellParagraphs), never stored as an empty cell.
		if (rough && ink.kind === "empty") {
			const least = Math.max(2, Math.round(dpi / 100));
			const found = blobs(layout.ink, inner, speckArea(dpi)).filter(
				(b) => b.box[2] - b.box[0] >= least && b.box[3] - b.box[1] >= least,
			);
			if (found.length > 0) {
				ink = {
					kind: "ink",
					box: unionBox(found.map((b) => b.box)),
					blobs: found.length,
				};
				dots.add(c);
			}
		}
		// A dash smaller than a printed one (a speck of toner or the tail of a stroke: 4 × 1 pixels
		// at 200 dpi in an empty baseline cell, where a printed dash is 6 × 2 or more) is read as a
		// dash but flagged, never stored as a sure "-" where the cell may be empty.
		if (ink.kind === "dash" && !printedDash(layout.ink, ink.box, dpi))
			dots.add(c);
		inks.set(c, ink);
	}
	const found = { inks, inners, dots };
	tableInks.set(grid, found);
	return found;
}

/**
 * A table's header: the numbering row among the top rows ends it; without one, the top row (and
 * the row under its merged cells) is tried as a header.
 */
function headerOf(
	layout: PageLayout,
	grid: TableGrid,
	inks: Map<GridCell, CellInk>,
): {
	numbering: number;
	headerRows: number;
	headerCells: GridCell[];
	numberCells: GridCell[];
} {
	const dpi = layout.image.dpi || 300;
	const nr = grid.ys.length - 1;
	const rowCells = (r: number) => grid.cells.filter((c) => c.row === r);
	let numbering = -1;
	for (let r = 0; r < Math.min(nr, 4); r++)
		if (isNumberingRow(rowCells(r), inks, layout.ink, dpi)) {
			numbering = r;
			break;
		}
	let headerRows = numbering;
	if (numbering < 0) {
		const top = rowCells(0);
		headerRows = top.some((c) => c.rowSpan > 1) ? 2 : 1;
	}
	return {
		numbering,
		headerRows,
		headerCells: grid.cells.filter((c) => c.row < headerRows),
		numberCells: numbering >= 0 ? rowCells(numbering) : [],
	};
}

/**
 * Whether a table of the page has the header an earlier page read and named its columns by: the
 * same cells with the same ink in them (sameHeader). That page was upright (its header was read
 * as words that name columns), and a page turned half round shows its header nowhere near those
 * cells' places — so this page is upright, and no line of it is read to find out.
 */
function headerSeenUpright(layout: PageLayout, memo: ReadMemo): boolean {
	const seen = memo.header;
	if (!seen) return false;
	const dpi = layout.image.dpi || 300;
	return layout.tables.some((grid) => {
		const { inks } = inksOf(layout, grid);
		const { headerCells, numberCells } = headerOf(layout, grid, inks);
		return (
			sameHeader(seen, [...headerCells, ...numberCells], inks, dpi) !==
			undefined
		);
	});
}

async function readTable(
	layout: PageLayout,
	grid: TableGrid,
	ocr: OcrEngine,
	previousRoles: (Role | undefined)[] | undefined,
	memo: ReadMemo,
	onHeader: (roles: (Role | undefined)[] | undefined) => void = () => {},
	reading: TextReading = {},
): Promise<{ reads: Map<GridCell, CellRead>; roles?: (Role | undefined)[] }> {
	const dpi = layout.image.dpi || 300;
	const { inks, inners, dots } = inksOf(layout, grid);
	const rough = bilevelPages.get(layout)?.smoothed === true;
	const { numbering, headerRows, headerCells, numberCells } = headerOf(
		layout,
		grid,
		inks,
	);
	const reads = new Map<GridCell, CellRead>();
	const narrative = reading.narrativeSqueeze ?? NARRATIVE_SQUEEZE;
	// Text cells of a page finer than TEXT_DPI read made smaller to it (0.5–1 of the page's).
	const textDpi = reading.textDpi ?? TEXT_DPI;
	const textScale =
		textDpi > 0 && dpi > textDpi ? Math.max(0.5, textDpi / dpi) : 1;
	const readCell = async (
		c: GridCell,
		type: OcrColumnType,
		constrained = true,
		squeeze = 1,
		gray = false,
		narrativeCell = false,
	) => {
		let ink = inks.get(c) as CellInk;
		const inner = inners.get(c) as Box;
		const base: CellRead = {
			type,
			ink,
			inner,
			lines: [],
			...(dots.has(c) || (rough && ink.kind === "dash")
				? { dot: true as const }
				: {}),
		};
		reads.set(c, base);
		if (ink.kind !== "ink") return;
		let { langs, psm } = READ[type];
		// A typed cell's marks that are no part of its value (a stamp's faint ink, a ruling's
		// remnant, a pen stroke) are left out: of what the cell holds and of every reading.
		let erase: Int32Array[] = [];
		let over: MarkKind[] = [];
		let main: Box | undefined;
		if (type !== "header") {
			// A text cell: a stamp's faint ink and pen strokes only; a text's reading is flagged by
			// its words' confidence.
			const cleaned = withoutMarks(layout, inner, dpi, psm !== 7);
			if (cleaned) {
				ink = cleaned.ink;
				base.ink = ink;
				if (ink.kind === "dash" && !printedDash(layout.ink, ink.box, dpi))
					base.dot = true;
				if (ink.kind !== "ink") return;
				erase = cleaned.erase;
				if (psm === 7) {
					over = cleaned.over;
					main = cleaned.main;
				}
			}
		}
		// A typed cell holding several lines (a level written out, "Хэрэгжилт тооцох хугацаа
		// болоогүй") is text.
		const lineH = inch(dpi, 0.22);
		main ??= psm === 7 ? mainInk(layout, ink.box, dpi) : ink.box;
		if (psm === 7 && main[3] - main[1] > 1.6 * lineH) {
			langs = "mon+eng";
			psm = 6;
		}
		if (psm === 7) {
			const extra = { erase };
			// A tight crop: a wide white margin makes tesseract drop small marks ("1.1" → "11").
			const box = grownWithin(main, Math.round(dpi / 50), inner);
			let r = await read(
				ocr,
				layout.image,
				box,
				langs,
				psm,
				0,
				layout.threshold,
				extra,
			);
			if (/\p{L}{2}/u.test(r.text)) {
				// Letters in a typed column: read it as Mongolian too and keep the surer reading.
				const other = await read(
					ocr,
					layout.image,
					box,
					"mon+eng",
					7,
					0,
					layout.threshold,
					extra,
				);
				if (other.confidence > r.confidence) r = other;
			}
			// Ink the first reading saw nothing in (a faded or broken mark): read again otherwise
			// (gray; one word; framed in white). A reading found so is kept as a recorded repair of
			// the empty one, so the field is flagged for a person to confirm — never an empty
			// value stored as read.
			let emptyFirst = false;
			if (r.text.trim() === "")
				for (const [t, p, framed] of [
					[undefined, 7, 0],
					[layout.threshold, 8, 0],
					[undefined, 6, framePad(dpi)],
				] as const) {
					const again = await read(
						ocr,
						layout.image,
						box,
						langs,
						p,
						framed,
						t,
						extra,
					);
					if (again.text.trim() === "") continue;
					r = again;
					emptyFirst = true;
					break;
				}
			const single: OcrParagraph = {
				text: r.text.replace(/\s+/g, " ").trim(),
				// A typed value is as sure as its least sure word: a stamp's letter or a pen mark
				// read beside the number ("8 м") is doubtful though the number is not.
				confidence:
					r.words.length > 1
						? Math.min(r.confidence, ...r.words.map((w) => w.confidence))
						: r.confidence,
				box: r.words.length ? unionBox(r.words.map((w) => w.bbox)) : ink.box,
			};
			if (over.length) single.marks = over;
			if (emptyFirst) {
				single.raw = "";
				single.repairs = [
					{
						from: "",
						to: single.text,
						reason:
							"the cell has ink but its first reading was empty; read again",
					},
				];
			}
			// "17,7%" read "17,796": the "%" taken for "96". Read again otherwise (gray, one word)
			// and keep a reading that is the same number with a "%".
			const pct = /^(\d+(?:[.,]\d+)?)(?:96|9б)$/u.exec(single.text);
			if (pct)
				for (const [t, p] of [
					[undefined, 7],
					[layout.threshold, 8],
					[undefined, 8],
				] as const) {
					const again = await read(
						ocr,
						layout.image,
						box,
						"eng+mon",
						p,
						0,
						t,
						extra,
					);
					if (again.text.replace(/\s+/g, "") !== `${pct[1]}%`) continue;
					single.raw = single.text;
					single.text = `${pct[1]}%`;
					single.repairs = [
						{
							from: single.raw,
							to: single.text,
							reason: '"%" read as "96"; the cell read again',
						},
					];
					break;
				}
			if (
				!single.repairs?.length &&
				bilevelPages.get(layout)?.smoothed === false
			)
				await percentFromSoftView(single, (soft, p) =>
					read(ocr, layout.image, box, "eng+mon", p, 0, undefined, {
						...extra,
						soft,
					}),
				);
			if (type === "item") pointFromPixels(single, layout, ink.box);
			if (constrained)
				await secondReading(
					single,
					type,
					(whitelist) =>
						read(ocr, layout.image, box, "eng+mon", 7, 0, undefined, {
							erase,
							whitelist,
							...(secondView(layout) ? { soft: secondView(layout) } : {}),
						}),
					type === "number" && bilevelPages.get(layout)?.smoothed === false
						? (whitelist) =>
								read(ocr, layout.image, box, "eng+mon", 7, 0, undefined, {
									erase,
									whitelist,
									soft: { scale: 2, sigma: 1.8, threshold: 180 },
								})
						: undefined,
					type === "number" && bilevelPages.get(layout)?.smoothed === true
						? (whitelist) =>
								read(ocr, layout.image, box, "eng+mon", 7, 0, undefined, {
									erase,
									whitelist,
									soft: CONFIRM_VIEW,
								})
						: undefined,
				);
			base.single = single;
			return;
		}
		if (rough && type === "text" && dashBlob(ink.box, dpi)) base.blob = true;
		// The ink and a margin (marks smaller than a speck, a full stop, stay inside), framed in
		// white: the paper around it only costs OCR time.
		const text = grownWithin(ink.box, Math.round(dpi / 30), inner);
		if (type === "text" && bilevelPages.has(layout))
			erase = [
				...erase,
				...loneCrumbs(
					layout.ink,
					inner,
					dpi,
					// Not a narrative's: there the engine read the specks left by the rule (held
					// by a letter of the line above) as a word that seemed to cut the text.
					!narrativeCell && bilevelPages.get(layout)?.smoothed === false,
				),
			];
		// A narrative cell read squeezed (NARRATIVE_SQUEEZE); psm 6 only (not a typed cell's lines).
		const squeezed =
			type === "text" && psm === 6 && squeeze < 1
				? {
						squeeze,
						keepWordsBelow: reading.keepWordsBelow ?? keptWordsBelow(squeeze),
					}
				: undefined;
		if (squeezed) base.squeezed = squeezed;
		const grayView = type === "text" && gray ? grayOf(layout) : {};
		if ("gray" in grayView) base.gray = true;
		let r = await read(
			ocr,
			layout.image,
			text,
			langs,
			psm,
			framePad(dpi),
			undefined,
			{
				erase,
				...(squeezed ? { squeeze: squeezed.squeeze } : {}),
				...(type === "text" && psm === 6 && textScale < 1
					? { scale: textScale }
					: {}),
				...grayView,
			},
		);
		// A header of one sign ("№") that a block reading finds nothing in: read as a line, then
		// as a word (the header names the column; a lost "№" loses the item column).
		if (type === "header" && r.words.length === 0)
			for (const p of [7, 8] as const) {
				const again = await read(
					ocr,
					layout.image,
					text,
					langs,
					p,
					framePad(dpi),
					undefined,
					{ erase },
				);
				if (again.words.length === 0) continue;
				r = again;
				break;
			}
		const fixed = await rereadWords(ocr, layout.image, r.words);
		// Our own fax's doubtful words read again from a soft view of their own pixels.
		const soft =
			type === "text" && bilevelPages.get(layout)?.smoothed === false
				? await softWords(
						r.words,
						(box, soft) =>
							read(
								ocr,
								layout.image,
								box,
								"mon+eng",
								7,
								Math.round(dpi / 30),
								undefined,
								soft ? { erase, soft: WORD_VIEW } : { erase },
							),
						layout.image.width,
						layout.image.height,
					)
				: undefined;
		base.lines = wordLines(
			r.words.map((w) => {
				const s = soft?.get(w);
				return s && "to" in s
					? reread(softened(w, s), s)
					: reread(softened(w, s), fixed.get(w));
			}),
		);
	};
	// 1. Header rows (text) and the numbering row (numbers): headerOf.
	const known = memo.header
		? sameHeader(memo.header, [...headerCells, ...numberCells], inks, dpi)
		: undefined;
	if (known) for (const [c, rd] of known) reads.set(c, rd);
	else {
		await Promise.all([
			...headerCells.map((c) => readCell(c, "header")),
			...numberCells.map((c) => readCell(c, "number", false)),
		]);
		if (numbering >= 0) repairNumbering(numberCells, reads);
	}
	const headerText = new Map<GridCell, string>();
	for (const c of headerCells)
		headerText.set(
			c,
			repairHeader(
				(reads.get(c)?.lines ?? []).map((l) => lineText(l)).join(" "),
			).text,
		);
	const nc = grid.xs.length - 1;
	let roles = rolesFromHeader(grid, headerRows, headerText);
	// A header that names the columns is kept for the next pages (repeated headers).
	if (roles && !known)
		memo.header = [...headerCells, ...numberCells].map((c) => ({
			cell: c,
			ink: inks.get(c) as CellInk,
			read: reads.get(c) as CellRead,
		}));
	if (!roles && numbering < 0)
		// Not a header: those rows are data, read again below by their columns' types.
		for (const c of headerCells) reads.delete(c);
	if (!roles && previousRoles?.length === nc) roles = previousRoles;
	// A header read with a column left unnamed (our fax v2's "№" read "Ng": its item numbers were
	// then read as text, their points never looked for) takes that column's role from the
	// previous page's header of as many columns, when it names every other column alike.
	// Our own fax only: on the other maker's (smoothed) fax, page 3's item column so named was
	// read by its type and lost an item that its reading as text and stitch's inference kept.
	if (roles && bilevelPages.get(layout)?.smoothed === false)
		roles = rolesWithPrevious(roles, previousRoles);
	// No header read and none before: no column is assumed (every cell is read as text); the
	// plan table's roles are then inferred from the content by pipeline/stitch, and held.
	onHeader(roles);
	// 2. Every other cell by its column's type; a cell spanning several columns is text.
	// Largest ink first: the OCR workers then end a page together, not one waiting on the other's
	// last long cell (the order of the requests changes no reading).
	const inkArea = (c: GridCell) => {
		const k = inks.get(c);
		return k?.kind === "ink"
			? (k.box[2] - k.box[0]) * (k.box[3] - k.box[1])
			: 0;
	};
	// A column this page's header names nothing over (its words misread: "Wanryyp 7 үзүүлэн") is
	// text from the gray view when the page before named it as text — never one the page before
	// named the item column, nor one whose cells read as item numbers (`itemColumn`: a column
	// named nothing may hold them, read better from the page's own pixels).
	const textColumn = (col: number) => {
		const named = roles?.[col];
		if (named !== undefined) return typeOfRole(named) === "text";
		const before =
			previousRoles?.length === nc ? previousRoles[col] : undefined;
		return (
			before !== undefined &&
			typeOfRole(before) === "text" &&
			!itemLikeInks(
				grid.cells
					.filter(
						(c) => c.col === col && c.colSpan === 1 && c.row >= headerRows,
					)
					.map((c) => inks.get(c))
					.flatMap((k) => (k?.kind === "ink" ? [k.box] : [])),
				dpi,
			)
		);
	};
	// Our own fax: a budget's printed dash among the fax's specks, or worn to a speck's size, is a
	// dash by its shape and place (fax-dash.ts), where cellInk made the cell ink or empty.
	if (bilevelPages.get(layout)?.smoothed === false)
		for (const c of grid.cells) {
			if (reads.has(c) || c.colSpan > 1 || roles?.[c.col] !== "budget")
				continue;
			if (inks.get(c)?.kind === "dash") continue;
			const box = faxDash(layout.ink, inners.get(c) as Box, dpi);
			if (!box) continue;
			inks.set(c, { kind: "dash", box });
			if (!printedDash(layout.ink, box, dpi)) dots.add(c);
		}
	const rest = grid.cells
		.filter((c) => !reads.has(c))
		.sort((a, b) => inkArea(b) - inkArea(a));
	await Promise.all(
		rest.map((c) =>
			c.colSpan < 3 && roles?.[c.col] === "achievement"
				? readCell(c, "text", true, narrative, true, true)
				: readCell(
						c,
						c.colSpan >= 3 || !roles ? "text" : typeOfRole(roles[c.col]),
						true,
						1,
						// A goal's heading, or a column named as text: from the gray view.
						roles !== undefined && (c.colSpan >= 3 || textColumn(c.col)),
					),
		),
	);
	return { reads, roles };
}

/**
 * Ink of a dash's size as a smoothed page leaves a printed dash (the other maker's fax: its
 * budgets' dashes, broken pixel by pixel, smoothed and thresholded again, shrink to blobs of
 * 6–14 × 6–11 pixels at 400 dpi, 0.015–0.035 inch, that no reading makes anything of; a speck
 * does not survive the smoothing): 0.012–0.1 inch wide, at most 0.07 inch high, and not much
 * taller than wide (a ruling's sliver, 1–2 × 12–13 pixels, is).
 */
export function dashBlob(box: Box, dpi: number): boolean {
	const w = box[2] - box[0];
	const h = box[3] - box[1];
	return w >= 0.012 * dpi && w <= 0.1 * dpi && h <= 0.07 * dpi && w >= 0.7 * h;
}

/**
 * Whether a column's ink reads as item numbers rather than text: most of its cells with ink
 * ("1.1", "4.19") hold one short line (under 0.6 inch wide and 0.3 inch high), where a text
 * column's cells hold words or lines of them. A column of no ink is not one.
 */
export function itemLikeInks(boxes: readonly Box[], dpi: number): boolean {
	if (boxes.length === 0) return false;
	const short = boxes.filter(
		(b) => b[2] - b[0] < 0.6 * dpi && b[3] - b[1] < 0.3 * dpi,
	).length;
	return short * 2 > boxes.length;
}

/**
 * The numbering row holds 1, 2, …, N by definition: when all but at most two of its cells read
 * so, the others are set to their number (a blurred "8" reads "3"), each a recorded repair.
 */
function repairNumbering(cells: GridCell[], reads: Map<GridCell, CellRead>) {
	const sorted = [...cells].sort((a, b) => a.col - b.col);
	const texts = sorted.map((c) => reads.get(c)?.single?.text ?? "");
	const wrong = texts.filter((t, i) => t !== String(i + 1)).length;
	// The row was found by its pixels (a short mark in each cell): up to a third misread.
	const most = Math.max(2, Math.floor(sorted.length / 3));
	if (wrong === 0 || wrong > most || sorted.length - wrong < 5) return;
	sorted.forEach((c, i) => {
		const single = reads.get(c)?.single;
		const want = String(i + 1);
		if (!single || single.text === want) return;
		single.raw = single.text;
		single.repairs = [
			{
				from: single.text,
				to: want,
				reason: "numbering row: the columns are numbered 1, 2, …",
			},
		];
		single.text = want;
	});
}

/** A table's reads → a fragment in the document model (the text-PDF parser's shape). */
function toFragment(
	layout: PageLayout,
	grid: TableGrid,
	reads: Map<GridCell, CellRead>,
	step: number,
	page: number,
	file: string,
): TableFragment {
	const nr = grid.ys.length - 1;
	const nc = grid.xs.length - 1;
	const prov = (extra: Partial<Provenance>, box: Box): Provenance => ({
		file,
		page,
		table: 0,
		...extra,
		// The doubtful words' boxes too: the review step draws the word, not the whole cell.
		...(extra.lowWords
			? {
					lowWords: extra.lowWords.map((w) =>
						w.bbox ? { ...w, bbox: toScan(w.bbox, layout) } : w,
					),
				}
			: {}),
		...(extra.wordBoxes
			? {
					wordBoxes: extra.wordBoxes.map((w) => ({
						...w,
						bbox: toScan(w.bbox, layout),
					})),
				}
			: {}),
		bbox: toScan(box, layout),
	});
	const at = new Map<string, GridCell>();
	for (const c of grid.cells) at.set(`${c.row}:${c.col}`, c);
	const rows: Row[] = [];
	for (let r = 0; r < nr; r++) {
		const y0 = grid.ys[r] as number;
		const y1 = grid.ys[r + 1] as number;
		const cells: Cell[] = [];
		for (let i = 0; i < nc; i++) {
			const c = at.get(`${r}:${i}`);
			const cellBox: Box = [
				grid.xs[i] as number,
				y0,
				grid.xs[i + 1] as number,
				y1,
			];
			if (!c) {
				cells.push({
					paragraphs: [],
					colSpan: 1,
					rowSpan: 1,
					prov: prov({ row: r, cell: i }, cellBox),
				});
				continue;
			}
			const rd = reads.get(c);
			cells.push({
				paragraphs: rd
					? cellParagraphs(rd, step, (b, p) =>
							prov({ row: r, cell: i, ...p }, b),
						)
					: [],
				colSpan: c.colSpan,
				rowSpan: c.rowSpan,
				prov: prov({ row: r, cell: i }, c.box),
			});
		}
		rows.push({
			cells,
			prov: prov({ row: r }, [grid.box[0], y0, grid.box[2], y1]),
		});
	}
	return { kind: "table", index: 0, rows, prov: prov({}, grid.box) };
}

/** The paragraphs of a cell, typed columns repaired (raw text and repairs kept). */
function cellParagraphs(
	rd: CellRead,
	step: number,
	prov: (box: Box, extra: Partial<Provenance>) => Provenance,
): Paragraph[] {
	if (rd.ink.kind === "empty") return [];
	if (rd.ink.kind === "dash")
		return [
			{
				text: "-",
				prov: prov(
					rd.ink.box,
					rd.dot
						? {
								confidence: 0,
								lowWords: [{ text: "-", confidence: 0, bbox: rd.ink.box }],
							}
						: { confidence: 95 },
				),
			},
		];
	let found: OcrParagraph[] = rd.single
		? rd.single.text
			? [rd.single]
			: []
		: toParagraphs(rd.lines, step, rd.squeezed?.keepWordsBelow);
	// A typed value with a stamp's letter or a pen's hook read beside it ("50%" / "У"): the value,
	// the mark left out as a recorded repair (so the field is flagged).
	const value =
		found[
			valueBesideMarks(
				found.map((p) => p.text),
				rd.type,
			) ?? -1
		];
	if (value) {
		const whole = found.map((p) => p.raw ?? p.text).join(" ");
		found = [
			{
				...value,
				raw: whole,
				repairs: [
					...(value.repairs ?? []),
					{
						from: found.map((p) => p.text).join(" "),
						to: value.text,
						reason:
							"a mark beside the value read as a letter (a stamp's or a pen's); left out",
					},
				],
			},
		];
	}
	// A smoothed page's printed dash, its pieces run together into a blob no reading makes
	// anything of: a dash read with confidence 0, as a dot is (flagged, or for a budget stored as
	// none: pipeline/ocr-flags.ts budgetDash).
	if (found.length === 0 && rd.blob)
		return [
			{
				text: "-",
				prov: prov(rd.ink.box, {
					confidence: 0,
					lowWords: [{ text: "-", confidence: 0, bbox: rd.ink.box }],
				}),
			},
		];
	// Ink in a cell that no reading made anything of — a pen mark or noise over a value, a
	// budget's dash or words broken past reading (a rough fax) — is not an empty cell: "?" with
	// confidence 0 stands for it, so the field is flagged for a person to read from the scan
	// (never an empty value stored as read; a text field is flagged by its doubtful words).
	if (found.length === 0 && rd.type !== "header")
		return [
			{
				text: "?",
				prov: prov(rd.ink.box, {
					confidence: 0,
					ocrRaw: rd.single?.raw ?? rd.single?.text ?? "",
					...(rd.type === "text"
						? { lowWords: [{ text: "?", confidence: 0, bbox: rd.ink.box }] }
						: {}),
				}),
			},
		];
	// A cell read as a mark alone ("-", "/", "'") from ink that is no dash (grid.ts cellInk: larger
	// or in pieces — a pen's tick, a stain, toner specks): the mark is doubtful, as a dot is.
	const mark =
		rd.ink.kind === "ink" &&
		rd.type !== "header" &&
		found.length === 1 &&
		/^[^\p{L}\p{N}?]+$/u.test((found[0] as OcrParagraph).text.trim());
	return found.map((p) => {
		const fixed = repairCell(p.text, rd.type);
		const doubtful = rd.dot || mark;
		const extra: Partial<Provenance> = {
			// A dot left by the repair of broken strokes (a dash? a speck?), a mark read from ink
			// that is no dash: flagged, whatever it was read as.
			confidence: doubtful ? 0 : Math.round(p.confidence * 10) / 10,
		};
		const repairs = [...(p.repairs ?? []), ...fixed.repairs];
		if (p.lowWords) extra.lowWords = p.lowWords;
		if (rd.squeezed) extra.squeeze = rd.squeezed.squeeze;
		if (rd.gray) extra.view = "gray";
		if (doubtful)
			extra.lowWords = [{ text: p.text, confidence: 0, bbox: p.box }];
		if (p.wordBoxes) extra.wordBoxes = p.wordBoxes;
		if (p.marks) extra.marks = p.marks;
		if (p.readings) extra.readings = p.readings;
		if (p.twins) extra.twins = p.twins;
		if (p.agreed !== undefined && p.agreed === fixed.text.replace(/\s+/g, ""))
			extra.agreed = p.agreed;
		if (repairs.length) {
			extra.ocrRaw = p.raw ?? p.text;
			extra.repairs = repairs;
		}
		return { text: fixed.text, prov: prov(p.box, extra) };
	});
}

/** Text outside the tables: one OCR read per block, lines in reading order. */
async function readRegion(
	layout: PageLayout,
	region: TextRegion,
	ocr: OcrEngine,
): Promise<{
	text: string;
	confidence: number;
	raw?: string;
	repairs?: Repair[];
}> {
	const dpi = layout.image.dpi || 300;
	const r = await read(
		ocr,
		layout.image,
		pad(region.box, 4, layout.image),
		"mon+eng",
		6,
		framePad(dpi),
	);
	const fixed = await rereadWords(ocr, layout.image, r.words);
	const lines = wordLines(r.words.map((w) => reread(w, fixed.get(w))));
	const out: {
		text: string;
		confidence: number;
		raw?: string;
		repairs?: Repair[];
	} = {
		text: lines.map((l) => lineText(l)).join("\n"),
		confidence: mean(r.words.map((w) => w.confidence)),
	};
	const repairs = [...fixed].flatMap(([w, to]) =>
		"to" in to ? [{ from: w.text, to: to.to, reason: to.reason }] : [],
	);
	if (repairs.length) {
		out.raw = lines.map((l) => lineText(l, true)).join("\n");
		out.repairs = repairs;
	}
	return out;
}

const pad = (b: Box, m: number, img: GrayImage): Box => [
	Math.max(0, b[0] - m),
	Math.max(0, b[1] - m),
	Math.min(img.width, b[2] + m),
	Math.min(img.height, b[3] + m),
];

/** Read one page image into blocks. */
async function readPage(
	layout: PageLayout,
	number: number,
	options: PagesOptions,
	previousRoles: (Role | undefined)[] | undefined,
	strokeRef: { values: number[] },
	memo: ReadMemo,
	columnsKnown: (roles: (Role | undefined)[] | undefined) => void,
): Promise<
	PageReading & { regions: { region: TextRegion; block: TextBlock }[] }
> {
	const { file, ocr } = options;
	const issues: Issue[] = [];
	if (Math.abs(layout.skew) >= 0.02)
		issues.push({
			severity: "info",
			message: `page ${number} was straightened by ${layout.skew}°`,
			prov: { file, page: number },
		});
	let roles = previousRoles;
	const tablesP = (async () => {
		const out: { grid: TableGrid; reads: Map<GridCell, CellRead> }[] = [];
		if (layout.tables.length === 0) columnsKnown(roles);
		for (const [i, grid] of layout.tables.entries()) {
			const t = await readTable(
				layout,
				grid,
				ocr,
				roles,
				memo,
				(found) => {
					if (
						found &&
						grid.xs.length - 1 === found.length &&
						found.length >= 7
					) {
						// On a smoothed page, a column this header names nothing over keeps the role
						// the page before gave it for the pages after (a rough fax's "Шалгуур үзүүлэлт"
						// misread two pages running: the next page reads that column's text from the
						// gray view, `textColumn`).
						const before =
							roles?.length === found.length &&
							bilevelPages.get(layout)?.smoothed === true
								? roles
								: undefined;
						roles = found.map((r, k) => r ?? before?.[k]);
					}
					// The last table's columns are the next page's (a table without a header goes on).
					if (i === layout.tables.length - 1) columnsKnown(roles);
				},
				options.textReading,
			);
			out.push({ grid, reads: t.reads });
		}
		return out;
	})();
	const regionsP = Promise.all(
		layout.regions.map(async (region) => ({
			region,
			read: await readRegion(layout, region, ocr),
		})),
	);
	const [tables, regions] = await Promise.all([tablesP, regionsP]);
	const step = usualStep(
		tables.flatMap((t) => [...t.reads.values()].map((r) => r.lines)),
	);
	const blocks: { top: number; block: Block }[] = [];
	for (const t of tables) {
		if (![...t.reads.values()].some((r) => r.ink.kind !== "empty")) continue;
		blocks.push({
			top: t.grid.box[1],
			block: toFragment(layout, t.grid, t.reads, step, number, file),
		});
	}
	const regionBlocks: { region: TextRegion; block: TextBlock }[] = [];
	for (const { region, read: r } of regions) {
		if (r.text.trim() === "") continue;
		strokeRef.values.push(region.stroke);
		const block: TextBlock = {
			kind: "text",
			text: r.text,
			strong: false,
			prov: {
				file,
				page: number,
				bbox: toScan(region.box, layout),
				confidence: Math.round(r.confidence * 10) / 10,
				...(r.repairs ? { ocrRaw: r.raw, repairs: r.repairs } : {}),
			},
		};
		regionBlocks.push({ region, block });
		blocks.push({ top: region.box[1], block });
	}
	blocks.sort((a, b) => a.top - b.top);
	return {
		blocks: blocks.map((b) => b.block),
		issues,
		roles,
		regions: regionBlocks,
	};
}

/**
 * Lines of text to test a page's orientation on: the widest lines (1–4 inches, cut to 3) of the
 * text outside the tables and of the largest cells, at most `count`.
 */
function orientationLines(layout: PageLayout, count: number): Box[] {
	const dpi = layout.image.dpi || 300;
	const found: Box[] = layout.regions.flatMap((r) => r.lines.map((l) => l.box));
	const cells = layout.tables
		.flatMap((t) => t.cells)
		.sort(
			(a, b) =>
				(b.box[2] - b.box[0]) * (b.box[3] - b.box[1]) -
				(a.box[2] - a.box[0]) * (a.box[3] - a.box[1]),
		)
		.slice(0, 6);
	for (const c of cells) {
		const inner = innerBox(layout.ink, c.box, dpi);
		found.push(
			...textLines(layout.ink, inner, dpi)
				.slice(0, 3)
				.map((l) => l.box),
		);
	}
	return found
		.filter((b) => {
			const w = b[2] - b[0];
			const h = b[3] - b[1];
			return w >= dpi && w <= 4 * dpi && h >= 0.07 * dpi && h <= 0.3 * dpi;
		})
		.sort((a, b) => b[2] - b[0] - (a[2] - a[0]))
		.slice(0, count)
		.map((b) => [b[0], b[1], Math.min(b[2], b[0] + 3 * dpi), b[3]] as Box);
}

/**
 * Whether the page is upside down, from up to two of its text lines (psm 7): a line read upright
 * with confidence ≥ 80 settles it (one small read per page); otherwise the line is read turned
 * half round too, and the page is turned when the turned readings are clearly the more
 * confident (by 15 points a line).
 */
async function upsideDown(
	layout: PageLayout,
	ocr: OcrEngine,
): Promise<boolean> {
	const lines = orientationLines(layout, 2);
	const pad = Math.round((layout.image.dpi || 300) / 30);
	let upright = 0;
	let turned = 0;
	for (const box of lines) {
		const c = crop(layout.image, box, pad);
		const a = await ocr.recognize({ image: c.img, langs: "mon+eng", psm: 7 });
		const aConf = a.words.length ? a.confidence : 0;
		if (aConf >= 80 && a.words.length >= 2) return false;
		const flipped = { ...c.img, data: c.img.data.slice().reverse() };
		const b = await ocr.recognize({ image: flipped, langs: "mon+eng", psm: 7 });
		upright += aConf;
		turned += b.words.length ? b.confidence : 0;
	}
	return lines.length > 0 && turned > upright + 15 * lines.length;
}

/**
 * Page images → the document model (format "image"). Pages are laid out one after another while
 * the OCR engine reads the previous page's cells.
 * @param pages - the page images, in order
 * @param options - file name and OCR engine
 */
export async function pagesToDocument(
	pages: AsyncIterable<GrayImage> | Iterable<GrayImage>,
	options: PagesOptions & { sha256: string; bytes: number },
): Promise<TailanDocument> {
	const out: {
		number: number;
		reading: Awaited<ReturnType<typeof readPage>>;
	}[] = [];
	const strokes = { values: [] as number[] };
	const pageImages: PageImage[] = [];
	const memo: ReadMemo = {};
	let roles: (Role | undefined)[] | undefined;
	let n = 0;
	// Two pages read at once, and the next laid out meanwhile: a page's cells are read as soon as
	// the previous page's columns are known (its header), so the OCR workers are never left idle
	// waiting for a page's last long cell.
	const readings: Promise<void>[] = [];
	let columnsOfPrevious: Promise<void> = Promise.resolve();
	for await (const page of pages) {
		const number = ++n;
		await readings[readings.length - 2];
		// Prepared and laid out here, while the workers still read the previous pages.
		const prepared = preparePage(page);
		tooCoarse(prepared.image.dpi, number, options.file);
		let layout = analyzePage(prepared.image, {
			...(prepared.threshold !== undefined
				? { threshold: prepared.threshold }
				: {}),
		});
		if (prepared.despeckled)
			bilevelPages.set(layout, bilevelOf(prepared, layout));
		const slot = number - 1;
		const before = columnsOfPrevious;
		let known: () => void = () => {};
		columnsOfPrevious = new Promise<void>((resolve) => {
			known = resolve;
		});
		const reading = (async () => {
			try {
				// The previous page's header is read first: this page showing it in the same cells is
				// upright, and its orientation line is not read.
				await before;
				if (
					!headerSeenUpright(layout, memo) &&
					(await upsideDown(layout, options.ocr))
				) {
					const same = prepared.bilevel === prepared.image;
					prepared.image = quarterTurn(prepared.image, 2);
					if (prepared.bilevel)
						prepared.bilevel = same
							? prepared.image
							: quarterTurn(prepared.bilevel, 2);
					prepared.turns += 2;
					layout = analyzePage(prepared.image);
					if (prepared.despeckled)
						bilevelPages.set(layout, bilevelOf(prepared, layout));
				}
				// The image the review step shows under a flagged value (bboxes are in these
				// pixels: the page upright, a photo's perspective undone).
				pageImages[slot] = pagePreview(prepared.image, number);
				const r = await readPage(
					layout,
					number,
					options,
					roles,
					strokes,
					memo,
					(found) => {
						roles = found ?? roles;
						known();
					},
				);
				r.issues.unshift(...preparedNotes(prepared, number, options.file));

				out.push({ number, reading: r });
				options.onPage?.(out.length);
			} finally {
				known();
			}
		})();
		// Awaited below or by a later page; a failure is not left unhandled meanwhile.
		reading.catch(() => {});
		readings.push(reading);
	}
	await Promise.all(readings);
	out.sort((a, b) => a.number - b.number);
	// Bold text (titles) has clearly thicker strokes than the document's usual text.
	const sorted = [...strokes.values].sort((a, b) => a - b);
	const usual = sorted[Math.floor(sorted.length * 0.5)] ?? 0;
	for (const p of out)
		for (const { region, block } of p.reading.regions)
			block.strong = usual > 0 && region.stroke >= usual * 1.35;
	let k = 0;
	const issues: Issue[] = [];
	for (const p of out) {
		issues.push(...p.reading.issues);
		for (const b of p.reading.blocks)
			if (b.kind === "table") {
				b.index = k++;
				setTable(b);
			}
	}
	return {
		file: options.file,
		format: "image",
		sha256: options.sha256,
		bytes: options.bytes,
		pages: out.map((p) => ({ number: p.number, blocks: p.reading.blocks })),
		pageImages,
		issues,
	};
}

/**
 * The lowest resolution a page is read at (a photo's, as its unwarped A4 page gives it): the
 * reader is made for 200–300 dpi, and the worn-copier rendering of the gold at 150 dpi read
 * 43 of 44 items, 90.9% of values and its text at 17.7% CER, with wrong values not flagged
 * (a value read from a header's words, rows run together). Enlarging the page to 300 dpi
 * first (bilinear) read worse: 40 items, 62.9% of values. 180, not 200: a photo's resolution is
 * an estimate.
 */
export const MIN_DPI = 180;

/** Refuse a page scanned too coarsely to be read without guessing. */
function tooCoarse(dpi: number, page: number, file: string): void {
	if (dpi >= MIN_DPI) return;
	throw new DocumentLoadError(
		file,
		`page ${page} is scanned at ${Math.round(dpi)} dpi, too coarse to read its numbers and text without guessing (the reader needs 200 dpi or more)`,
		"scan the report again at 200–300 dpi (300 dpi gray is best), or photograph each page whole at a higher resolution",
	);
}

/** What preparation did to a page, as notes. */
function preparedNotes(p: Prepared, page: number, file: string): Issue[] {
	const notes: string[] = [];
	if (p.outline)
		notes.push(
			`page ${page} is a photo: the page's outline was found and its perspective undone`,
		);
	if (p.turns % 4 !== 0)
		notes.push(
			`page ${page} was turned ${[0, 90, 180, 270][p.turns % 4]}° clockwise (it was fed or photographed ${p.turns % 4 === 2 ? "upside down" : "sideways"})`,
		);
	if (p.evened) notes.push(`page ${page}: the uneven paper was evened out`);
	if (p.despeckled)
		notes.push(`page ${page}: specks were removed (a bilevel scan)`);
	if (p.smoothed)
		notes.push(
			`page ${page}: its broken strokes were smoothed at twice its resolution (a rough bilevel scan)`,
		);
	return notes.map((message) => ({
		severity: "info" as const,
		message,
		prov: { file, page },
	}));
}

function setTable(t: TableFragment) {
	t.prov.table = t.index;
	for (const r of t.rows) {
		r.prov.table = t.index;
		for (const c of r.cells) {
			c.prov.table = t.index;
			for (const p of c.paragraphs) p.prov.table = t.index;
		}
	}
}
