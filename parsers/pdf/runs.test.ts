/**
 * Text runs from the operator list: pdf.js' text-content rules for joining glyphs, character
 * positions, right-to-left order; and, on the printed gold report, the same text as pdf.js'
 * own text content.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { IDENTITY } from "./geometry.ts";
import { openPdf } from "./load.ts";
import { bidi, RunBuilder, type RunFont, textState } from "./runs.ts";

const font: RunFont = {
	id: "f1",
	name: "Helvetica",
	matrix: [0.001, 0, 0, 0.001, 0, 0],
	ascent: 0.8,
	descent: -0.2,
	vertical: false,
	bold: false,
};

/** Glyphs of a string, each 500 units wide (a space 250). */
const glyphs = (s: string) =>
	[...s].map((c) => ({
		unicode: c,
		width: c === " " ? 250 : 500,
		isSpace: c === " ",
	}));

function build(parts: (string | number)[]) {
	const b = new RunBuilder(() => true);
	const s = textState(IDENTITY);
	s.font = font;
	s.fontSize = 10;
	s.tm = [1, 0, 0, 1, 100, 700];
	b.show(
		s,
		parts.flatMap((p): (number | ReturnType<typeof glyphs>[number])[] =>
			typeof p === "number" ? [p] : glyphs(p),
		),
	);
	b.flush();
	return b.runs;
}

describe("text runs from showText", () => {
	it("should join glyphs and put a space for a word-size gap", () => {
		// -300 / 1000 em: a 0.3 em gap between "ab" and "cd".
		const runs = build(["ab", -300, "cd"]);
		expect(runs.map((r) => r.text)).toEqual(["ab cd"]);
		const r = runs[0];
		expect(r?.transform[4]).toBeCloseTo(100);
		expect(r?.width).toBeCloseTo(23); // 4 glyphs × 5 + 3 gap
	});

	it("should start a new run after a gap wider than 0.6 em", () => {
		const runs = build(["ab", -800, "cd"]);
		expect(runs.map((r) => r.text)).toEqual(["ab", "cd"]);
		expect(runs[1]?.transform[4]).toBeCloseTo(100 + 10 + 8);
	});

	it("should keep a real space as one space and know where each character is", () => {
		const runs = build(["ab  cd"]);
		expect(runs.map((r) => r.text)).toEqual(["ab cd"]);
		// a b ␠ c d: the space spans both space glyphs (2 × 2.5).
		expect(runs[0]?.edges).toEqual([0, 5, 10, 15, 20, 25]);
	});

	it("should leave no run for spaces alone", () => {
		expect(build(["   "])).toEqual([]);
	});
});

describe("right-to-left text", () => {
	it("should turn a Hebrew run drawn left to right into reading order", () => {
		expect(bidi("םולש")).toEqual({ text: "שלום", rtl: true });
	});

	it("should keep numbers in their order inside right-to-left text", () => {
		expect(bidi("2024 תנש")).toEqual({ text: "שנת 2024", rtl: true });
	});

	it("should leave left-to-right text alone", () => {
		expect(bidi("Total 2024")).toEqual({ text: "Total 2024", rtl: false });
	});
});

describe("the printed gold report", () => {
	it("should read the same text as pdf.js' own text content, page by page", async () => {
		const path = fileURLToPath(
			new URL("../../fixtures/pdf/gold/input.pdf", import.meta.url),
		);
		const bytes = new Uint8Array(readFileSync(path));
		const pdf = await openPdf(bytes, "input.pdf");
		try {
			const words = (s: string) => s.split(/\s+/).filter(Boolean).sort();
			for (let n = 1; n <= pdf.numPages; n++) {
				const ours = (await pdf.page(n)).items.map((t) => t.text).join(" ");
				const page = await pdf.document.getPage(n);
				const theirs = (await page.getTextContent()).items
					.map((t) => ("str" in t ? t.str : ""))
					.join(" ");
				expect(words(ours), `page ${n}`).toEqual(words(theirs));
			}
		} finally {
			await pdf.close();
		}
	});
});
