import { readFileSync } from "node:fs";
import fc from "fast-check";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { describe, expect, it } from "vitest";
import { cellText } from "../../pipeline/document.ts";
import { generateReports } from "../../test/batch-gen.ts";
import { markdownToDocument, mayHoldOtherGfm, parseMarkdown } from "./index.ts";

const opts = { file: "t.md", sha256: "0", bytes: 0 };

describe("markdownToDocument", () => {
	it("should turn <p> paragraphs inside a cell into separate paragraphs with source offsets", () => {
		const md =
			"| a | b |\n|---|---|\n| 1 | <p>Нэг.</p> <p>Хоёр өгүүлбэр</p> |\n";
		const doc = markdownToDocument(md, opts);
		const table = doc.pages[0]?.blocks[0];
		expect(table?.kind).toBe("table");
		if (table?.kind !== "table") return;
		const cell = table.rows[1]?.cells[1];
		expect(cell?.paragraphs.map((p) => p.text)).toEqual([
			"Нэг.",
			"Хоёр өгүүлбэр",
		]);
		const p = cell?.paragraphs[1]?.prov;
		expect(md.slice(p?.start, p?.end)).toBe("Хоёр өгүүлбэр");
	});

	it("should keep extra cells beyond the header's width", () => {
		const md = "| 1 | 2 |\n|---|---|\n| a | b | c | d |\n";
		const doc = markdownToDocument(md, opts);
		const table = doc.pages[0]?.blocks[0];
		if (table?.kind !== "table") throw new Error("no table");
		expect(table.rows[1]?.cells.map((c) => cellText(c))).toEqual([
			"a",
			"b",
			"c",
			"d",
		]);
	});

	it("should start a new page at every table that follows another table", () => {
		const md =
			"**Title**\n\n| 1 | 2 |\n|---|---|\n| a | b |\n\n| 1 | 2 |\n|---|---|\n| c | d |\n\nafter\n";
		const doc = markdownToDocument(md, opts);
		expect(doc.pages.map((p) => p.blocks.map((b) => b.kind))).toEqual([
			["text", "table"],
			["table", "text"],
		]);
		const title = doc.pages[0]?.blocks[0];
		expect(title?.kind === "text" && title.strong && title.text).toBe("Title");
	});

	it("should keep line breaks of text blocks and drop emphasis markup", () => {
		const md = "ТАЙЛАН ГАРГАСАН\nДАРГА *П. Отгонбаяр* - П.ОТГОНБАЯР\n";
		const block = markdownToDocument(md, opts).pages[0]?.blocks[0];
		expect(block?.kind === "text" && block.text).toBe(
			"ТАЙЛАН ГАРГАСАН\nДАРГА П. Отгонбаяр - П.ОТГОНБАЯР",
		);
	});
});

describe("parseMarkdown", () => {
	const gfm = unified().use(remarkParse).use(remarkGfm);

	it("should build remark-gfm's tree for the seed and rendered reports (read with GFM tables alone)", () => {
		const texts = [
			readFileSync(
				new URL("../../fixtures/markdown/seed/input.md", import.meta.url),
				"utf8",
			),
			...generateReports(3).map((r) => r.text),
		];
		for (const text of texts) {
			expect(mayHoldOtherGfm(text)).toBe(false);
			expect(parseMarkdown(text)).toEqual(gfm.parse(text));
		}
	});

	it("should build remark-gfm's tree for any text, GFM's other constructs included", () => {
		// Pieces of tables, lists, links and of every construct remark-gfm adds: autolink literals
		// (www., http(s)://, e-mail), footnotes, strikethrough, task lists.
		const piece = fc.constantFrom(
			"| a | b |\n",
			"|---|:-:|\n",
			"| ",
			" |",
			"\n",
			"\n\n",
			" ",
			"\t",
			"x",
			"X",
			"[",
			"]",
			"^",
			"~",
			"~~",
			"@",
			"www",
			"WWW",
			".",
			"mn",
			"http",
			"HTTPS",
			"://",
			"mailto:",
			"- ",
			"* ",
			"1. ",
			"**",
			"_",
			"`",
			"(",
			")",
			":",
			"<p>",
			"</p>",
			"<br>",
			"Нэг",
			"info",
			"2024",
			"info@gov.mn",
			"www.gov.mn",
			"https://gov.mn/a",
			"[^1]",
			"[^1]: note\n",
			"- [ ] ",
			"* [x] ",
			"\\",
		);
		fc.assert(
			fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
				const text = pieces.join("");
				expect(parseMarkdown(text)).toEqual(gfm.parse(text));
			}),
			{ numRuns: 3000, seed: 7 },
		);
	});
});
