/**
 * Tables from text lines alone: pdfminer-style lines from glyphs, table areas from text edges,
 * rows and columns from the lines.
 */
import { describe, expect, it } from "vitest";
import type { Glyph } from "./geometry.ts";
import { glyphLines } from "./glyphs.ts";
import { type LineBox, lineTable, textEdgeAreas } from "./textedges.ts";

/** Glyphs of a string at (x, baseline), 10 pt, each 5 pt wide. */
function word(s: string, x: number, baseline: number): Glyph[] {
	return [...s].map((c, i) => ({
		text: c,
		x0: x + 5 * i,
		x1: x + 5 * (i + 1),
		baseline,
		fontSize: 10,
		ascent: 0.8,
		descent: 0.2,
		space: c === " ",
	}));
}

/** A line box of a text at (x, baseline), 5 pt per character, 10 pt high. */
const line = (text: string, x: number, baseline: number): LineBox => ({
	x0: x,
	x1: x + 5 * text.length,
	top: baseline - 8,
	bottom: baseline + 2,
	text,
});

describe("text lines from glyphs", () => {
	it("should join close glyphs and split at a gap wider than a glyph", () => {
		const lines = glyphLines([
			...word("ab", 100, 700),
			...word("cd", 112, 700), // 2 pt gap: one line, with a word space
			...word("ef", 140, 700), // 18 pt gap: a new line
		]);
		expect(lines.map((l) => l.text)).toEqual(["ab cd", "ef"]);
		expect(lines[1]?.x0).toBe(140);
	});

	it("should make a vertical line of glyphs stacked one under another", () => {
		const stacked = [0, 1, 2].map(
			(i) => word("xyz"[i] as string, 50, 100 + 10 * i)[0] as Glyph,
		);
		const lines = glyphLines(stacked);
		expect(lines).toHaveLength(1);
		expect(lines[0]?.vertical).toBe(true);
		expect(glyphLines(stacked, { detectVertical: false })).toHaveLength(3);
	});
});

describe("tables from text edges", () => {
	// A paragraph, then a table: a header and six rows of three left-aligned columns.
	const paragraph = [
		line("Annual report of the department, with a table below it.", 50, 100),
		line("Text that is not a table at all runs across the page.", 50, 112),
	];
	const header = [
		line("Name", 50, 300),
		line("Plan", 200, 300),
		line("Done", 300, 300),
	];
	const body = [1, 2, 3, 4, 5, 6].flatMap((i) => [
		line(`Item ${i}`, 50, 300 + 14 * i),
		line(`${i * 10}`, 200, 300 + 14 * i),
		line(`${i * 9}`, 300, 300 + 14 * i),
	]);
	const all = [...paragraph, ...header, ...body];

	it("should find the table's area and leave the paragraph out", () => {
		const areas = textEdgeAreas(all);
		expect(areas).toHaveLength(1);
		const [x0, top, x1, bottom] = areas[0] as number[];
		expect(x0).toBeLessThanOrEqual(50);
		expect(x1).toBeGreaterThanOrEqual(320);
		expect(top).toBeGreaterThan(112);
		expect(top).toBeLessThanOrEqual(292);
		expect(bottom).toBeGreaterThanOrEqual(386);
	});

	it("should cut the table into its rows and columns", () => {
		const rows = lineTable([...header, ...body], []);
		expect(rows).toHaveLength(7);
		expect(rows[0]).toEqual(["Name", "Plan", "Done"]);
		expect(rows[6]).toEqual(["Item 6", "60", "54"]);
	});

	it("should add a column for text standing between the columns", () => {
		const withNote = [
			...header,
			...body,
			line("*", 260, 314),
			line("!", 260, 300),
		];
		const rows = lineTable(withNote, []);
		expect(rows[0]).toEqual(["Name", "Plan", "!", "Done"]);
		expect(rows[1]).toEqual(["Item 1", "10", "*", "9"]);
	});

	it("should keep to the given column boundaries", () => {
		const rows = lineTable([...header, ...body], [], { columns: [250] });
		expect(rows[0]).toEqual(["Name\nPlan", "Done"]);
	});
});
