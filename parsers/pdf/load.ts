/**
 * pdf.js in Node: open a PDF from bytes (nothing from the network: fonts, cmaps and wasm come from
 * the installed pdfjs-dist as plain paths) and read each page's text items and ruling lines, both
 * from one walk of the page's operator list (./runs.ts follows the text state).
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { inflateSync, constants as zlibConstants } from "node:zlib";
import type { PDFDocumentProxy, PDFPageProxy } from "pdfjs-dist";
import { DocumentLoadError } from "../../pipeline/document.ts";
import {
	apply,
	type Glyph,
	IDENTITY,
	type Matrix,
	multiply,
	type PageContent,
	type Segment,
	type TextItem,
} from "./geometry.ts";
import {
	moveText,
	RunBuilder,
	type RunFont,
	setTextMatrix,
	type TextState,
	textState,
} from "./runs.ts";

type PdfJs = typeof import("pdfjs-dist/legacy/build/pdf.mjs");

/** Largest PDF accepted, in bytes and in pages. */
export const MAX_PDF_BYTES = 200 * 1024 * 1024;
export const MAX_PDF_PAGES = 2000;

/**
 * The legacy build's core-js polyfills replace a few built-ins that Node 20 already has
 * (Array.prototype.push, JSON.parse, JSON.stringify) with slower script versions, for the whole
 * process: a third of a page's parse went to the polyfilled push. pdf.js needs none of the
 * corner cases they fix, so the native ones are put back once pdf.js (and its worker, which runs
 * in this thread in Node) is loaded.
 */
const NATIVE = {
	push: Array.prototype.push,
	parse: JSON.parse,
	stringify: JSON.stringify,
};
const isNative = (f: unknown) =>
	typeof f === "function" &&
	Function.prototype.toString.call(f).includes("[native code]");
function restoreNatives(): void {
	if (isNative(NATIVE.push) && Array.prototype.push !== NATIVE.push)
		Object.defineProperty(Array.prototype, "push", {
			value: NATIVE.push,
			writable: true,
			configurable: true,
			enumerable: false,
		});
	if (isNative(NATIVE.parse) && JSON.parse !== NATIVE.parse)
		JSON.parse = NATIVE.parse;
	if (isNative(NATIVE.stringify) && JSON.stringify !== NATIVE.stringify)
		JSON.stringify = NATIVE.stringify;
}

/**
 * The URL pdf.js' modules are imported from, past tsx's loader. tsx (bin/tailan.js, the batch's
 * worker threads) rewrites every ES module holding a dynamic import() and keeps the rewritten
 * code and its source map: for pdf.js' 2.5 MB that cost each thread that read a PDF 220 MiB of
 * memory (opening the gold PDF: 310 MiB RSS, 160 without). A URL whose tsx-namespace is not the
 * registered one is handed to Node's own loader untouched (tsx's load hook); without tsx, Node
 * ignores the query. Nothing else depends on it: the modules are the same either way.
 */
const untransformed = (specifier: string) =>
	`${pathToFileURL(createRequire(import.meta.url).resolve(specifier)).href}?tsx-namespace=none`;

let pdfjs: Promise<PdfJs> | undefined;
const loadPdfJs = (): Promise<PdfJs> => {
	pdfjs ??= (async () => {
		const lib = (await import(
			/* @vite-ignore */ untransformed("pdfjs-dist/legacy/build/pdf.mjs")
		)) as PdfJs;
		// The worker's module, loaded now rather than on the first document (pdf.js uses a
		// module it finds here instead of importing its own worker file).
		const g = globalThis as { pdfjsWorker?: unknown };
		g.pdfjsWorker ??= await import(
			/* @vite-ignore */ untransformed("pdfjs-dist/legacy/build/pdf.worker.mjs")
		);
		restoreNatives();
		return lib;
	})();
	return pdfjs;
};

/** The installed pdfjs-dist folder, with a trailing slash on each resource folder. */
const pkg = dirname(
	createRequire(import.meta.url).resolve("pdfjs-dist/package.json"),
);
const folder = (name: string) => `${join(pkg, name)}/`;

/** Largest image inside a PDF that pdf.js decodes (pixels): the scan parser's page limit. */
export const MAX_PDF_IMAGE_PIXELS = 40_000_000;
/**
 * Most bytes one compressed stream other than an image may inflate to. A page's content stream
 * is a few KiB to a few MiB; pdf.js keeps a stream's whole decoded data in memory (and doubles
 * its buffer as it grows), so a 1.3 GB stream cost 3.7 GB of memory before this check.
 */
export const MAX_PDF_STREAM_BYTES = 64 * 1024 * 1024;

/**
 * Refuse a PDF holding a FlateDecode stream (not an image: pdf.js reads an image only up to its
 * stated size, which maxImageSize bounds) that inflates past MAX_PDF_STREAM_BYTES. Each stream is
 * inflated here under that limit (zlib stops at it) and the output discarded; a filter chain of
 * several FlateDecode is followed layer by layer. Streams that do not inflate are left to pdf.js.
 */
export function checkPdfStreams(
	file: string,
	bytes: Uint8Array,
	limit: number = MAX_PDF_STREAM_BYTES,
): void {
	const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	let at = 0;
	for (;;) {
		const keyword = buf.indexOf("stream", at, "latin1");
		if (keyword < 0) return;
		at = keyword + 6;
		// "endstream" also contains "stream"; a stream's data starts after an end of line.
		if (
			buf.subarray(Math.max(0, keyword - 3), keyword).toString("latin1") ===
			"end"
		)
			continue;
		let start = at;
		if (buf[start] === 0x0d) start++;
		if (buf[start] !== 0x0a && buf[start - 1] !== 0x0d) continue;
		if (buf[start] === 0x0a) start++;
		const end = buf.indexOf("endstream", start, "latin1");
		if (end < 0) return;
		// The stream's dictionary: between the object's "obj" and the keyword.
		const head = buf
			.subarray(Math.max(0, keyword - 4096), keyword)
			.toString("latin1");
		const dict = head.slice(head.lastIndexOf("obj") + 3);
		const layers = dict.match(/\/FlateDecode\b|\/Fl\b/g)?.length ?? 0;
		at = end + 9;
		if (layers === 0 || /\/Subtype\s*\/Image\b/.test(dict)) continue;
		let data: Buffer = buf.subarray(start, end);
		for (let layer = 0; layer < layers; layer++) {
			try {
				data = inflateSync(data, {
					maxOutputLength: limit,
					finishFlush: zlibConstants.Z_SYNC_FLUSH,
				});
			} catch (e) {
				if ((e as { code?: string }).code === "ERR_BUFFER_TOO_LARGE")
					throw new DocumentLoadError(
						file,
						`the PDF holds a compressed stream that inflates to more than ${limit / 1024 / 1024} MiB (a decompression bomb, or a damaged file)`,
						"export or print the report to PDF again",
					);
				break; // not zlib data, or damaged: pdf.js will say
			}
		}
	}
}

/** An open PDF; call close() when done. */
export interface OpenPdf {
	numPages: number;
	/** The pdf.js document itself (parsers/image/pdf-render.ts renders its pages). */
	document: PDFDocumentProxy;
	page(n: number): Promise<PageContent>;
	close(): Promise<void>;
}

/**
 * Open a PDF. Throws DocumentLoadError for a file that is too large, encrypted, damaged or
 * truncated, or that has more than MAX_PDF_PAGES pages.
 */
export async function openPdf(
	bytes: Uint8Array,
	file: string,
	options: {
		password?: string;
		/** Also give every glyph of each page (PageContent.glyphs). */
		glyphs?: boolean;
	} = {},
): Promise<OpenPdf> {
	if (bytes.length > MAX_PDF_BYTES)
		throw new DocumentLoadError(
			file,
			`the PDF is larger than ${MAX_PDF_BYTES / 1024 / 1024} MiB`,
			"split the report into smaller files",
		);
	// pdf.js repairs a file cut short and reads what is left; a report missing its end must not be
	// stored as if it were whole.
	const tail = Buffer.from(
		bytes.subarray(Math.max(0, bytes.length - 2048)),
	).toString("latin1");
	if (!tail.includes("%%EOF"))
		throw new DocumentLoadError(
			file,
			"the PDF is truncated (it has no %%EOF end marker): the download or copy was cut short",
			"get the complete file again",
		);
	checkPdfStreams(file, bytes);
	const lib = await loadPdfJs();
	// pdf.js takes ownership of (and detaches) the buffer it is given: pass a copy.
	const task = lib.getDocument({
		data: new Uint8Array(bytes),
		isEvalSupported: false,
		disableFontFace: true,
		useSystemFonts: false,
		useWorkerFetch: false,
		standardFontDataUrl: folder("standard_fonts"),
		cMapUrl: folder("cmaps"),
		cMapPacked: true,
		wasmUrl: folder("wasm"),
		iccUrl: folder("iccs"),
		verbosity: lib.VerbosityLevel.ERRORS,
		// An image larger than a scanned page may be is not decoded (pdf.js skips it).
		maxImageSize: MAX_PDF_IMAGE_PIXELS,
		...(options.password === undefined ? {} : { password: options.password }),
	});
	let doc: PDFDocumentProxy;
	try {
		doc = await task.promise;
	} catch (e) {
		await task.destroy().catch(() => {});
		throw loadError(file, e);
	}
	if (doc.numPages > MAX_PDF_PAGES) {
		await task.destroy();
		throw new DocumentLoadError(
			file,
			`the PDF has ${doc.numPages} pages (more than ${MAX_PDF_PAGES})`,
			"split the report into smaller files",
		);
	}
	return {
		numPages: doc.numPages,
		document: doc,
		page: async (n) => {
			try {
				const page = await doc.getPage(n);
				try {
					return await readPage(lib, page, n, options.glyphs === true);
				} finally {
					page.cleanup();
				}
			} catch (e) {
				throw loadError(file, e, n);
			}
		},
		close: () => task.destroy(),
	};
}

/** A pdf.js failure as a DocumentLoadError with the reason and the fix. */
function loadError(file: string, e: unknown, page?: number): Error {
	if (e instanceof DocumentLoadError) return e;
	const name = (e as { name?: string })?.name ?? "";
	if (name === "PasswordException")
		return new DocumentLoadError(
			file,
			"the PDF is encrypted with a password",
			"save an unprotected copy (e.g. qpdf --decrypt --password=… in.pdf out.pdf) and import that",
		);
	const where = page === undefined ? "" : ` (page ${page})`;
	if (
		name === "InvalidPDFException" ||
		name === "FormatError" ||
		name === "UnknownErrorException" ||
		name === "MissingPDFException" ||
		name === "UnexpectedResponseException" ||
		name === "ResponseException"
	)
		return new DocumentLoadError(
			file,
			`the PDF is damaged and cannot be read${where}`,
			"export or download the PDF again",
		);
	// pdf.js's own words name its internals, not the file's problem: not given.
	return new DocumentLoadError(
		file,
		e instanceof RangeError
			? `the PDF is too large to read in memory${where}`
			: `the PDF cannot be read${where}: its content is damaged or of a kind tailan does not know`,
		"export or download the PDF again",
	);
}

/** An operator's arguments (their types depend on the operator). */
type OpArgs = unknown[];
const num = (v: unknown): number => (typeof v === "number" ? v : 0);

/** A bold font, by its PostScript name. */
const BOLD = /bold|black|heavy|semibold|demi/i;

/** The fonts a page's operator list uses, resolved (pdf.js sends them ahead of the operators). */
async function pageFonts(
	page: PDFPageProxy,
	ops: PdfJs["OPS"],
	fns: ArrayLike<number>,
	args: unknown[],
): Promise<Map<string, RunFont>> {
	const ids = new Set<string>();
	for (let i = 0; i < fns.length; i++) {
		const fn = fns[i];
		if (fn === ops.setFont) ids.add((args[i] as [string])[0]);
		else if (fn === ops.setGState)
			for (const [key, value] of (args[i] as [[string, unknown][]])[0] ?? [])
				if (key === "Font") ids.add((value as [string])[0]);
	}
	const fonts = new Map<string, RunFont>();
	await Promise.all(
		[...ids].map(async (id) => {
			let font: FontObject | undefined;
			try {
				font = page.commonObjs.has(id)
					? (page.commonObjs.get(id) as FontObject)
					: await new Promise<FontObject>((resolve) =>
							page.commonObjs.get(id, resolve),
						);
			} catch {
				// not resolved: the defaults below
			}
			const name = typeof font?.name === "string" ? font.name : "";
			const matrix = font?.fontMatrix ?? [0.001, 0, 0, 0.001, 0, 0];
			const bbox = font?.bbox;
			const bboxHeight =
				bbox && bbox.length === 4
					? Math.abs(
							((bbox[3] as number) - (bbox[1] as number)) *
								(matrix[3] as number),
						)
					: undefined;
			fonts.set(id, {
				...(bboxHeight ? { bboxHeight } : {}),
				id,
				name,
				matrix,
				ascent: typeof font?.ascent === "number" ? font.ascent : 0,
				descent: typeof font?.descent === "number" ? font.descent : 0,
				vertical: font?.vertical === true,
				bold: BOLD.test(name),
			});
		}),
	);
	return fonts;
}

/** What is read of a pdf.js font object. */
interface FontObject {
	name?: string;
	bbox?: number[];
	fontMatrix?: number[];
	ascent?: number;
	descent?: number;
	vertical?: boolean;
}

const isFill = (ops: PdfJs["OPS"], fn: number) =>
	fn === ops.fill ||
	fn === ops.eoFill ||
	fn === ops.fillStroke ||
	fn === ops.eoFillStroke ||
	fn === ops.closeFillStroke ||
	fn === ops.closeEOFillStroke;
const isStroke = (ops: PdfJs["OPS"], fn: number) =>
	fn === ops.stroke ||
	fn === ops.closeStroke ||
	fn === ops.fillStroke ||
	fn === ops.eoFillStroke ||
	fn === ops.closeFillStroke ||
	fn === ops.closeEOFillStroke;

/** Thicker than this (points), a filled rectangle is a shaded area, not a line. */
const MAX_LINE_WIDTH = 3;

async function readPage(
	lib: PdfJs,
	page: PDFPageProxy,
	number: number,
	keepGlyphs: boolean,
): Promise<PageContent> {
	const viewport = page.getViewport({ scale: 1 });
	const vt = viewport.transform as Matrix;
	const ops = lib.OPS;
	// One pass over the page: its operator list gives the ruling lines and the text (the text
	// content would parse the page again). Annotations draw no table.
	const opList = await page.getOperatorList({
		annotationMode: lib.AnnotationMode.DISABLE,
	});
	const fns = opList.fnArray;
	const args = opList.argsArray;
	const fonts = await pageFonts(page, ops, fns, args);
	const [vx0, vy0, vx1, vy1] = page.view as [number, number, number, number];
	const runs = new RunBuilder(
		(x, y, w) => !(x + w < vx0 || x > vx1 || y < vy0 || y > vy1),
		keepGlyphs,
	);

	// ── ruling lines: walk the operator list with the graphics state (CTM and line width)
	const horizontals: Segment[] = [];
	const verticals: Segment[] = [];
	const pageArea = viewport.width * viewport.height;
	// Paths are placed in page space (the viewport's transform applied); text in user space.
	let ctm: Matrix = vt;
	const stack: { ctm: Matrix; text: TextState }[] = [];
	let ts = textState(IDENTITY);
	let fills = 0;
	const addLine = (
		ax: number,
		ay: number,
		bx: number,
		by: number,
		shade = false,
		thickness = 0,
	) => {
		const mark = (s: Segment): Segment => {
			if (shade) {
				s.shade = true;
				s.fill = fills;
			}
			if (thickness > 0) s.thickness = thickness;
			return s;
		};
		if (Math.abs(ay - by) <= 0.5) {
			const y = (ay + by) / 2;
			if (Math.abs(bx - ax) > 1)
				horizontals.push(
					mark({ x0: Math.min(ax, bx), y0: y, x1: Math.max(ax, bx), y1: y }),
				);
		} else if (Math.abs(ax - bx) <= 0.5) {
			const x = (ax + bx) / 2;
			if (Math.abs(by - ay) > 1)
				verticals.push(
					mark({ x0: x, y0: Math.min(ay, by), x1: x, y1: Math.max(ay, by) }),
				);
		}
	};
	const addRect = (x0: number, y0: number, x1: number, y1: number) => {
		const w = x1 - x0;
		const h = y1 - y0;
		if (w * h > pageArea * 0.9) return; // a page background
		if (h <= MAX_LINE_WIDTH && w > h)
			addLine(x0, (y0 + y1) / 2, x1, (y0 + y1) / 2, false, h);
		else if (w <= MAX_LINE_WIDTH && h > w)
			addLine((x0 + x1) / 2, y0, (x0 + x1) / 2, y1, false, w);
		else {
			// A shaded area: its edges are marked as such (./lattice.ts fillsAsBackground decides
			// which of them are a table's borders), the four with the area's number.
			fills++;
			addLine(x0, y0, x1, y0, true);
			addLine(x0, y1, x1, y1, true);
			addLine(x0, y0, x0, y1, true);
			addLine(x1, y0, x1, y1, true);
		}
	};
	for (let i = 0; i < fns.length; i++) {
		const fn = fns[i];
		const a = args[i] as OpArgs;
		if (fn === ops.showText)
			runs.show(ts, a[0] as Parameters<RunBuilder["show"]>[1]);
		else if (fn === ops.save) {
			stack.push({ ctm, text: ts });
			ts = { ...ts };
		} else if (fn === ops.restore) {
			const top = stack.pop();
			if (top) {
				ctm = top.ctm;
				ts = top.text;
			}
		} else if (fn === ops.transform) {
			ctm = multiply(ctm, a as unknown as Matrix);
			ts.ctm = multiply(ts.ctm, a as unknown as Matrix);
		} else if (
			fn === ops.beginMarkedContent ||
			fn === ops.beginMarkedContentProps ||
			fn === ops.endMarkedContent
		)
			// pdf.js' text content ends an item at marked content (and at a form, below).
			runs.flush();
		else if (fn === ops.paintFormXObjectBegin) {
			runs.flush();
			stack.push({ ctm, text: ts });
			ts = { ...ts };
			if (Array.isArray(a?.[0]) || ArrayBuffer.isView(a?.[0])) {
				const fm = Array.from(a[0] as ArrayLike<number>) as Matrix;
				ctm = multiply(ctm, fm);
				ts.ctm = multiply(ts.ctm, fm);
			}
		} else if (fn === ops.paintFormXObjectEnd) {
			runs.flush();
			const top = stack.pop();
			if (top) {
				ctm = top.ctm;
				ts = top.text;
			}
		} else if (fn === ops.beginText) setTextMatrix(ts, IDENTITY);
		else if (fn === ops.setFont) {
			ts.font = fonts.get(a[0] as string);
			const size = a[1] as number;
			ts.fontDirection = size < 0 ? -1 : 1;
			ts.fontSize = Math.abs(size);
		} else if (fn === ops.setTextMatrix)
			setTextMatrix(ts, Array.from(a[0] as ArrayLike<number>) as Matrix);
		else if (fn === ops.moveText) moveText(ts, num(a[0]), num(a[1]));
		else if (fn === ops.setLeadingMoveText) {
			ts.leading = num(a[1]);
			moveText(ts, num(a[0]), num(a[1]));
		} else if (fn === ops.nextLine) moveText(ts, 0, ts.leading);
		else if (fn === ops.setCharSpacing) ts.charSpacing = num(a[0]);
		else if (fn === ops.setWordSpacing) ts.wordSpacing = num(a[0]);
		else if (fn === ops.setHScale) ts.hScale = num(a[0]) / 100;
		else if (fn === ops.setLeading) ts.leading = -num(a[0]);
		else if (fn === ops.setTextRise) ts.rise = num(a[0]);
		else if (fn === ops.setGState) {
			for (const [key, value] of (a[0] ?? []) as [string, [string, number]][])
				if (key === "Font") {
					runs.flush();
					ts.font = fonts.get(value[0]);
					ts.fontDirection = value[1] < 0 ? -1 : 1;
					ts.fontSize = Math.abs(value[1]);
				}
		} else if (fn === ops.constructPath) {
			const paint = a[0] as number;
			const buffer = (a[1] as (Float32Array | null)[])[0];
			if (!buffer) continue;
			const fill = isFill(ops, paint);
			const stroke = isStroke(ops, paint);
			if (!fill && !stroke) continue;
			for (const pts of pathPoints(buffer)) {
				const page = pts.map(([x, y]) => apply(ctm, x, y));
				const rect = fill ? axisRect(page) : undefined;
				if (rect) addRect(...rect);
				if (stroke)
					for (let k = 1; k < page.length; k++) {
						const p = page[k - 1] as [number, number];
						const q = page[k] as [number, number];
						addLine(p[0], p[1], q[0], q[1]);
					}
			}
		}
	}

	runs.flush();

	// ── text items. A page whose text mostly runs downwards, upwards or upside down (a table
	// printed turned on the page) is turned so that this text reads left to right: its items and
	// rulings are then given in that upright frame, and the page's width and height swap.
	const weight = [0, 0, 0, 0];
	for (const run of runs.runs) {
		const q = quarterTurn(multiply(vt, run.transform));
		if (q >= 0) weight[q] = (weight[q] as number) + run.text.length;
	}
	let turn = 0;
	for (let q = 1; q < 4; q++)
		if ((weight[q] as number) > (weight[turn] as number)) turn = q;
	const W = viewport.width;
	const H = viewport.height;
	const R: Matrix | undefined =
		turn === 1
			? [0, -1, 1, 0, 0, W]
			: turn === 2
				? [-1, 0, 0, -1, W, H]
				: turn === 3
					? [0, 1, -1, 0, H, 0]
					: undefined;
	const m = R ? multiply(R, vt) : vt;
	const scale = Math.hypot(m[0], m[1]);
	const items: TextItem[] = [];
	for (const run of runs.runs) {
		const tm = multiply(m, run.transform);
		// Upright text only (a rotated run has no left-to-right extent to place in a column).
		if (Math.abs(tm[1]) > 0.01 || Math.abs(tm[2]) > 0.01 || tm[0] <= 0)
			continue;
		const fontSize = Math.abs(tm[3]);
		if (fontSize <= 0) continue;
		const f = run.font;
		const ascent = f.ascent > 0 ? Math.min(f.ascent, 1) : 0.8;
		const descent = f.descent < 0 ? Math.min(-f.descent, 0.5) : 0.2;
		const [x, baseline] = [tm[4], tm[5]];
		const item: TextItem = {
			text: run.text,
			x0: x,
			x1: x + run.width * scale,
			y0: baseline - ascent * fontSize,
			y1: baseline + descent * fontSize,
			baseline,
			fontSize,
			bold: f.bold,
		};
		if (run.edges) item.edges = run.edges.map((e) => x + e * scale);
		if (run.rtl) item.rtl = true;
		if (run.visual !== undefined) item.visual = run.visual;
		items.push(item);
	}
	let glyphs: Glyph[] | undefined;
	if (runs.glyphs) {
		glyphs = [];
		// A font's space width (em): its first " " glyph's, else its glyphs' average width.
		const spaces = new Map<RunFont, number>();
		const widths = new Map<RunFont, [number, number]>();
		for (const g of runs.glyphs) {
			const em = Math.hypot(g.transform[0], g.transform[1]);
			if (!(em > 0)) continue;
			if (g.text === " " && !spaces.has(g.font))
				spaces.set(g.font, g.width / em);
			else if (!g.space) {
				const w = widths.get(g.font) ?? [0, 0];
				widths.set(g.font, [w[0] + g.width / em, w[1] + 1]);
			}
		}
		for (const [f, [sum, n]] of widths)
			if (!spaces.has(f) && n > 0) spaces.set(f, sum / n);
		for (const g of runs.glyphs) {
			const tm = multiply(m, g.transform);
			if (Math.abs(tm[1]) > 0.01 || Math.abs(tm[2]) > 0.01 || tm[0] <= 0)
				continue;
			const fontSize = Math.abs(tm[3]);
			if (fontSize <= 0) continue;
			const f = g.font;
			glyphs.push({
				text: g.text,
				x0: tm[4],
				x1: tm[4] + g.width * scale,
				baseline: tm[5],
				fontSize,
				ascent: f.ascent > 0 ? Math.min(f.ascent, 1) : 0.8,
				descent: f.descent < 0 ? Math.min(-f.descent, 0.5) : 0.2,
				space: g.space,
				...(f.bboxHeight ? { boxHeight: f.bboxHeight } : {}),
				spaceWidth: (spaces.get(f) ?? 0.28) * fontSize,
			});
		}
	}
	if (R) {
		const hs = horizontals.splice(0);
		const vs = verticals.splice(0);
		for (const s of [...hs, ...vs]) {
			const [ax, ay] = apply(R, s.x0, s.y0);
			const [bx, by] = apply(R, s.x1, s.y1);
			const t: Segment = {
				x0: Math.min(ax, bx),
				y0: Math.min(ay, by),
				x1: Math.max(ax, bx),
				y1: Math.max(ay, by),
			};
			if (s.shade) t.shade = true;
			if (s.fill !== undefined) t.fill = s.fill;
			if (s.thickness) t.thickness = s.thickness;
			(t.y0 === t.y1 || t.y1 - t.y0 < t.x1 - t.x0
				? horizontals
				: verticals
			).push(t);
		}
	}
	const turned = turn % 2 === 1;
	return {
		number,
		width: turned ? H : W,
		height: turned ? W : H,
		items,
		horizontals,
		verticals,
		...(glyphs ? { glyphs } : {}),
	};
}

/**
 * Which way a text matrix (in page space, y down) runs: 0 left to right, 1 downwards, 2 right
 * to left (upside down), 3 upwards; -1 when skewed or at another angle.
 */
function quarterTurn(tm: Matrix): number {
	const [a, b] = tm;
	const len = Math.hypot(a, b);
	if (len === 0) return -1;
	if (Math.abs(b) <= 0.01 * len) return a > 0 ? 0 : 2;
	if (Math.abs(a) <= 0.01 * len) return b > 0 ? 1 : 3;
	return -1;
}

/** The points of each subpath of a pdf.js path buffer (curves reduced to their end points). */
function pathPoints(buffer: Float32Array): [number, number][][] {
	const out: [number, number][][] = [];
	let cur: [number, number][] = [];
	for (let k = 0; k < buffer.length; ) {
		const op = buffer[k++];
		if (op === 0) {
			if (cur.length > 1) out.push(cur);
			cur = [[buffer[k] as number, buffer[k + 1] as number]];
			k += 2;
		} else if (op === 1) {
			cur.push([buffer[k] as number, buffer[k + 1] as number]);
			k += 2;
		} else if (op === 2) {
			// a curve is no ruling: break the subpath here
			if (cur.length > 1) out.push(cur);
			cur = [[buffer[k + 4] as number, buffer[k + 5] as number]];
			k += 6;
		} else if (op === 3) {
			if (cur.length > 1) out.push(cur);
			cur = [[buffer[k + 2] as number, buffer[k + 3] as number]];
			k += 4;
		} else if (op === 4) {
			const first = cur[0];
			if (first) cur.push([first[0], first[1]]);
			if (cur.length > 1) out.push(cur);
			cur = first ? [[first[0], first[1]]] : [];
		} else break;
	}
	if (cur.length > 1) out.push(cur);
	return out;
}

/** The box of a closed axis-aligned rectangle (4 corners, maybe repeated), else undefined. */
function axisRect(
	pts: [number, number][],
): [number, number, number, number] | undefined {
	if (pts.length < 4 || pts.length > 5) return undefined;
	const first = pts[0] as [number, number];
	const last = pts[pts.length - 1] as [number, number];
	if (
		pts.length === 5 &&
		(Math.abs(first[0] - last[0]) > 0.5 || Math.abs(first[1] - last[1]) > 0.5)
	)
		return undefined;
	for (let k = 1; k < pts.length; k++) {
		const p = pts[k - 1] as [number, number];
		const q = pts[k] as [number, number];
		if (Math.abs(p[0] - q[0]) > 0.5 && Math.abs(p[1] - q[1]) > 0.5)
			return undefined;
	}
	const xs = pts.map((p) => p[0]);
	const ys = pts.map((p) => p[1]);
	return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}
