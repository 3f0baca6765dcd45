/**
 * Text lines from single glyphs by pdfminer's layout rules, the way camelot (and other
 * pdfminer-based extractors) read a page: consecutive glyphs in drawing order form a line while
 * they overlap vertically by half a glyph and stand closer than `charMargin` glyph widths; a
 * glyph lying under the last one (and not beside it) starts a vertical line; a word space goes
 * where a gap exceeds `wordMargin` × the glyph's size. Spaces drawn as glyphs belong to the line.
 */
import type { Glyph } from "./geometry.ts";

export interface GlyphLine {
	/** Box in page space (top-left origin): x0 ≤ x1, top ≤ bottom. */
	x0: number;
	x1: number;
	top: number;
	bottom: number;
	/** Glyphs and inserted word spaces, as pdfminer's get_text() without its final newline. */
	text: string;
	glyphs: Glyph[];
	vertical: boolean;
}

export interface GlyphLineOptions {
	/** Glyphs closer than this × the wider one's width are on one line (pdfminer char_margin). */
	charMargin?: number;
	/** Minimum vertical overlap (× the lower glyph height) of two glyphs on one line. */
	lineOverlap?: number;
	/** A gap wider than this × the glyph's size is a word space (pdfminer word_margin). */
	wordMargin?: number;
	/** Glyphs stacked one under the other form vertical lines (pdfminer detect_vertical). */
	detectVertical?: boolean;
}

interface Box {
	g: Glyph;
	x0: number;
	x1: number;
	top: number;
	bottom: number;
}

const boxOf = (g: Glyph): Box => {
	const bottom = g.baseline + g.descent * g.fontSize;
	return { g, x0: g.x0, x1: g.x1, top: bottom - g.fontSize, bottom };
};

const width = (b: Box) => b.x1 - b.x0;
const height = (b: Box) => b.bottom - b.top;
const voverlap = (a: Box, b: Box) =>
	b.top <= a.bottom && a.top <= b.bottom
		? Math.min(a.bottom - b.top, b.bottom - a.top)
		: 0;
const hoverlap = (a: Box, b: Box) =>
	b.x0 <= a.x1 && a.x0 <= b.x1 ? Math.min(a.x1 - b.x0, b.x1 - a.x0) : 0;
const isVoverlap = (a: Box, b: Box) => b.top <= a.bottom && a.top <= b.bottom;
const isHoverlap = (a: Box, b: Box) => b.x0 <= a.x1 && a.x0 <= b.x1;
const hdistance = (a: Box, b: Box) =>
	isHoverlap(a, b) ? 0 : Math.min(Math.abs(a.x0 - b.x1), Math.abs(a.x1 - b.x0));
const vdistance = (a: Box, b: Box) =>
	isVoverlap(a, b)
		? 0
		: Math.min(Math.abs(a.top - b.bottom), Math.abs(a.bottom - b.top));

/** Group glyphs (in drawing order) into pdfminer's horizontal and vertical text lines. */
export function glyphLines(
	glyphs: readonly Glyph[],
	options: GlyphLineOptions = {},
): GlyphLine[] {
	const charMargin = options.charMargin ?? 1.0;
	const lineOverlap = options.lineOverlap ?? 0.5;
	const wordMargin = options.wordMargin ?? 0.1;
	const detectVertical = options.detectVertical ?? true;
	const out: GlyphLine[] = [];
	let line: { boxes: Box[]; vertical: boolean } | undefined;
	let prev: Box | undefined;
	const emit = (l: { boxes: Box[]; vertical: boolean }) => {
		const made = makeLine(l.boxes, l.vertical, wordMargin);
		if (made.text.trim() !== "") out.push(made);
	};
	for (const g of glyphs) {
		const b = boxOf(g);
		if (prev) {
			const halign =
				isVoverlap(prev, b) &&
				Math.min(height(prev), height(b)) * lineOverlap < voverlap(prev, b) &&
				hdistance(prev, b) < Math.max(width(prev), width(b)) * charMargin;
			const valign =
				detectVertical &&
				isHoverlap(prev, b) &&
				Math.min(width(prev), width(b)) * lineOverlap < hoverlap(prev, b) &&
				vdistance(prev, b) < Math.max(height(prev), height(b)) * charMargin;
			if ((halign && line && !line.vertical) || (valign && line?.vertical))
				line.boxes.push(b);
			else if (line) {
				emit(line);
				line = undefined;
			} else if (valign && !halign) line = { boxes: [prev, b], vertical: true };
			else if (halign && !valign) line = { boxes: [prev, b], vertical: false };
			else emit({ boxes: [prev], vertical: false });
		}
		prev = b;
	}
	if (!line && prev) line = { boxes: [prev], vertical: false };
	if (line) emit(line);
	return out;
}

function makeLine(
	boxes: readonly Box[],
	vertical: boolean,
	wordMargin: number,
): GlyphLine {
	let text = "";
	let x0 = Number.POSITIVE_INFINITY;
	let x1 = Number.NEGATIVE_INFINITY;
	let top = Number.POSITIVE_INFINITY;
	let bottom = Number.NEGATIVE_INFINITY;
	let last: Box | undefined;
	for (const b of boxes) {
		const margin = wordMargin * Math.max(width(b), height(b));
		if (last) {
			const gap = vertical ? b.top - last.bottom : b.x0 - last.x1;
			if (gap > margin) text += " ";
		}
		text += b.g.text;
		last = b;
		x0 = Math.min(x0, b.x0);
		x1 = Math.max(x1, b.x1);
		top = Math.min(top, b.top);
		bottom = Math.max(bottom, b.bottom);
	}
	return {
		x0,
		x1,
		top,
		bottom,
		text,
		glyphs: boxes.map((b) => b.g),
		vertical,
	};
}
