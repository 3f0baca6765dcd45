/**
 * Tables without rulings by tabula-java's stream rules: word chunks, lines, columns from the
 * chunks' extents.
 */
import { describe, expect, it } from "vitest";
import { chunkTable, glyphsIn } from "./chunks.ts";
import type { Glyph } from "./geometry.ts";

/** Glyphs of a string from x on a baseline, 10 pt, 5 pt per character (a space drawn as one). */
function text(s: string, x: number, baseline: number): Glyph[] {
	return [...s].map((c, i) => ({
		text: c,
		x0: x + 5 * i,
		x1: x + 5 * (i + 1),
		baseline,
		fontSize: 10,
		ascent: 0.8,
		descent: 0.2,
		space: c === " ",
		spaceWidth: 5,
	}));
}

describe("stream tables from word chunks", () => {
	const page = [
		...text("Name", 50, 100),
		...text("Total", 200, 100),
		...text("Ulaanbaatar", 50, 115),
		...text("12", 215, 115),
		...text("Darkhan", 50, 130),
		...text("7", 220, 130),
	];

	it("should find the columns from the chunks' extents, line by line", () => {
		expect(chunkTable(page)).toEqual([
			["Name", "Total"],
			["Ulaanbaatar", "12"],
			["Darkhan", "7"],
		]);
	});

	it("should keep to the given column boundaries", () => {
		expect(chunkTable(page, [100])).toEqual([
			["Name", "Total"],
			["Ulaanbaatar", "12"],
			["Darkhan", "7"],
		]);
		// One column: the line's chunks joined, with the space put in after "Name".
		expect(chunkTable(page, [300])[0]).toEqual(["Name Total"]);
	});

	it("should leave out glyphs not wholly inside the area", () => {
		const inArea = glyphsIn(page, [40, 90, 85, 140]);
		expect(chunkTable(inArea).map((r) => r.join("|"))).toEqual([
			"Name",
			"Ulaanba",
			"Darkhan",
		]);
	});
});
