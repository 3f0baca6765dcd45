import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DocumentLoadError } from "./document.ts";
import { ingest, ingestMarkdown } from "./ingest.ts";

const dir = mkdtempSync(join(tmpdir(), "tailan-ingest-"));

describe("ingest", () => {
	it("should reject a Markdown file without a report table with a named error", () => {
		expect(() =>
			ingestMarkdown("# Тэмдэглэл\n\n| a | b |\n|---|---|\n| 1 | 2 |\n", {
				file: "note.md",
			}),
		).toThrow(DocumentLoadError);
		try {
			ingestMarkdown("Энгийн текст", { file: "note.md" });
		} catch (e) {
			expect((e as DocumentLoadError).file).toBe("note.md");
			expect((e as DocumentLoadError).reason).toMatch(
				/no performance-plan table/,
			);
		}
	});

	it("should reject text in cp1251 with the fix to apply", async () => {
		const file = join(dir, "cp1251.md");
		// "Тайлан" in cp1251 is not valid UTF-8.
		writeFileSync(file, Buffer.from([0xd2, 0xe0, 0xe9, 0xeb, 0xe0, 0xed]));
		await expect(ingest(file)).rejects.toThrow(/not valid UTF-8.*iconv/);
	});

	it("should reject an empty file, a missing file and a directory", async () => {
		const empty = join(dir, "empty.md");
		writeFileSync(empty, "");
		await expect(ingest(empty)).rejects.toThrow(/empty/);
		await expect(ingest(join(dir, "nope.md"))).rejects.toThrow(
			/does not exist/,
		);
		await expect(ingest(dir)).rejects.toThrow(DocumentLoadError);
	});

	it("should throw a TypeError naming the call on misuse", async () => {
		await expect(ingest("" as string)).rejects.toThrow(TypeError);
	});
});
