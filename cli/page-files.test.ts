/**
 * `tailan import` of reports scanned one file per page: the page files of one report become one
 * entry (pipeline/pages.ts's rule, --one-report, --each-file), hashed together, parsed once with
 * the page files, stored once; a second run finds the report a duplicate.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type {
	PageGroupTask,
	PageProgress,
	ParseEvent,
} from "../batch/engine.ts";
import { DocumentLoadError } from "../pipeline/document.ts";
import type { IngestResult } from "../pipeline/ingest.ts";
import { pagesSha256 } from "../pipeline/pages.ts";
import { seedIngestResult } from "../store/testing.ts";
import { importCommand, lazyPool } from "./import.ts";
import { pageGroupsOf } from "./page-files.ts";

let dir: string;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), "tailan-pages-"));
});
afterEach(() => {
	rmSync(dir, { recursive: true, force: true });
});

/** A PNG's signature and some bytes: enough for the grouping and the preflight. */
const png = (n: number) =>
	Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		Buffer.from(`page ${n}`),
	]);

function folder(name: string, pages: number[]): string {
	const d = join(dir, name);
	mkdirSync(d, { recursive: true });
	for (const n of pages)
		writeFileSync(join(d, `page-${String(n).padStart(2, "0")}.png`), png(n));
	return d;
}

async function run(args: string[], fail = false) {
	const calls: { file: string; group?: PageGroupTask }[] = [];
	let out = "";
	let err = "";
	const code = await importCommand([...args, "--db", join(dir, "t.db")], {
		out: (t) => {
			out += t;
		},
		err: (t) => {
			err += t;
		},
		ingest: async (file, onPage, group) => {
			calls.push({ file, ...(group ? { group } : {}) });
			if (fail) throw new DocumentLoadError(file, "unreadable", "fix it");
			const result = seedIngestResult();
			if (group) {
				// The document of page files is hashed as the worker hashes it.
				const { readFileSync } = await import("node:fs");
				result.document.sha256 = pagesSha256(
					group.files.map((f) => readFileSync(f)),
				);
				for (const [i] of group.files.entries())
					onPage?.({ done: i + 1, pages: group.files.length });
			}
			return result;
		},
	});
	return { code, out, err, calls };
}

describe("importing a report scanned one file per page", () => {
	it("should read a folder's page files as one report, once, and find it a duplicate the second time", async () => {
		const d = folder("report", [1, 2, 3]);
		const first = await run([d]);
		expect(first.err).toBe("");
		expect(first.code).toBe(0);
		expect(first.calls).toEqual([
			{
				file: `${d}/page-{01–03}.png`,
				group: {
					files: [1, 2, 3].map((n) => join(d, `page-0${n}.png`)),
					numbers: [1, 2, 3],
					missing: [],
				},
			},
		]);
		expect(first.out).toMatch(
			new RegExp(`^imported ${d}/page-\\{01–03\\}\\.png → report 1 `),
		);
		const again = await run([d]);
		expect(again.calls).toEqual([]);
		expect(again.out).toMatch(
			/^duplicate .*page-\{01–03\}\.png \(already report 1\)/,
		);
	});

	it("should retry a report's page files that failed, from their folder, and say so without it", async () => {
		const d = folder("report", [1, 2]);
		const failed = await run([d], true);
		expect(failed.code).toBe(1);
		expect(failed.calls).toHaveLength(1);
		// Not parsed again unless asked.
		expect((await run([d])).calls).toEqual([]);
		const alone = await run(["--retry-failed"]);
		expect(alone.calls).toEqual([]);
		expect(alone.err).toMatch(
			/page-\{01–02\}\.png: the page files of a report, failed before — give their folder again/,
		);
		const again = await run([d, "--retry-failed"]);
		expect(again.calls).toHaveLength(1);
		expect(again.code).toBe(0);
	});

	it("should read each file alone with --each-file, and refuse --one-report with a text file", async () => {
		const d = folder("report", [1, 2]);
		const each = await run([d, "--each-file"]);
		expect(each.calls.map((c) => c.group)).toEqual([undefined, undefined]);
		writeFileSync(join(d, "notes.md"), "# notes");
		const refused = await run([d, "--one-report"]);
		expect(refused.code).toBe(2);
		expect(refused.err).toMatch(
			/--one-report: .*notes\.md: .*image files only/,
		);
		expect(refused.calls).toEqual([]);
		const both = await run([d, "--one-report", "--each-file"]);
		expect(both.code).toBe(2);
	});

	it("should take the files given as one report with --one-report, in the order given", async () => {
		const d = folder("photos", []);
		for (const name of ["IMG_b.png", "IMG_a.png"])
			writeFileSync(join(d, name), png(1));
		const r = await run([
			join(d, "IMG_b.png"),
			join(d, "IMG_a.png"),
			"--one-report",
		]);
		expect(r.code).toBe(0);
		expect(r.calls).toHaveLength(1);
		expect(r.calls[0]?.group?.files).toEqual([
			join(d, "IMG_b.png"),
			join(d, "IMG_a.png"),
		]);
	});

	it("should list the page groups in the place of their first page, failed paths kept", () => {
		const d = folder("r", [2, 1]);
		const listed = [
			join(d, "page-01.png"),
			"missing.md",
			join(d, "page-02.png"),
		];
		const { files, groups } = pageGroupsOf(
			listed,
			(p) => p !== "missing.md",
			"named",
		);
		expect(files).toEqual([`${d}/page-{01–02}.png`, "missing.md"]);
		expect(groups.get(`${d}/page-{01–02}.png`)?.files).toEqual([
			join(d, "page-01.png"),
			join(d, "page-02.png"),
		]);
	});
});

it("should pass a scan's page events and a report's page files through the lazily made pool", async () => {
	const seen: { file: string; group?: PageGroupTask; events: ParseEvent[] }[] =
		[];
	const pool = lazyPool(() => ({
		parse: async (file, onEvent, group) => {
			const events: ParseEvent[] = [];
			seen.push({ file, ...(group ? { group } : {}), events });
			onEvent?.({ kind: "page", done: 1, pages: 2 });
			return {} as IngestResult;
		},
		close: async () => {},
	}));
	const heard: (ParseEvent | PageProgress)[] = [];
	const group = {
		files: ["a/p1.png", "a/p2.png"],
		numbers: [1, 2],
		missing: [],
	};
	await pool.parse("a/p{1–2}.png", (e) => heard.push(e), group);
	expect(seen[0]?.group).toEqual(group);
	expect(heard).toEqual([{ kind: "page", done: 1, pages: 2 }]);
});
