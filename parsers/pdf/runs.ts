/**
 * Text runs from a page's operator list, in the same pass that finds its ruling lines (pdf.js'
 * getTextContent would read and parse the page a second time). The text state is followed the way
 * pdf.js draws text (font matrix, text and line matrices, character and word spacing, horizontal
 * scaling, rise), and glyphs are joined into runs by pdf.js' own text-content rules, so a run is
 * what getTextContent calls an item: a gap up to 0.102 em joins two glyphs, up to 0.6 em puts a
 * space between them, a wider gap, a step back or a change of line, font or size starts a new run.
 * Each run keeps where every one of its characters starts and ends, for cutting it at a column
 * edge or an area's side.
 */
import { type Matrix, multiply } from "./geometry.ts";

/** What a run needs of its font. */
export interface RunFont {
	/** pdf.js' font id (the operator list's setFont argument). */
	id: string;
	/** PostScript name ("" when unknown). */
	name: string;
	/** Glyph space → text space ([0.001, 0, 0, 0.001, 0, 0] for most fonts). */
	matrix: readonly number[];
	/** Ascent and descent (em), as pdf.js measured them; 0 when unknown. */
	ascent: number;
	descent: number;
	vertical: boolean;
	bold: boolean;
	/** Height of the font's bounding box (em), when known. */
	bboxHeight?: number;
}

/** A run of text on one baseline in one font (pdf.js' text item), in user space. */
export interface TextRun {
	/** Characters in reading order (right-to-left runs: logical order). */
	text: string;
	/** Right-to-left runs: the characters as drawn, left to right. */
	visual?: string;
	rtl?: boolean;
	/** Text space of the run's first glyph → user space, scaled by the font size (pdf.js' item.transform). */
	transform: Matrix;
	/** Length along the baseline (user space units). */
	width: number;
	/**
	 * Left-to-right runs: where each UTF-16 unit of `text` starts, from the run's origin along its
	 * baseline (user space units), and where the last one ends (text.length + 1 values).
	 */
	edges?: number[];
	font: RunFont;
}

/**
 * One glyph as drawn, spaces included, in drawing order: other extractors group glyphs into words
 * and lines by their own rules (see ./glyphs.ts).
 */
export interface DrawnGlyph {
	text: string;
	/** Text space of the glyph → user space, scaled by the font size (as TextRun.transform). */
	transform: Matrix;
	/** Advance along the baseline (user space units), character and word spacing excluded. */
	width: number;
	font: RunFont;
	/** A whitespace glyph (drawn as " "). */
	space: boolean;
}

/** A glyph as pdf.js' operator list gives it (showText arguments). */
interface Glyph {
	unicode: string;
	width: number;
	isSpace?: boolean;
	vmetric?: number[] | null;
}

/** pdf.js' text-content factors (× font size). */
const TRACKING_SPACE = 0.102;
const SPACE_IN_FLOW_MIN = 0.102;
const SPACE_IN_FLOW_MAX = 0.6;
const NEGATIVE_SPACE = -0.2;
const VERTICAL_SHIFT = 0.25;
/** Positions pass through single-precision matrices: a gap of exactly 0.6 em may read 0.6000001. */
const EPSILON = 1e-4;

/** Compatibility characters pdf.js' text layer folds (NFKC): ligatures, presentation forms, odd spaces. */
const NORMALIZE =
	/[\u00a0\u00b5\u037e\u0eb3\u2000-\u200a\u202f\u2126\ufb00-\ufb04\ufb06\ufb20-\ufb36\ufb38-\ufb3c\ufb3e\ufb40-\ufb41\ufb43-\ufb44\ufb46-\ufba1\ufba4-\ufba9\ufbae-\ufbb1\ufbd3-\ufbdc\ufbde-\ufbe7\ufbea-\ufbf8\ufbfc-\ufbfd\ufc00-\ufc5d\ufc64-\ufcf1\ufcf5-\ufd3d\ufd88\ufdf4\ufdfa-\ufdfb\ufe71\ufe77\ufe79\ufe7b\ufe7d]/u;
const normalizeCache = new Map<string, string>();
function normalize(u: string): string {
	if (u.length === 1 && u.charCodeAt(0) < 0xa0) return u;
	let n = normalizeCache.get(u);
	if (n === undefined) {
		n = NORMALIZE.test(u) ? u.normalize("NFKC") : u;
		if (u === "\ufb05") n = "\ufb06".normalize("NFKC");
		normalizeCache.set(u, n);
	}
	return n;
}

/** 0: ordinary, 1: whitespace, 2: zero-width diacritic (Mn), 3: invisible format mark (Cf). */
const categoryCache = new Map<string, number>();
function category(u: string): number {
	let c = categoryCache.get(u);
	if (c === undefined) {
		c = /^\s/u.test(u)
			? 1
			: /^\p{Mn}$/u.test(u)
				? 2
				: /^\p{Cf}$/u.test(u)
					? 3
					: 0;
		categoryCache.set(u, c);
	}
	return c;
}

interface TextState {
	ctm: Matrix;
	font: RunFont | undefined;
	fontSize: number;
	/** -1 for a negative font size (mirrored text). */
	fontDirection: number;
	charSpacing: number;
	wordSpacing: number;
	hScale: number;
	leading: number;
	rise: number;
	tm: Matrix;
	x: number;
	y: number;
	lineX: number;
	lineY: number;
}

const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** The end of the last glyph placed, with the measures of its run (user space). */
interface Prev {
	ex: number;
	ey: number;
	ux: number;
	uy: number;
	em: number;
	height: number;
	rise: number;
	fontSize: number;
}

/** The run being built. */
interface Open {
	font: RunFont;
	fontSize: number;
	/** user space: origin, unit direction along the baseline, font size and height in user units. */
	ox: number;
	oy: number;
	ux: number;
	uy: number;
	em: number;
	height: number;
	transform: Matrix;
	units: string[];
	edges: number[];
}

/**
 * Follows the text operators of an operator list and collects runs. `visible(x, y)` tells whether
 * a glyph origin (user space) is on the page (pdf.js drops text outside the view box).
 */
export class RunBuilder {
	readonly runs: TextRun[] = [];
	private open: Open | undefined;
	/**
	 * Where the last glyph ended and the measures of the run it was in: kept after the run is
	 * closed, as pdf.js keeps comparing with the last glyph across its items.
	 */
	private prev: Prev | undefined;
	/** The last two characters seen, for a real space between two glyphs (pdf.js' twoLastChars). */
	private last = [" ", " "];
	private lastPos = 0;

	/** Every glyph drawn, when asked for (see DrawnGlyph). */
	readonly glyphs: DrawnGlyph[] | undefined;

	constructor(
		private readonly visible: (x: number, y: number, w: number) => boolean,
		keepGlyphs = false,
	) {
		if (keepGlyphs) this.glyphs = [];
	}

	private saveLast(c: string): boolean {
		const next = (this.lastPos + 1) % 2;
		const ret = this.last[this.lastPos] !== " " && this.last[next] === " ";
		this.last[this.lastPos] = c;
		this.lastPos = next;
		return ret;
	}

	private shouldAddWhitespace(): boolean {
		return (
			this.last[this.lastPos] !== " " &&
			this.last[(this.lastPos + 1) % 2] === " "
		);
	}

	private resetLast(): void {
		this.last[0] = this.last[1] = " ";
		this.lastPos = 0;
	}

	/** Close the open run. */
	flush(): void {
		const o = this.open;
		this.open = undefined;
		if (!o || o.units.length === 0) return;
		let units = o.units;
		let edges = o.edges;
		let transform = o.transform;
		// A space carried over from before the run (or left at its end) is no part of it.
		let i = 0;
		let j = units.length;
		while (i < j && units[i] === " ") i++;
		while (j > i && units[j - 1] === " ") j--;
		if (i === j) return;
		if (i > 0 || j < units.length) {
			units = units.slice(i, j);
			edges = edges.slice(i, j + 1);
		}
		const shift = edges[0] as number;
		if (shift !== 0) {
			edges = edges.map((e) => e - shift);
			transform = [
				...transform.slice(0, 4),
				transform[4] + o.ux * shift,
				transform[5] + o.uy * shift,
			] as Matrix;
		}
		const text = units.join("");
		const run: TextRun = {
			text,
			transform,
			width: edges[edges.length - 1] as number,
			edges,
			font: o.font,
		};
		if (hasRtl(text)) {
			const b = bidi(text);
			if (b.rtl || b.text !== text) {
				run.visual = text;
				run.text = b.text;
				delete run.edges;
				if (b.rtl) run.rtl = true;
			}
		}
		this.runs.push(run);
	}

	/** showText with the given state. */
	show(s: TextState, glyphs: readonly (Glyph | number)[]): void {
		const font = s.font;
		if (!font || s.fontSize === 0) return;
		if (font.vertical) {
			this.showVertical(s, glyphs);
			return;
		}
		// A new size, or another font (not the same one under another resource name), starts a run.
		const o0 = this.open;
		if (
			o0 &&
			(o0.fontSize !== s.fontSize ||
				(o0.font.id !== font.id && o0.font.name !== font.name))
		)
			this.flush();
		// Text space → user space; glyphs advance along its x axis.
		const m = multiply(s.ctm, s.tm);
		const hs = s.hScale * s.fontDirection;
		const scale = s.fontSize * (font.matrix[0] as number);
		const mScale = Math.hypot(m[0], m[1]);
		const em = s.fontSize * mScale;
		if (!(em > 0)) return;
		const ux = m[0] / mScale;
		const uy = m[1] / mScale;
		// Position of the pen (text space x) in user space, on the baseline raised by `rise`.
		const by = s.y + s.rise;
		const bx0 = m[2] * by + m[4];
		const by0 = m[3] * by + m[5];
		const height = s.fontSize * Math.hypot(m[2], m[3]);
		let x = 0; // advance within this showText (text space, before horizontal scaling)
		for (const g of glyphs) {
			if (typeof g === "number") {
				x -= (g * s.fontSize) / 1000;
				continue;
			}
			const u = g.unicode ?? "";
			const cat =
				u.length === 1 && u.charCodeAt(0) > 32 && u.charCodeAt(0) < 127
					? 0
					: category(u);
			if (cat === 3) continue;
			const w = g.width * scale;
			const spacing = (g.isSpace ? s.wordSpacing : 0) + s.charSpacing;
			const penX = s.x + x * hs;
			const px = bx0 + m[0] * penX;
			const py = by0 + m[1] * penX;
			if (this.glyphs) {
				// pdf.js' text content drops a glyph whose text only starts with a space (" ."); it
				// is kept here with its text.
				const text = normalize(u);
				this.glyphs.push({
					text: text === "" ? " " : text,
					transform: [
						m[0] * s.fontSize * hs,
						m[1] * s.fontSize * hs,
						m[2] * s.fontSize * Math.sign(hs),
						m[3] * s.fontSize * Math.sign(hs),
						px,
						py,
					],
					width: w * hs * mScale,
					font,
					space: text.trim() === "",
				});
			}
			if (cat === 1) {
				x += w + spacing * s.fontDirection;
				this.saveLast(" ");
				continue;
			}
			const adv = cat === 2 ? 0 : w * hs * mScale; // user units
			if (cat !== 2) {
				if (!this.visible(px, py, adv)) {
					x += w + spacing * s.fontDirection;
					continue;
				}
				this.place(
					font,
					s.fontSize,
					px,
					py,
					ux,
					uy,
					em,
					height,
					m,
					penX,
					by,
					hs,
					s.rise,
				);
			} else if (!this.open) {
				x += w + spacing * s.fontDirection;
				continue;
			}
			const o = this.open as Open;
			const rise = s.rise;
			if (this.saveLast(u)) this.pushUnit(o, " ", px, py, 0);
			const n = normalize(u);
			this.pushUnit(o, n, px, py, adv);
			if (adv !== 0) {
				this.prev = {
					ex: px + ux * adv,
					ey: py + uy * adv,
					ux: o.ux,
					uy: o.uy,
					em: o.em,
					height: o.height,
					rise,
					fontSize: s.fontSize,
				};
			}
			x += w + spacing * s.fontDirection;
		}
		s.x += x * hs;
	}

	/**
	 * Append the UTF-16 units of one glyph at (px, py), `adv` user units wide; a zero-width unit (a
	 * space for a gap, a diacritic) starts where the last one ended. `edges` stays ascending: a unit
	 * that starts before the previous one ends (kerning) is taken to start where that one starts.
	 */
	private pushUnit(o: Open, u: string, px: number, py: number, adv: number) {
		const edges = o.edges;
		const last = edges.length - 1;
		const end = edges[last] as number;
		let start = end;
		if (adv !== 0) {
			const lo = last > 0 ? (edges[last - 1] as number) : 0;
			start = Math.max(lo, (px - o.ox) * o.ux + (py - o.oy) * o.uy);
			edges[last] = start;
		}
		const n = u.length;
		if (n === 1) {
			o.units.push(u);
			edges.push(start + adv);
			return;
		}
		for (let k = 0; k < n; k++) {
			o.units.push(u[k] as string);
			edges.push(start + (adv * (k + 1)) / n);
		}
	}

	/**
	 * Compare the glyph at (px, py) with the end of the last one (pdf.js' compareWithLastPosition):
	 * continue the open run, put a space for a word gap, or close it; then make sure a run is open.
	 */
	private place(
		font: RunFont,
		fontSize: number,
		px: number,
		py: number,
		ux: number,
		uy: number,
		em: number,
		height: number,
		m: Matrix,
		penX: number,
		by: number,
		hs: number,
		rise: number,
	): void {
		const p = this.prev;
		if (p && (px !== p.ex || py !== p.ey)) {
			const dx = px - p.ex;
			const dy = py - p.ey;
			const advance = (dx * p.ux + dy * p.uy) / p.em; // em
			const across = -dx * p.uy + dy * p.ux; // user units
			const riseShift = rise - p.rise;
			const acrossCorrected =
				riseShift === 0 ? across : across - (riseShift * p.height) / fontSize;
			if (advance < NEGATIVE_SPACE || Math.abs(acrossCorrected) > p.height) {
				this.resetLast();
				this.flush();
			} else {
				if (advance <= TRACKING_SPACE) {
					if (this.shouldAddWhitespace()) {
						this.resetLast();
						this.flush();
					}
				} else if (
					advance >= SPACE_IN_FLOW_MIN &&
					advance <= SPACE_IN_FLOW_MAX + EPSILON
				) {
					this.resetLast();
					if (this.open) this.pushUnit(this.open, " ", px, py, 0);
				} else {
					this.resetLast();
					this.flush();
				}
				if (Math.abs(across) > p.height * VERTICAL_SHIFT) this.flush();
			}
		}
		if (this.open) return;
		const fy = fontSize * Math.sign(hs);
		const start: Matrix = [
			m[0] * fontSize * hs,
			m[1] * fontSize * hs,
			m[2] * fy,
			m[3] * fy,
			m[0] * penX + m[2] * by + m[4],
			m[1] * penX + m[3] * by + m[5],
		];
		this.open = {
			font,
			fontSize,
			ox: px,
			oy: py,
			ux,
			uy,
			em,
			height,
			transform: start,
			units: [],
			edges: [0],
		};
	}

	/** Vertical (top-to-bottom) text: each glyph is a run of its own, placed at its origin. */
	private showVertical(s: TextState, glyphs: readonly (Glyph | number)[]) {
		this.flush();
		const font = s.font as RunFont;
		const m = multiply(s.ctm, s.tm);
		const scale = s.fontSize * (font.matrix[0] as number);
		let y = 0;
		for (const g of glyphs) {
			if (typeof g === "number") {
				y += (g * s.fontSize) / 1000;
				continue;
			}
			const adv = g.vmetric ? -(g.vmetric[0] as number) : g.width;
			const ty = s.y - y;
			const u = normalize(g.unicode);
			if (category(g.unicode) === 0) {
				const transform: Matrix = [
					m[0] * s.fontSize,
					m[1] * s.fontSize,
					m[2] * s.fontSize,
					m[3] * s.fontSize,
					m[0] * s.x + m[2] * ty + m[4],
					m[1] * s.x + m[3] * ty + m[5],
				];
				const w = Math.abs(adv * scale) * Math.hypot(m[0], m[1]);
				this.runs.push({
					text: u,
					transform,
					width: w,
					edges: u.length === 1 ? [0, w] : undefined,
					font,
				});
			}
			y += adv * scale + s.charSpacing;
		}
		s.y -= y;
	}
}

/** A fresh text state. */
export function textState(ctm: Matrix): TextState {
	return {
		ctm,
		font: undefined,
		fontSize: 0,
		fontDirection: 1,
		charSpacing: 0,
		wordSpacing: 0,
		hScale: 1,
		leading: 0,
		rise: 0,
		tm: IDENTITY,
		x: 0,
		y: 0,
		lineX: 0,
		lineY: 0,
	};
}

export type { TextState };

export function moveText(s: TextState, x: number, y: number): void {
	s.lineX += x;
	s.lineY += y;
	s.x = s.lineX;
	s.y = s.lineY;
}

export function setTextMatrix(s: TextState, m: Matrix): void {
	s.tm = m;
	s.x = s.lineX = 0;
	s.y = s.lineY = 0;
}

const RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]/u;
const hasRtl = (s: string) => RTL.test(s);

type BidiType = "L" | "R" | "EN" | "AN" | "N";

function bidiType(c: number): BidiType {
	if (c >= 0x30 && c <= 0x39) return "EN";
	if (c >= 0x0590 && c <= 0x05ff) return "R";
	if ((c >= 0x0660 && c <= 0x0669) || (c >= 0x06f0 && c <= 0x06f9)) return "AN";
	if (
		(c >= 0x0600 && c <= 0x08ff) ||
		(c >= 0xfb1d && c <= 0xfdff) ||
		(c >= 0xfe70 && c <= 0xfeff)
	)
		return "R";
	if (
		(c >= 0x41 && c <= 0x5a) ||
		(c >= 0x61 && c <= 0x7a) ||
		(c >= 0xc0 && c !== 0xd7 && c !== 0xf7 && c < 0x2000) ||
		(c >= 0x3040 && c < 0xfb1d)
	)
		return "L";
	return "N";
}

/**
 * A run in drawing order (left to right) → reading order, by the Unicode bidirectional
 * algorithm's resolution of strong types, numbers and neutrals, as pdf.js does for its text
 * items: a run mostly of right-to-left letters (or a short one with any) is a right-to-left
 * paragraph. Also used the other way (its reordering is its own inverse).
 */
export function bidi(text: string): { text: string; rtl: boolean } {
	const chars = [...text];
	const types = chars.map((c) => bidiType(c.codePointAt(0) as number));
	const strongRtl = types.filter((t) => t === "R" || t === "AN").length;
	if (strongRtl === 0) return { text, rtl: false };
	const rtl = !(strongRtl / chars.length < 0.3 && chars.length > 4);
	const base = rtl ? 1 : 0;
	// Levels: left-to-right letters 0 (2 in a right-to-left paragraph), right-to-left letters 1,
	// numbers 2, except a European number after left-to-right text, which is left-to-right.
	const dirs: ("L" | "R" | "N")[] = types.map((t) =>
		t === "L" ? "L" : t === "N" ? "N" : "R",
	);
	const levels = new Array<number>(chars.length).fill(base);
	let lastStrong: "L" | "R" = rtl ? "R" : "L";
	for (let i = 0; i < chars.length; i++) {
		const t = types[i] as BidiType;
		if (t === "L") {
			lastStrong = "L";
			levels[i] = base === 0 ? 0 : 2;
		} else if (t === "R") {
			lastStrong = "R";
			levels[i] = 1;
		} else if (t === "EN") {
			levels[i] = lastStrong === "L" ? (base === 0 ? 0 : 2) : 2;
			dirs[i] = lastStrong === "L" ? "L" : "R";
		} else if (t === "AN") {
			levels[i] = 2;
			dirs[i] = "R";
		}
	}
	// Neutrals: between two of the same direction take it, else the paragraph's.
	for (let i = 0; i < chars.length; ) {
		if (types[i] !== "N") {
			i++;
			continue;
		}
		let j = i;
		while (j < chars.length && types[j] === "N") j++;
		const before = i === 0 ? (rtl ? "R" : "L") : dirs[i - 1];
		const after = j === chars.length ? (rtl ? "R" : "L") : dirs[j];
		const dir = before === after ? before : rtl ? "R" : "L";
		for (let k = i; k < j; k++)
			levels[k] = dir === "R" ? 1 : base === 0 ? 0 : 2;
		i = j;
	}
	// Numbers inside a right-to-left stretch keep their own order (level 2).
	const max = Math.max(...levels);
	for (let level = max; level >= 1; level--)
		for (let i = 0; i < chars.length; ) {
			if ((levels[i] as number) < level) {
				i++;
				continue;
			}
			let j = i;
			while (j < chars.length && (levels[j] as number) >= level) j++;
			reverse(chars, i, j);
			reverse(levels, i, j);
			i = j;
		}
	return { text: chars.join(""), rtl };
}

function reverse<T>(a: T[], i: number, j: number): void {
	for (let p = i, q = j - 1; p < q; p++, q--) {
		const t = a[p] as T;
		a[p] = a[q] as T;
		a[q] = t;
	}
}
