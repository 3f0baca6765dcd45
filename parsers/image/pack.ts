/**
 * Text cells read in one engine call a page: the crops of the text cells a page asks for at
 * once (each already trimmed to its ink and framed in white) are stacked into one image, with
 * white gaps between them and each crop's place recorded, read once, and the words given back to
 * their crops by their boxes. A call's page layout, its start-up and (natively) a process start
 * are paid once a page instead of once a cell, and no ruling or margin between the cells is read.
 *
 * A word whose box reaches into the gap or into another crop's place (the engine joined two
 * crops' lines: a broken pack) is given to no crop: the crops it touches are read again alone,
 * as they were before packing. Requests are packed only when they ask for it (`OcrRequest.pack`),
 * have the same languages, mode and resolution, are not squeezed and have no whitelist; they are
 * gathered for one turn of the event loop (the reader asks for a page's cells together).
 *
 * Not the default (ocr.ts `packText`): measured on the gold (docs/pipeline.md, "Text cells
 * packed"), the packed reads give the same words for no less CPU on either engine — a call's page
 * layout is 7% of it, and one large image costs more layout than the calls it saves — and the
 * words' confidences move with their neighbours, so the flags change.
 */
import type {
	Box,
	GrayImage,
	OcrEngine,
	OcrRequest,
	OcrResult,
	OcrWord,
} from "./types.ts";

/** A packed image's layout: its size and where each crop was put (x0, y0, x1, y1). */
export interface PackLayout {
	width: number;
	height: number;
	places: Box[];
}

/** White between two stacked crops, in pixels: a third of an inch (over a line's height). */
export const packGap = (dpi: number) =>
	Math.max(8, Math.round((dpi || 300) / 3));

/**
 * Crops of these sizes stacked top to bottom, left-aligned, `gap` white pixels above, between
 * and below them.
 */
export function packLayout(
	sizes: readonly { width: number; height: number }[],
	gap: number,
): PackLayout {
	const places: Box[] = [];
	let y = gap;
	let width = 1;
	for (const s of sizes) {
		places.push([gap, y, gap + s.width, y + s.height]);
		y += s.height + gap;
		width = Math.max(width, s.width + 2 * gap);
	}
	return { width, height: Math.max(1, y), places };
}

/**
 * Words read from a packed image → each crop's words (boxes in the crop's own pixels, in the
 * order read), and the crops a word reached out of (`broken`: to be read again alone). A word
 * belongs to the crop whose place holds its box top to bottom (within 2 pixels: the engine's
 * boxes may take in a pixel of the frame).
 */
export function unpackWords(
	words: readonly OcrWord[],
	places: readonly Box[],
): { perCrop: OcrWord[][]; broken: Set<number> } {
	const perCrop: OcrWord[][] = places.map(() => []);
	const broken = new Set<number>();
	const slack = 2;
	for (const w of words) {
		const [x0, y0, x1, y1] = w.bbox;
		const touched: number[] = [];
		for (let i = 0; i < places.length; i++) {
			const p = places[i] as Box;
			if (y1 > p[1] - slack && y0 < p[3] + slack) touched.push(i);
		}
		const i = touched[0];
		const p = i === undefined ? undefined : places[i];
		if (
			touched.length === 1 &&
			p &&
			y0 >= p[1] - slack &&
			y1 <= p[3] + slack &&
			x1 > p[0] - slack &&
			x0 < p[2] + slack
		) {
			const pw = p[2] - p[0];
			const ph = p[3] - p[1];
			const clampX = (v: number) => Math.min(pw, Math.max(0, v - p[0]));
			const clampY = (v: number) => Math.min(ph, Math.max(0, v - p[1]));
			(perCrop[i as number] as OcrWord[]).push({
				...w,
				bbox: [clampX(x0), clampY(y0), clampX(x1), clampY(y1)],
			});
			continue;
		}
		// Across crops, in a gap, or beside every place: the crops it touches, else the nearest.
		if (touched.length > 0) for (const t of touched) broken.add(t);
		else {
			let best = -1;
			let bestD = Number.POSITIVE_INFINITY;
			places.forEach((q, k) => {
				const d = Math.min(Math.abs(y0 - q[3]), Math.abs(q[1] - y1));
				if (d < bestD) {
					bestD = d;
					best = k;
				}
			});
			if (best >= 0) broken.add(best);
		}
	}
	return { perCrop, broken };
}

/** A crop's words → an OcrResult (a new line where a word starts left of the one before). */
export function resultOfWords(words: OcrWord[]): OcrResult {
	const lines: string[][] = [];
	let last: OcrWord | undefined;
	for (const w of words) {
		const line = lines[lines.length - 1];
		if (!line || !last || w.bbox[0] < last.bbox[0]) lines.push([w.text]);
		else line.push(w.text);
		last = w;
	}
	return {
		text: lines.map((l) => l.join(" ")).join("\n"),
		confidence:
			words.length === 0
				? 100
				: words.reduce((s, w) => s + w.confidence, 0) / words.length,
		words,
	};
}

/** The region a request reads (its rect, else the whole image). */
const regionOf = (r: OcrRequest): Box =>
	r.rect ?? [0, 0, r.image.width, r.image.height];

/** Requests' regions stacked into one white image, as `layout` places them. */
export function packImage(
	requests: readonly OcrRequest[],
	layout: PackLayout,
	dpi: number,
): GrayImage {
	const data = new Uint8Array(layout.width * layout.height).fill(255);
	requests.forEach((r, i) => {
		const [rx0, ry0, rx1, ry1] = regionOf(r);
		const [px, py] = layout.places[i] as Box;
		const W = r.image.width;
		for (let y = ry0; y < ry1; y++)
			data.set(
				r.image.data.subarray(y * W + rx0, y * W + rx1),
				(py + y - ry0) * layout.width + px,
			);
	});
	return { width: layout.width, height: layout.height, data, dpi };
}

/** May this request be read in a pack? */
const packable = (r: OcrRequest) =>
	r.pack === true &&
	(r.psm === 6 || r.psm === 4) &&
	r.whitelist === undefined &&
	(r.squeeze ?? 1) === 1;

export interface PackingOptions {
	/** Most pixels of one packed image (default 12 megapixels); more crops make more packs. */
	maxPixels?: number;
	/** Most rows of one packed image (default 16 000). */
	maxHeight?: number;
	/** Most crops in one packed image (default: no limit but the sizes). */
	maxCrops?: number;
	/**
	 * Packs to deal one turn's requests into (default 1): the engine's parallel readers, so that
	 * none waits while another reads a page's whole text.
	 */
	parts?: number;
	/** Called with each pack read: how many crops, how many read again alone. */
	onPack?: (crops: number, reread: number) => void;
}

/**
 * Requests (in the order asked: largest first) dealt into at most `parts` packs, each to the one
 * with the fewest pixels so far, and further cut where a pack would pass the size limits.
 */
export function splitPacks<T extends { request: OcrRequest }>(
	group: readonly T[],
	parts: number,
	maxPixels: number,
	maxHeight: number,
	maxCrops = Number.POSITIVE_INFINITY,
): T[][] {
	if (group.length === 0) return [];
	const gap = packGap(group[0]?.request.image.dpi ?? 300);
	const size = (w: T) => {
		const [x0, y0, x1, y1] = regionOf(w.request);
		return { h: y1 - y0 + gap, px: (x1 - x0 + 2 * gap) * (y1 - y0 + gap) };
	};
	const n = Math.max(1, Math.min(parts, group.length));
	const bins = Array.from({ length: n }, () => ({ items: [] as T[], px: 0 }));
	for (const w of group) {
		const bin = bins.reduce((a, b) => (b.px < a.px ? b : a));
		bin.items.push(w);
		bin.px += size(w).px;
	}
	const out: T[][] = [];
	for (const bin of bins) {
		let pack: T[] = [];
		let px = 0;
		let h = 0;
		for (const w of bin.items) {
			const s = size(w);
			if (
				pack.length > 0 &&
				(px + s.px > maxPixels ||
					h + s.h > maxHeight ||
					pack.length >= maxCrops)
			) {
				out.push(pack);
				pack = [];
				px = 0;
				h = 0;
			}
			pack.push(w);
			px += s.px;
			h += s.h;
		}
		if (pack.length > 0) out.push(pack);
	}
	return out;
}

interface Waiting {
	request: OcrRequest;
	resolve: (r: OcrResult) => void;
	reject: (e: unknown) => void;
}

/**
 * `engine` with its packable requests (`OcrRequest.pack`) read in packs: those asked for in one
 * turn of the event loop with the same languages, mode and resolution. Others go straight to it.
 */
export function packingEngine(
	engine: OcrEngine,
	options: PackingOptions = {},
): OcrEngine {
	const maxPixels = options.maxPixels ?? 12_000_000;
	const maxHeight = options.maxHeight ?? 16_000;
	const parts = options.parts ?? 1;
	const maxCrops = options.maxCrops ?? Number.POSITIVE_INFINITY;
	let waiting: Waiting[] = [];
	let scheduled = false;

	const alone = (w: Waiting) => {
		const { pack: _, ...request } = w.request;
		engine.recognize(request).then(w.resolve, w.reject);
	};

	const readPack = async (group: Waiting[]) => {
		const first = group[0] as Waiting;
		const dpi = first.request.image.dpi;
		const gap = packGap(dpi);
		const regions = group.map((w) => regionOf(w.request));
		const layout = packLayout(
			regions.map(([x0, y0, x1, y1]) => ({ width: x1 - x0, height: y1 - y0 })),
			gap,
		);
		let result: OcrResult;
		try {
			result = await engine.recognize({
				image: packImage(
					group.map((w) => w.request),
					layout,
					dpi,
				),
				langs: first.request.langs,
				psm: first.request.psm,
			});
		} catch {
			// A pack that fails is read crop by crop (a crop that fails alone fails its request).
			for (const w of group) alone(w);
			return;
		}
		const { perCrop, broken } = unpackWords(result.words, layout.places);
		options.onPack?.(group.length, broken.size);
		group.forEach((w, i) => {
			if (broken.has(i)) {
				alone(w);
				return;
			}
			const [rx0, ry0] = regions[i] as Box;
			const words = (perCrop[i] as OcrWord[]).map((word) => ({
				...word,
				bbox: [
					word.bbox[0] + rx0,
					word.bbox[1] + ry0,
					word.bbox[2] + rx0,
					word.bbox[3] + ry0,
				] as Box,
			}));
			w.resolve(resultOfWords(words));
		});
	};

	const flush = () => {
		scheduled = false;
		const all = waiting;
		waiting = [];
		const groups = new Map<string, Waiting[]>();
		for (const w of all) {
			const r = w.request;
			const key = `${r.langs}|${r.psm}|${r.image.dpi}`;
			const g = groups.get(key);
			if (g) g.push(w);
			else groups.set(key, [w]);
		}
		for (const group of groups.values())
			for (const p of splitPacks(group, parts, maxPixels, maxHeight, maxCrops))
				if (p.length === 1) alone(p[0] as Waiting);
				else void readPack(p);
	};

	return {
		recognize(request) {
			if (!packable(request)) return engine.recognize(request);
			return new Promise<OcrResult>((resolve, reject) => {
				waiting.push({ request, resolve, reject });
				if (!scheduled) {
					scheduled = true;
					setImmediate(flush);
				}
			});
		},
		close: () => engine.close(),
	};
}
