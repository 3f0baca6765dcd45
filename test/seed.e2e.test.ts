/**
 * The seed report end to end against its hand-checked gold records (fixtures/markdown/seed).
 * Prints per-field accuracy; asserts the acceptance thresholds of the spine issue.
 */

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { collapseWhitespace, similarity } from "../normalizers/text.ts";
import { ingest } from "../pipeline/ingest.ts";
import type { ReportRecord } from "../pipeline/records.ts";
import { fieldValue, STRUCTURED_FIELDS } from "./gold.ts";

const dir = fileURLToPath(
	new URL("../fixtures/markdown/seed/", import.meta.url),
);
const gold = JSON.parse(
	readFileSync(`${dir}expected.json`, "utf8"),
) as ReportRecord;
const result = await ingest(`${dir}input.md`, {
	name: "000_0e8ace6dce33d16c.txt",
});
const ours = result.record;

const STRUCTURED = STRUCTURED_FIELDS;

const field = fieldValue;

const perField = new Map<string, { ok: number; all: number }>();
let narrativesOk = 0;

describe("seed report against the gold", () => {
	it("should find 44 measures and 6 goals", () => {
		expect(ours.measures.map((m) => m.item)).toEqual(
			gold.measures.map((m) => m.item),
		);
		expect(ours.goals).toEqual(gold.goals);
	});

	it("should get ≥ 99% of structured fields exactly", () => {
		let ok = 0;
		let all = 0;
		for (const g of gold.measures) {
			const m = ours.measures.find((x) => x.item === g.item);
			expect(m, g.item).toBeDefined();
			if (!m) continue;
			for (const f of STRUCTURED) {
				const s = perField.get(f) ?? { ok: 0, all: 0 };
				const equal =
					Object.is(field(m, f), field(g, f)) || field(m, f) === field(g, f);
				s.all++;
				all++;
				if (equal) {
					s.ok++;
					ok++;
				}
				perField.set(f, s);
			}
		}
		expect(ok / all).toBeGreaterThanOrEqual(0.99);
	});

	it("should return ≥ 42 of 44 narratives at similarity ≥ 0.95 and flag every moved or unsure one", () => {
		const flagged = new Set(
			result.flags
				.filter((f) => f.kind.startsWith("narrative"))
				.map((f) => f.item),
		);
		for (const g of gold.measures) {
			const m = ours.measures.find((x) => x.item === g.item);
			const sim = similarity(g.achievement, m?.achievement ?? "");
			if (sim >= 0.95) narrativesOk++;
			else
				expect(
					flagged.has(g.item),
					`${g.item} is wrong (${sim.toFixed(3)}) and unflagged`,
				).toBe(true);
		}
		expect(narrativesOk).toBeGreaterThanOrEqual(42);
		// Every move is recorded as a decision and flagged on both items.
		for (const d of result.decisions.filter((x) => x.kind === "move")) {
			expect(flagged.has(d.to ?? "")).toBe(true);
			expect(flagged.has(d.from ?? "")).toBe(true);
		}
	});

	it("should equal the gold's report, summary and evaluation", () => {
		expect(ours.report).toEqual(gold.report);
		expect(ours.summary).toEqual(gold.summary);
		expect(ours.evaluation).toEqual(gold.evaluation);
	});

	it("should pass every cross-check on the seed", () => {
		const checks = result.flags.filter((f) =>
			/^(summary|evaluation)-/.test(f.kind),
		);
		expect(checks).toEqual([]);
	});

	it("should flag the stray 9 of 4.6 and 5.2 and not store it as a level", () => {
		for (const item of ["4.6", "5.2"]) {
			const flag = result.flags.find(
				(f) => f.kind === "level-not-on-scale" && f.item === item,
			);
			expect(flag?.evidence.raw).toBe("9");
			expect(ours.measures.find((m) => m.item === item)?.performancePct).toBe(
				100,
			);
		}
	});

	it("should flag 6.5's budget 1.276.0 as ambiguous and leave its amount empty", () => {
		const m = ours.measures.find((x) => x.item === "6.5");
		expect(m?.budget.amountMnt).toBeNull();
		expect(
			result.flags.some(
				(f) =>
					f.kind === "ambiguous-number" &&
					f.item === "6.5" &&
					f.field === "budget",
			),
		).toBe(true);
	});

	it("should keep provenance with source text for every non-empty field", () => {
		const text = result.document.sourceText ?? "";
		for (const m of ours.measures) {
			for (const f of ["activity", "indicator", "achievement"] as const) {
				const prov = m.provenance?.[f] ?? [];
				expect(prov.length, `${m.item}.${f}`).toBeGreaterThan(0);
				for (const p of prov) {
					expect(p.file).toBe("000_0e8ace6dce33d16c.txt");
					expect(p.start).toBeTypeOf("number");
					// The recorded span holds the text (modulo markup and whitespace).
					const span = collapseWhitespace(
						text.slice(p.start, p.end).replace(/<\/?p>/g, " "),
					);
					expect(span).toContain(p.text.slice(0, 20));
				}
			}
		}
	});

	afterAll(() => {
		const lines = [...perField].map(
			([f, s]) =>
				`  ${f.padEnd(22)} ${s.ok}/${s.all} (${((100 * s.ok) / s.all).toFixed(1)}%)`,
		);
		console.log(
			`seed vs gold — structured fields:\n${lines.join("\n")}\n  narratives ≥ 0.95: ${narrativesOk}/44`,
		);
	});
});
