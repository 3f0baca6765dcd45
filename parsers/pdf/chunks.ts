/**
 * Tables without rulings the way tabula-java's stream ("basic") mode cuts them, for measuring
 * against its test suite (tables.ts, conventions "tabula"):
 *
 * - The glyphs lying wholly inside the area become word chunks (./crossings.ts mergeWords).
 * - Chunks form lines while each overlaps the line so far vertically by a tenth of the lower
 *   one's height; a line of one repeated character almost as wide as the text is dropped.
 * - Columns: every chunk's extent, merged with the extents it overlaps, line after line; the
 *   right end of each merged extent is a column boundary (or the given positions).
 * - A chunk goes to the first column whose boundary lies right of its left end; the chunks of
 *   one cell are joined as they are (a space only where one was drawn).
 *
 * Coordinates are page space (top-left origin, y down).
 */
import {
	type Chunk,
	element,
	isControl,
	mergeWords,
	readingOrder,
	tabulaBox,
} from "./crossings.ts";
import type { Box, Glyph } from "./geometry.ts";

/** The glyphs of an area as tabula-java reads it: wholly inside, no control characters. */
export function glyphsIn(
	glyphs: readonly Glyph[],
	area: Box | undefined,
): Glyph[] {
	return glyphs.filter((g) => {
		if (isControl(g.text)) return false;
		if (!area) return true;
		const b = tabulaBox(g);
		return (
			b[0] >= area[0] && b[2] <= area[2] && b[1] >= area[1] && b[3] <= area[3]
		);
	});
}

interface Line {
	chunks: Chunk[];
	left: number;
	top: number;
	right: number;
	bottom: number;
}

/** How much of the lower of two boxes' heights they share (0 when apart). */
function overlapRatio(a: Line, b: Chunk): number {
	const delta = Math.min(a.bottom - a.top, b.bottom - b.top);
	if (!(delta > 0)) return 0;
	const shared = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
	return shared > 0 ? shared / delta : 0;
}

const isBlank = (c: Chunk) => c.text.trim() === "";

/** A table from the glyphs of an area (see the module comment); rows of cell texts. */
export function chunkTable(
	glyphs: readonly Glyph[],
	columns?: readonly number[],
): string[][] {
	const elements = glyphs.map(element).sort(readingOrder);
	if (elements.length === 0) return [];
	const chunks = mergeWords(elements);
	const width =
		Math.max(...chunks.map((c) => c.right)) -
		Math.min(...chunks.map((c) => c.left));
	const lines: Line[] = [];
	const sameChar = (l: Line) => {
		const text = l.chunks.map((c) => c.text.trim()).join("");
		return (
			l.chunks.length > 1 &&
			text.length > 0 &&
			[...text].every((ch) => ch === text[0])
		);
	};
	for (const c of chunks) {
		const last = lines[lines.length - 1];
		if (last && overlapRatio(last, c) >= 0.1) {
			last.chunks.push(c);
			last.left = Math.min(last.left, c.left);
			last.top = Math.min(last.top, c.top);
			last.right = Math.max(last.right, c.right);
			last.bottom = Math.max(last.bottom, c.bottom);
			continue;
		}
		if (last && (last.right - last.left) / width > 0.9 && sameChar(last))
			lines.pop();
		lines.push({
			chunks: [c],
			left: c.left,
			top: c.top,
			right: c.right,
			bottom: c.bottom,
		});
	}
	const end = lines[lines.length - 1];
	if (end && (end.right - end.left) / width > 0.9 && sameChar(end)) lines.pop();
	const bounds = columns ? [...columns] : columnEnds(lines);
	const rows = lines.map((line) => {
		const cells: Chunk[][] = [];
		for (const c of [...line.chunks].sort((a, b) => a.left - b.left)) {
			if (isBlank(c)) continue;
			let j = bounds.findIndex((x) => c.left <= x);
			if (j < 0) j = bounds.length;
			const cell = cells[j] ?? [];
			cell.push(c);
			cells[j] = cell;
		}
		return cells;
	});
	const ncols = Math.max(0, ...rows.map((r) => r.length));
	return rows.map((r) =>
		Array.from({ length: ncols }, (_, j) => cellOf(r[j] ?? [])),
	);
}

/**
 * A cell's chunks (of one line) as one chunk: their texts, spaces drawn as glyphs included, joined
 * left to right and trimmed at the ends.
 */
function cellOf(chunks: readonly Chunk[]): string {
	return [...chunks]
		.sort((a, b) => a.left - b.left)
		.map((c) => c.text)
		.join("")
		.normalize("NFKC")
		.trim();
}

/** Column boundaries: the right ends of the chunks' extents merged where they overlap. */
function columnEnds(lines: readonly Line[]): number[] {
	const regions: { left: number; right: number }[] = [];
	for (const [i, line] of lines.entries()) {
		let rest = line.chunks.filter((c) => !isBlank(c));
		if (i === 0) {
			for (const c of rest) regions.push({ left: c.left, right: c.right });
			continue;
		}
		for (const r of regions) {
			const overlaps = rest.filter(
				(c) => Math.min(r.right, c.right) - Math.max(r.left, c.left) > 0,
			);
			for (const c of overlaps) {
				r.left = Math.min(r.left, c.left);
				r.right = Math.max(r.right, c.right);
			}
			rest = rest.filter((c) => !overlaps.includes(c));
		}
		for (const c of rest) regions.push({ left: c.left, right: c.right });
	}
	return regions.map((r) => r.right).sort((a, b) => a - b);
}
