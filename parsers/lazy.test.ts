/**
 * The registry loads the Word, PDF and scan parsers on first use: a process that only reads
 * Markdown (a batch parse thread, most CLI runs) never loads mammoth, tesseract.js or the canvas.
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));

/** The CommonJS modules a child process has loaded after parsing `file` with the registry. */
function loadedAfter(file: string): string[] {
	const script = `
		import { createRequire } from "node:module";
		import { readFileSync } from "node:fs";
		const { parserFor } = await import("./parsers/index.ts");
		const bytes = readFileSync(${JSON.stringify(file)});
		await parserFor(${JSON.stringify(file)}, bytes)({ file: "f", bytes, sha256: "0" });
		const cache = createRequire(import.meta.url).cache;
		process.stdout.write(JSON.stringify(Object.keys(cache)));
	`;
	const out = execFileSync(
		process.execPath,
		["--import", "tsx", "--input-type=module", "-e", script],
		{ cwd: root, encoding: "utf8" },
	);
	return JSON.parse(out) as string[];
}

const heavy = (mods: string[]) =>
	["tesseract.js", "mammoth", "@napi-rs"].filter((name) =>
		mods.some((m) => m.includes(`node_modules/${name}`)),
	);

describe("parsers loaded on first use", () => {
	it("should load no Word, PDF or OCR library to read a Markdown report, and load them for a Word file", () => {
		expect(heavy(loadedAfter("fixtures/markdown/seed/input.md"))).toEqual([]);
		expect(heavy(loadedAfter("fixtures/docx/per-page/input.docx"))).toContain(
			"mammoth",
		);
	}, 30_000);
});
