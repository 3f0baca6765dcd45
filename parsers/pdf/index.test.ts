/**
 * The PDF parser end to end: the gold report printed by Chromium (fixtures/pdf/gold, made by
 * scripts/make-pdf-fixtures.ts) imports to the gold records; unreadable PDFs are refused with a
 * named error and nothing is stored.
 */

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { main } from "../../cli/main.ts";
import { similarity } from "../../normalizers/text.ts";
import { DocumentLoadError } from "../../pipeline/document.ts";
import { ingest } from "../../pipeline/ingest.ts";
import type { ReportRecord } from "../../pipeline/records.ts";
import { openStore } from "../../store/index.ts";
import { fieldValue, STRUCTURED_FIELDS } from "../../test/gold.ts";
import { pdfToDocument } from "./index.ts";

const fixtures = fileURLToPath(new URL("../../fixtures/pdf/", import.meta.url));
const goldPdf = join(fixtures, "gold/input.pdf");
const gold = JSON.parse(
	readFileSync(join(fixtures, "gold/expected.json"), "utf8"),
) as ReportRecord;
const result = await ingest(goldPdf);
const ours = result.record;

const STRUCTURED = [...STRUCTURED_FIELDS, "notDue"] as const;

const field = fieldValue;

describe("the gold report as a PDF (rows broken across pages mid-cell)", () => {
	it("should read a PDF document with table fragments on every page of the plan", () => {
		const doc = result.document;
		expect(doc.format).toBe("pdf");
		expect(doc.issues).toEqual([]);
		expect(doc.pages.length).toBeGreaterThan(10);
		const fragment = doc.pages[0]?.blocks.find((b) => b.kind === "table");
		expect(fragment?.kind).toBe("table");
		// bbox provenance on every paragraph of a table cell
		if (fragment?.kind === "table")
			for (const r of fragment.rows)
				for (const c of r.cells)
					for (const p of c.paragraphs) {
						expect(p.prov.page).toBe(1);
						expect(p.prov.bbox).toHaveLength(4);
					}
	});

	it("should cut at least five items across page breaks (continuation rows with an empty №)", () => {
		const merged = new Set(
			result.decisions
				.filter((d) => d.kind === "merge" || d.kind === "move")
				.map((d) => d.item),
		);
		// Continuation rows: the first data row of a plan fragment whose № cell is empty.
		let continuations = 0;
		for (const p of result.document.pages)
			for (const b of p.blocks) {
				if (b.kind !== "table" || b.rows[0]?.cells.length !== 9) continue;
				const data = b.rows.slice(3);
				const first = data[0];
				if (
					first &&
					first.cells[0]?.paragraphs.length === 0 &&
					first.cells.some((c) => c.paragraphs.length > 0)
				)
					continuations++;
			}
		expect(continuations).toBeGreaterThanOrEqual(5);
		expect(merged.size).toBeGreaterThanOrEqual(1);
	});

	it("should find the gold's 44 measures and 6 goals", () => {
		expect(ours.measures.map((m) => m.item)).toEqual(
			gold.measures.map((m) => m.item),
		);
		expect(ours.goals).toEqual(gold.goals);
	});

	it("should get 100% of structured fields exactly", () => {
		const wrong: string[] = [];
		let all = 0;
		for (const g of gold.measures) {
			const m = ours.measures.find((x) => x.item === g.item);
			for (const f of STRUCTURED) {
				all++;
				if (!Object.is(field(m, f), field(g, f)))
					wrong.push(
						`${g.item}.${f}: ${JSON.stringify(field(m, f))} ≠ ${JSON.stringify(field(g, f))}`,
					);
			}
		}
		expect(all).toBe(44 * STRUCTURED.length);
		expect(wrong).toEqual([]);
	});

	it("should return 44/44 narratives at similarity ≥ 0.98", () => {
		const low = gold.measures
			.map((g) => ({
				item: g.item,
				sim: similarity(
					g.achievement,
					ours.measures.find((x) => x.item === g.item)?.achievement ?? "",
				),
			}))
			.filter((x) => x.sim < 0.98);
		expect(low).toEqual([]);
	});

	it("should equal the gold's report, summary and evaluation", () => {
		expect(ours.report).toEqual(gold.report);
		expect(ours.summary).toEqual(gold.summary);
		expect(ours.evaluation).toEqual(gold.evaluation);
	});

	it("should pass every cross-check", () => {
		expect(
			result.flags.filter((f) => /^(summary|evaluation)-/.test(f.kind)),
		).toEqual([]);
	});
});

describe("PDFs that cannot be imported", () => {
	const tmp = mkdtempSync(join(tmpdir(), "tailan-pdf-test-"));

	/** ingest throws a DocumentLoadError naming the reason and a fix; `tailan import` stores nothing. */
	async function refused(file: string, reason: RegExp): Promise<void> {
		const error = await ingest(file).then(
			() => undefined,
			(e: unknown) => e,
		);
		expect(error).toBeInstanceOf(DocumentLoadError);
		expect((error as DocumentLoadError).reason).toMatch(reason);
		expect((error as DocumentLoadError).fix).toBeTruthy();
		const db = join(tmp, `${Math.random().toString(36).slice(2)}.db`);
		let stderr = "";
		const code = await main(["import", file, "--db", db], {
			stdout: () => {},
			stderr: (t) => {
				stderr += t;
			},
		});
		expect(code).toBe(1);
		expect(stderr).toContain(`error ${file}: `);
		const store = openStore(db);
		try {
			expect(store.listReports()).toEqual([]);
		} finally {
			store.close();
		}
	}

	it("should refuse an encrypted PDF with DocumentLoadError", async () => {
		const file = join(tmp, "encrypted.pdf");
		writeFileSync(file, encryptedPdf());
		await refused(file, /encrypted with a password/);
	});

	it("should refuse a truncated PDF with DocumentLoadError", async () => {
		const bytes = readFileSync(goldPdf);
		const cut = join(tmp, "truncated.pdf");
		writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
		await refused(cut, /truncated/);
	});

	it("should refuse a damaged PDF with DocumentLoadError", async () => {
		const bad = join(tmp, "damaged.pdf");
		writeFileSync(bad, "%PDF-1.4\nthis is not a PDF body\n%%EOF\n");
		await refused(bad, /damaged/);
	});

	it("should refuse a PDF with no plan table with ingest's no-table error", async () => {
		const file = join(tmp, "letter.pdf");
		writeFileSync(
			file,
			minimalPdf(
				"BT /F1 12 Tf 20 150 Td (A letter: the meeting is on 18 December 2024.) Tj ET",
				"/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>",
			),
		);
		expect(
			(
				await pdfToDocument(readFileSync(file), {
					file: "letter.pdf",
					sha256: "",
				})
			).pages[0]?.blocks,
		).toHaveLength(1);
		await refused(file, /no performance-plan table/);
	});

	it("should report a page without a text layer and refuse a PDF with none", async () => {
		// A one-page PDF whose page draws a rectangle and no text (a scan has an image instead).
		const pdf = minimalPdf("0 0 100 100 re f");
		await expect(
			pdfToDocument(pdf, { file: "scan.pdf", sha256: "" }),
		).rejects.toThrow(/scanned PDF: needs OCR/);
	});
});

/**
 * A minimal one-page PDF with the given content stream and page entries (xref offsets computed);
 * `trailer` adds entries to the trailer (an /Encrypt dictionary).
 */
function minimalPdf(content: string, pageExtra = "", trailer = ""): Uint8Array {
	const objects = [
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 400 200] /Contents 4 0 R ${pageExtra} >>`,
		`<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
	];
	let out = "%PDF-1.4\n";
	const offsets: number[] = [];
	objects.forEach((o, i) => {
		offsets.push(out.length);
		out += `${i + 1} 0 obj\n${o}\nendobj\n`;
	});
	const xref = out.length;
	out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
	for (const o of offsets) out += `${String(o).padStart(10, "0")} 00000 n \n`;
	out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailer} >>\nstartxref\n${xref}\n%%EOF\n`;
	return new TextEncoder().encode(out);
}

/**
 * A PDF with a standard security handler (RC4, revision 2) whose user password is not empty:
 * the /U entry matches no empty password, so a reader must ask for one.
 */
function encryptedPdf(): Uint8Array {
	const hex = (n: number, seed: number) =>
		Array.from({ length: n }, (_, i) =>
			((i * 37 + seed) % 256).toString(16).padStart(2, "0"),
		).join("");
	return minimalPdf(
		"BT ET",
		"",
		`/Encrypt << /Filter /Standard /V 1 /R 2 /Length 40 /P -44 /O <${hex(32, 11)}> /U <${hex(32, 99)}> >> /ID [<${hex(16, 5)}> <${hex(16, 5)}>]`,
	);
}
