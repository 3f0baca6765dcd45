/**
 * The evidence beside a field in the item view (issue 16, point 2): the page as the clerk knows
 * it with the value's box drawn on it.
 *
 * - Scans and text PDFs: the stored page image (a scan's reduced JPEG; a text PDF's page drawn by
 *   pdf.js at import, parsers/image/pdf-render.ts) in an SVG, with the value's box — and, for an
 *   OCR flag, the exact words it is about — drawn over it, coloured by confidence. Zoomable with
 *   buttons and keys (+, −, 0): the script changes the SVG's viewBox, nothing else.
 * - Markdown: the source text with the span marked (as before).
 * - Word: the table row of the item as the document has it, the flagged cell marked (a .docx
 *   keeps no source text, but every cell's text is in the provenance).
 *
 * Every value is escaped (Hono's html``) or a number; no inline style or script: the CSS and the
 * script are constants sent under the page's nonce (review/pages.ts).
 */
import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import { type Lang, t } from "../messages/index.ts";
import { LOOKALIKES } from "../normalizers/text.ts";
import type { SourcePiece, StoredFlag } from "../store/index.ts";

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** [x0, y0, x1, y1] in page units (scan pixels or PDF points, origin top left). */
export type Box = [number, number, number, number];

/** The size of a page in its provenance's units (store/images.ts pageImageSizes). */
export interface PageSize {
	sourceWidth: number;
	sourceHeight: number;
}

/** One exact word a flag is about, where it sits on the page and how sure the reading was. */
export interface WordBox {
	text: string;
	bbox: Box;
	confidence?: number;
}

/** Where a flag's (or a piece's) evidence is in the document. */
export interface EvidenceTarget {
	page: number;
	/** The value's box (a cell paragraph, a text block); absent for Markdown and Word. */
	box?: Box;
	/** OCR confidence of the value's text (0..100); absent for text layers. */
	confidence?: number;
	/** The exact words concerned (OCR flags), each with its box. */
	words: WordBox[];
	/** Markdown: the span in the source text. */
	start?: number;
	end?: number;
	table?: number;
	row?: number;
	cell?: number;
	/** The value's text as read. */
	text: string;
	/** Tokens of the text the flag names ("еoffice…"), marked inside it. */
	tokens: string[];
}

const isBox = (value: unknown): value is Box =>
	Array.isArray(value) &&
	value.length === 4 &&
	value.every((v) => typeof v === "number" && Number.isFinite(v));

/** A flag's word boxes (evidence.boxes, written by pipeline/ocr-flags.ts), checked. */
export function wordBoxes(evidence: Record<string, unknown>): WordBox[] {
	const boxes = evidence.boxes;
	if (!Array.isArray(boxes)) return [];
	const out: WordBox[] = [];
	for (const b of boxes) {
		if (typeof b !== "object" || b === null) continue;
		const { text, bbox, confidence } = b as Record<string, unknown>;
		if (typeof text !== "string" || !isBox(bbox)) continue;
		out.push({
			text,
			bbox,
			...(typeof confidence === "number" ? { confidence } : {}),
		});
	}
	return out;
}

/** The tokens a flag's evidence names (mixed-script "tokens", OCR "words"). */
function tokensOf(evidence: Record<string, unknown>): string[] {
	const list = evidence.tokens ?? evidence.words;
	return Array.isArray(list)
		? list.filter((w): w is string => typeof w === "string" && w !== "")
		: [];
}

/** The provenance field a flag's field is kept under ("budget.amountMnt" → "budget"). */
function provField(field: string | null): string | undefined {
	if (field === null) return undefined;
	return field.split(".")[0];
}

const samePlace = (a: Partial<SourcePiece>, b: Partial<SourcePiece>) =>
	a.page === b.page &&
	a.table === b.table &&
	a.row === b.row &&
	a.cell === b.cell &&
	(a.start === undefined || b.start === undefined || a.start === b.start);

/**
 * Where a flag points: its own provenance when it has one, else the piece of its field that holds
 * the token it names (a mixed-script flag carries none), else the field's first piece.
 * @param flag the flag (field, prov, evidence)
 * @param pieces the measure's source pieces (all fields)
 */
export function flagTarget(
	flag: Pick<StoredFlag, "field" | "prov" | "evidence">,
	pieces: readonly SourcePiece[],
): EvidenceTarget | undefined {
	const tokens = tokensOf(flag.evidence);
	const field = provField(flag.field);
	const mine = pieces.filter((p) => p.field === field);
	const prov = flag.prov ?? undefined;
	const piece = prov
		? (mine.find((p) => samePlace(p, prov)) ??
			pieces.find((p) => samePlace(p, prov)))
		: (mine.find((p) => tokens.some((w) => p.text.includes(w))) ?? mine[0]);
	const at = prov ?? piece;
	if (!at) return undefined;
	const text =
		piece?.text ??
		(typeof flag.evidence.text === "string" ? flag.evidence.text : "");
	const box = at.bbox ?? piece?.bbox;
	const confidence = at.confidence ?? piece?.confidence;
	const start = at.start ?? piece?.start;
	const end = at.end ?? piece?.end;
	return {
		page: at.page,
		...(box ? { box } : {}),
		...(confidence === undefined ? {} : { confidence }),
		words: wordBoxes(flag.evidence),
		...(start === undefined || end === undefined ? {} : { start, end }),
		...(at.table === undefined ? {} : { table: at.table }),
		...(at.row === undefined ? {} : { row: at.row }),
		...(at.cell === undefined ? {} : { cell: at.cell }),
		text,
		tokens: tokens.filter((w) => text.includes(w)),
	};
}

/** A piece's own target (the field's source, when no flag asks about it). */
export function pieceTarget(piece: SourcePiece): EvidenceTarget {
	return flagTarget({ field: piece.field, prov: piece, evidence: {} }, [
		piece,
	]) as EvidenceTarget;
}

/** Zoom levels: 1 is the whole page. */
export const MIN_ZOOM = 1;
export const MAX_ZOOM = 8;
/** The most a page opens zoomed in on a box (enough of the page around it to know where it is). */
export const FOCUS_ZOOM = 4;

/**
 * The zoom that shows a box with some of the page around it (a margin of 3% of the page's width
 * on every side), between MIN_ZOOM and MAX_ZOOM.
 */
export function focusZoom(size: PageSize, box: Box): number {
	const margin = 0.03 * size.sourceWidth;
	const w = Math.max(1, box[2] - box[0]) + 2 * margin;
	const h = Math.max(1, box[3] - box[1]) + 2 * margin;
	const z = Math.min(size.sourceWidth / w, size.sourceHeight / h);
	return Math.min(FOCUS_ZOOM, Math.max(MIN_ZOOM, Math.floor(z * 4) / 4));
}

/**
 * The viewBox [x, y, width, height] showing the page at `zoom`, centred on the box where the
 * page allows: always the page's shape, always inside the page.
 */
export function focusView(
	size: PageSize,
	box: Box,
	zoom: number,
): [number, number, number, number] {
	const W = size.sourceWidth;
	const H = size.sourceHeight;
	const z = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom));
	const w = W / z;
	const h = H / z;
	const cx = (box[0] + box[2]) / 2;
	const cy = (box[1] + box[3]) / 2;
	const x = Math.min(W - w, Math.max(0, cx - w / 2));
	const y = Math.min(H - h, Math.max(0, cy - h / 2));
	const r = (v: number) => Math.round(v * 100) / 100;
	return [r(x), r(y), r(w), r(h)];
}

/** The colour class of a confidence: text layers are exact; OCR is high, medium or low. */
export function confidenceClass(
	confidence: number | undefined,
): "c-exact" | "c-high" | "c-mid" | "c-low" {
	if (confidence === undefined) return "c-exact";
	if (confidence >= 90) return "c-high";
	if (confidence >= 70) return "c-mid";
	return "c-low";
}

function legend(lang: Lang): Html {
	return html`<span class="ev-legend">${t(lang, "evidence.legend")} <span class="sw c-exact"></span>${t(lang, "evidence.confExact")} <span class="sw c-high"></span>${t(lang, "evidence.confHigh")} <span class="sw c-mid"></span>${t(lang, "evidence.confMid")} <span class="sw c-low"></span>${t(lang, "evidence.confLow")}</span>`;
}

/** The page image with the value's box and its words drawn on it, zoomable. */
export function pageView(
	lang: Lang,
	reportId: number,
	size: PageSize,
	target: EvidenceTarget & { box: Box },
): Html {
	const { box, page } = target;
	const zoom = focusZoom(size, box);
	const view = focusView(size, box, zoom);
	const r = (v: number) => Math.round(v * 100) / 100;
	const rect = (b: Box, cls: string, title: string) =>
		html`<rect class="${cls}" x="${r(b[0])}" y="${r(b[1])}" width="${r(Math.max(1, b[2] - b[0]))}" height="${r(Math.max(1, b[3] - b[1]))}" vector-effect="non-scaling-stroke"><title>${title}</title></rect>`;
	const words = target.words.map((w) =>
		rect(
			w.bbox,
			`ev-word ${confidenceClass(w.confidence)}`,
			t(lang, "evidence.word", {
				word: w.text,
				confidence: w.confidence === undefined ? "—" : Math.round(w.confidence),
			}),
		),
	);
	return html`<figure class="ev-page" data-w="${size.sourceWidth}" data-h="${size.sourceHeight}" data-focus="${box.join(" ")}" data-zoom="${zoom}">
<div class="ev-tools"><button type="button" class="ev-zoom" data-zoom="in" title="${t(lang, "evidence.zoomIn")}">+</button><button type="button" class="ev-zoom" data-zoom="out" title="${t(lang, "evidence.zoomOut")}">−</button><button type="button" class="ev-zoom" data-zoom="page" title="${t(lang, "evidence.wholePage")}">⤢</button> <span class="ev-where">${t(lang, "evidence.page", { page })}</span></div>
<svg class="ev-svg" translate="no" role="img" aria-label="${t(lang, "evidence.pageImage", { page })}" viewBox="${view.join(" ")}" preserveAspectRatio="xMidYMid meet"><image href="/reports/${reportId}/pages/${page}" x="0" y="0" width="${size.sourceWidth}" height="${size.sourceHeight}"/>${rect(
		box,
		`ev-box ${confidenceClass(target.confidence)}`,
		target.text,
	)}${words}</svg>
<figcaption>${legend(lang)}</figcaption>
</figure>`;
}

/** Text with the tokens marked (every occurrence), escaped. */
function marked(text: string, tokens: readonly string[]): Html {
	const found = tokens.filter((w) => w !== "" && text.includes(w));
	if (found.length === 0) return html`${text}`;
	const pattern = new RegExp(
		found.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"),
		"gu",
	);
	const parts: Html[] = [];
	let last = 0;
	for (const m of text.matchAll(pattern)) {
		const at = m.index ?? 0;
		parts.push(html`${text.slice(last, at)}<mark class="tok">${m[0]}</mark>`);
		last = at + m[0].length;
	}
	parts.push(html`${text.slice(last)}`);
	return html`${parts}`;
}

/** A Word table row as the document has it (from the provenance), the flagged cell marked. */
export function rowView(
	lang: Lang,
	pieces: readonly SourcePiece[],
	target: EvidenceTarget,
): Html | undefined {
	if (target.row === undefined || target.cell === undefined) return undefined;
	const cells = new Map<number, string[]>();
	for (const p of pieces) {
		if (
			p.page !== target.page ||
			p.table !== target.table ||
			p.row !== target.row ||
			p.cell === undefined
		)
			continue;
		const texts = cells.get(p.cell) ?? [];
		if (!texts.includes(p.text)) texts.push(p.text);
		cells.set(p.cell, texts);
	}
	if (!cells.has(target.cell)) return undefined;
	const order = [...cells.keys()].sort((a, b) => a - b);
	const clip = (s: string) => (s.length > 160 ? `${s.slice(0, 159)}…` : s);
	return html`<figure class="ev-row"><figcaption>${t(lang, "evidence.row", { page: target.page })}</figcaption><table translate="no"><tr>${order.map(
		(c) => {
			const text = (cells.get(c) ?? []).join("\n");
			return c === target.cell
				? html`<td class="hit"><mark>${marked(text, target.tokens)}</mark></td>`
				: html`<td>${clip(text)}</td>`;
		},
	)}</tr></table></figure>`;
}

/** The Markdown source around the span, the span marked (as the review app always did). */
export function spanView(
	lang: Lang,
	source: string,
	target: EvidenceTarget & { start: number; end: number },
): Html {
	const { start, end } = target;
	const from = Math.max(0, start - 240);
	const to = Math.min(source.length, end + 240);
	return html`<pre class="src" translate="no" title="${t(lang, "evidence.source", { page: target.page })}">${from > 0 ? "…" : ""}${source.slice(from, start)}<mark>${marked(source.slice(start, end), target.tokens)}</mark>${source.slice(end, to)}${to < source.length ? "…" : ""}</pre>`;
}

/** What the item view needs to show evidence. */
export interface EvidenceSource {
	reportId: number;
	/** Markdown: the source text. */
	source: string | undefined;
	/** Scans and PDFs: the page images' sizes. */
	pages: ReadonlyMap<number, PageSize>;
	/** All source pieces of the measure. */
	pieces: readonly SourcePiece[];
}

/**
 * The evidence for a target, the best the document allows: the page image with the box (scans,
 * PDFs), the marked source text (Markdown), the marked table row (Word), or the page number and
 * the text read when nothing else was kept.
 */
export function evidenceView(
	lang: Lang,
	ev: EvidenceSource,
	target: EvidenceTarget,
): Html {
	const size = ev.pages.get(target.page);
	if (size && target.box)
		return pageView(lang, ev.reportId, size, { ...target, box: target.box });
	if (
		ev.source !== undefined &&
		target.start !== undefined &&
		target.end !== undefined
	)
		return spanView(lang, ev.source, {
			...target,
			start: target.start,
			end: target.end,
		});
	const row = rowView(lang, ev.pieces, target);
	if (row) return row;
	return html`<span class="src-text">${target.text ? html`${t(lang, "evidence.page", { page: target.page })}: <span translate="no">${marked(target.text, target.tokens)}</span>` : t(lang, "evidence.none", { page: target.page })}</span>`;
}

/** Letters of a text that are Latin inside a word holding Cyrillic, with their Cyrillic twin. */
export function lookalikeLetters(
	text: string,
): { index: number; latin: string; cyrillic: string }[] {
	const out: { index: number; latin: string; cyrillic: string }[] = [];
	for (const m of text.matchAll(/\p{L}+/gu)) {
		const word = m[0];
		if (!/\p{Script=Cyrillic}/u.test(word) || !/[A-Za-z]/.test(word)) continue;
		for (let i = 0; i < word.length; i++) {
			const ch = word[i] as string;
			const lower = ch.toLowerCase();
			const twin = LOOKALIKES[lower];
			if (twin === undefined) continue;
			out.push({
				index: (m.index ?? 0) + i,
				latin: ch,
				cyrillic: ch === lower ? twin : twin.toUpperCase(),
			});
		}
	}
	return out;
}

/**
 * The words of a field's value that hold Latin look-alike letters, those letters marked, and the
 * one-key fix (l): every look-alike replaced by its Cyrillic twin in the field's editor.
 */
export function lookalikeNote(
	lang: Lang,
	field: string,
	value: string,
): Html | "" {
	const letters = lookalikeLetters(value);
	if (letters.length === 0) return "";
	const at = new Set(letters.map((l) => l.index));
	const words: Html[] = [];
	for (const m of value.matchAll(/\S+/gu)) {
		const start = m.index ?? 0;
		const word = m[0];
		let has = false;
		const parts: Html[] = [];
		for (let i = 0; i < word.length; i++) {
			if (at.has(start + i)) {
				has = true;
				parts.push(html`<mark class="latin">${word[i]}</mark>`);
			} else parts.push(html`${word[i]}`);
		}
		if (has)
			words.push(html`<span class="la-word" translate="no">${parts}</span> `);
	}
	return html`<p class="lookalikes" data-field="${field}" data-reason="${t(lang, "evidence.fixReason")}">${t(lang, "evidence.lookalikes")} ${words}<button type="button" class="fix-lookalikes" data-field="${field}">${t(lang, "evidence.fixLookalikes")}</button></p>`;
}

export const EVIDENCE_STYLE = `
figure.ev-page { margin: .3em 0; border: 1px solid #ccc; background: #fff; }
.ev-tools { display: flex; gap: .2em; align-items: center; padding: .15em .3em; background: #f1f3f5; font-size: 12px; }
.ev-tools button { padding: 0 .5em; } .ev-where { color: #555; }
svg.ev-svg { display: block; width: 100%; height: auto; background: #fff; }
svg.ev-svg rect { fill: none; stroke-width: 2; }
svg.ev-svg rect.ev-word { stroke-width: 3; }
rect.c-exact { stroke: #2a5db0; } rect.c-high { stroke: #1b7f3b; } rect.c-mid { stroke: #d08a00; } rect.c-low { stroke: #d0021b; }
figure.ev-page figcaption { font-size: 11px; color: #444; padding: .1em .3em; }
.sw { display: inline-block; width: .9em; height: .9em; border: 2px solid; vertical-align: middle; margin: 0 .15em 0 .4em; }
.sw.c-exact { border-color: #2a5db0; } .sw.c-high { border-color: #1b7f3b; } .sw.c-mid { border-color: #d08a00; } .sw.c-low { border-color: #d0021b; }
figure.ev-row { margin: .3em 0; } figure.ev-row figcaption { font-size: 11px; color: #555; }
figure.ev-row table { font-size: 12px; } figure.ev-row td { min-width: 3.5em; border: 1px solid #ddd; white-space: pre-wrap; overflow-wrap: anywhere; max-width: 18em; }
figure.ev-row td.hit { background: #fff8d0; }
mark.tok { background: #ff9f80; outline: 1px solid #c0392b; }
p.lookalikes { font-size: 12px; margin: .2em 0; } mark.latin { background: #ffb3b3; outline: 1px solid #d0021b; font-weight: 700; }
`;

/** Zoom (+, −, 0 and the buttons) and the look-alike fix (l and the button). */
export const EVIDENCE_SCRIPT = `(() => {
"use strict";
const TWINS = ${JSON.stringify(LOOKALIKES)};
function fold(s) {
	return s.replace(/\\p{L}+/gu, (word) => {
		if (!/\\p{Script=Cyrillic}/u.test(word) || !/[A-Za-z]/.test(word)) return word;
		return word.replace(/[A-Za-z]/g, (ch) => { const l = ch.toLowerCase(); const t = TWINS[l]; return t === undefined ? ch : ch === l ? t : t.toUpperCase(); });
	});
}
function setZoom(fig, zoom) {
	const W = Number(fig.dataset.w), H = Number(fig.dataset.h);
	const z = Math.min(${MAX_ZOOM}, Math.max(${MIN_ZOOM}, zoom));
	const b = fig.dataset.focus.split(" ").map(Number);
	const w = W / z, h = H / z;
	const x = Math.min(W - w, Math.max(0, (b[0] + b[2]) / 2 - w / 2));
	const y = Math.min(H - h, Math.max(0, (b[1] + b[3]) / 2 - h / 2));
	fig.dataset.zoom = String(z);
	fig.querySelector("svg").setAttribute("viewBox", [x, y, w, h].map((v) => Math.round(v * 100) / 100).join(" "));
}
function zoom(fig, how) {
	if (!fig) return false;
	const z = Number(fig.dataset.zoom) || 1;
	setZoom(fig, how === "in" ? z * 1.5 : how === "out" ? z / 1.5 : 1);
	return true;
}
/** The selected flag's field, else the first field with a page view or a look-alike note. */
function selectedField() {
	const sel = document.querySelector("li.flag.sel");
	return sel ? sel.dataset.edit : "";
}
function figureFor() {
	const f = selectedField();
	const row = f && Array.from(document.querySelectorAll("tr.field")).find((r) => r.dataset.field === f);
	return (row && row.querySelector("figure.ev-page")) || document.querySelector("figure.ev-page");
}
function fixLookalikes(field) {
	const note = Array.from(document.querySelectorAll("p.lookalikes")).find((p) => !field || p.dataset.field === field) || document.querySelector("p.lookalikes");
	if (!note) return false;
	const form = Array.from(document.querySelectorAll("form.edit")).find((f) => f.dataset.field === note.dataset.field);
	if (!form) return false;
	form.hidden = false;
	const input = form.querySelector("[name=value]");
	input.value = fold(input.value);
	const reason = form.querySelector("[name=reason]");
	if (reason && !reason.value) reason.value = note.dataset.reason || "";
	form.closest("tr").scrollIntoView({ block: "center" });
	input.focus();
	return true;
}
document.addEventListener("click", (ev) => {
	const b = ev.target.closest("button.ev-zoom");
	if (b) { ev.preventDefault(); zoom(b.closest("figure.ev-page"), b.dataset.zoom); return; }
	const fix = ev.target.closest("button.fix-lookalikes");
	if (fix) { ev.preventDefault(); fixLookalikes(fix.dataset.field); }
});
document.addEventListener("keydown", (ev) => {
	if (document.body.dataset.page !== "item") return;
	const t = ev.target;
	if (t.closest && t.closest("input, textarea, select")) return;
	if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
	let done = false;
	if (ev.key === "+" || ev.key === "=") done = zoom(figureFor(), "in");
	else if (ev.key === "-") done = zoom(figureFor(), "out");
	else if (ev.key === "0") done = zoom(figureFor(), "page");
	else if (ev.key === "l") done = fixLookalikes(selectedField());
	if (done) ev.preventDefault();
});
})();`;
