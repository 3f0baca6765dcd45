/**
 * The fuzz property shared by test/batch.fuzz-*.test.ts: mutated small Markdown reports go
 * through the import's pipeline in this thread (parserFor → documentToRecord, as the workers run
 * it) and into a store; the only acceptable outcomes are a stored report (with flags) or a
 * DocumentLoadError. Each input is also timed against a bound.
 */
import { createHash } from "node:crypto";
import fc from "fast-check";
import { expect } from "vitest";
import { assertStorable } from "../batch/engine.ts";
import { parserFor } from "../parsers/index.ts";
import {
	DocumentLoadError,
	type TailanDocument,
} from "../pipeline/document.ts";
import { documentToRecord, type IngestResult } from "../pipeline/ingest.ts";
import type { Measure, ReportRecord } from "../pipeline/records.ts";
import { HoldSchema, ReportRecordSchema } from "../pipeline/records.ts";
import { openStore, type Store } from "../store/index.ts";
import { seedRecord } from "../store/testing.ts";
import { variantRecord } from "./batch-gen.ts";
import { onPostgres } from "./engine.ts";
import { emptyPlan, renderPlanArb, renderReportMarkdown } from "./render.ts";
import { itemRowSpan } from "./truncate.ts";

/** Longest a single small input may take (ms): far above the ~5 ms they take, far below a hang. */
// PostgreSQL stores a report in a few hundred round trips (test/engine.ts): twice the bound there.
export const TIME_BOUND_MS = onPostgres ? 4_000 : 2_000;

/** Small reports (2–3 measures with short narratives, plan table and summary), with page breaks. */
export function fuzzRecords(): ReportRecord[] {
	const base = seedRecord();
	return [0, 1, 2, 3, 4, 5].map((i) => {
		const r = variantRecord(base, i, 2 + (i % 2));
		return {
			...r,
			// Short narratives keep the parse cheap; sentence cues stay (each keeps its ending).
			measures: r.measures.map((m) => ({
				...m,
				achievement: m.achievement
					.split("\n")
					.slice(0, 2)
					.map((p) => p.slice(-160))
					.join("\n"),
			})),
		};
	});
}

export function fuzzBases(): string[] {
	return fuzzRecords().map((record, i) => {
		const plan =
			fc.sample(renderPlanArb(record), { seed: 100 + i, numRuns: 1 })[0] ??
			emptyPlan(record);
		const text = renderReportMarkdown(record, plan);
		// The back matter (signatures, evaluation sheet) is long and adds little: the title and
		// the plan table are what the mutations should hit.
		const cut = text.indexOf("ХЯНАСАН");
		return cut > 0 ? text.slice(0, cut) : text;
	});
}

export type Mutation =
	| { kind: "cut"; at: number }
	| { kind: "duplicate-lines"; from: number; count: number; to: number }
	| { kind: "shuffle-rows"; keys: number[] }
	| { kind: "drop-lines"; from: number; count: number }
	| { kind: "random-bytes"; at: number; bytes: Uint8Array }
	| { kind: "overwrite-bytes"; at: number; bytes: Uint8Array }
	| { kind: "splice-cell"; line: number; cell: number; text: string }
	/** Cut inside the plan table's item rows (a file that stopped mid-table). */
	| { kind: "cut-table"; at: number }
	/** An item row printed with the number of the row before it ("4.11, 4.11" for "4.11, 4.12"). */
	| { kind: "renumber-row"; row: number };

// Uniform (no bias towards 0 and 1, which would make most cuts empty files).
const frac = fc
	.noBias(fc.integer({ min: 0, max: 999_999 }))
	.map((n) => n / 1_000_000);
const idx = (n: number, f: number) => Math.min(n - 1, Math.floor(f * n));

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
	fc.record({ kind: fc.constant("cut" as const), at: frac }),
	fc.record({
		kind: fc.constant("duplicate-lines" as const),
		from: frac,
		count: fc.integer({ min: 1, max: 6 }),
		to: frac,
	}),
	fc.record({
		kind: fc.constant("shuffle-rows" as const),
		keys: fc.array(fc.integer(), { minLength: 4, maxLength: 40 }),
	}),
	fc.record({
		kind: fc.constant("drop-lines" as const),
		from: frac,
		count: fc.integer({ min: 1, max: 8 }),
	}),
	fc.record({
		kind: fc.constant("random-bytes" as const),
		at: frac,
		bytes: fc.uint8Array({ minLength: 1, maxLength: 24 }),
	}),
	fc.record({
		kind: fc.constant("overwrite-bytes" as const),
		at: frac,
		bytes: fc.uint8Array({ minLength: 1, maxLength: 24 }),
	}),
	fc.record({ kind: fc.constant("cut-table" as const), at: frac }),
	fc.record({ kind: fc.constant("renumber-row" as const), row: frac }),
	fc.record({
		kind: fc.constant("splice-cell" as const),
		line: frac,
		cell: fc.integer({ min: 0, max: 10 }),
		text: fc.oneof(
			fc.string({ maxLength: 12 }),
			fc.constantFrom(
				"",
				"-",
				"9",
				"1.276.0",
				"120%",
				"Зорилт 1.",
				"Хэрэгжилт тооцох хугацаа болоогүй",
				"| | |",
				"<p>",
				"</p><p>",
				"1.1",
			),
		),
	}),
);

function atFrac(length: number, f: number): number {
	return Math.floor(f * (length + 1));
}

/** Apply mutations in order to the UTF-8 bytes of `text`. */
export function mutate(
	text: string,
	mutations: readonly Mutation[],
): Uint8Array {
	let bytes: Uint8Array = Buffer.from(text, "utf8");
	for (const m of mutations) {
		if (m.kind === "cut") bytes = bytes.subarray(0, atFrac(bytes.length, m.at));
		else if (m.kind === "cut-table") {
			const text = Buffer.from(bytes).toString("utf8");
			let span: { from: number; to: number };
			try {
				span = itemRowSpan(text);
			} catch {
				continue;
			}
			const cut = span.from + 1 + Math.floor(m.at * (span.to - span.from - 1));
			bytes = Buffer.from(text.slice(0, cut), "utf8");
		} else if (m.kind === "random-bytes") {
			const at = atFrac(bytes.length, m.at);
			bytes = Buffer.concat([
				bytes.subarray(0, at),
				m.bytes,
				bytes.subarray(at),
			]);
		} else if (m.kind === "overwrite-bytes") {
			const copy = Buffer.from(bytes);
			const at = atFrac(copy.length, m.at);
			copy.set(m.bytes.subarray(0, Math.max(0, copy.length - at)), at);
			bytes = copy;
		} else {
			const lines = Buffer.from(bytes).toString("utf8").split("\n");
			if (lines.length === 0) continue;
			if (m.kind === "duplicate-lines") {
				const from = idx(lines.length, m.from);
				const block = lines.slice(from, from + m.count);
				lines.splice(atFrac(lines.length, m.to), 0, ...block);
			} else if (m.kind === "renumber-row") {
				const rows = lines.flatMap((l, i) =>
					/^\|\s*\d+\.\d+\s*\|/.test(l) ? [i] : [],
				);
				if (rows.length < 2) continue;
				const k = 1 + idx(rows.length - 1, m.row);
				const previous = /^\|\s*(\d+\.\d+)\s*\|/.exec(
					lines[rows[k - 1] as number] as string,
				)?.[1];
				const line = rows[k] as number;
				lines[line] = (lines[line] as string).replace(
					/^\|\s*\d+\.\d+\s*\|/,
					`| ${previous} |`,
				);
			} else if (m.kind === "drop-lines") {
				lines.splice(idx(lines.length, m.from), m.count);
			} else if (m.kind === "shuffle-rows") {
				// Reorder the table rows (lines starting with "|") among themselves.
				const rows = lines.flatMap((l, i) => (l.startsWith("|") ? [i] : []));
				const order = rows
					.map((line, k) => ({ line, key: m.keys[k % m.keys.length] ?? 0, k }))
					.sort((a, b) => a.key - b.key || a.k - b.k)
					.map((x) => lines[x.line] as string);
				rows.forEach((line, k) => {
					lines[line] = order[k] as string;
				});
			} else {
				const rows = lines.flatMap((l, i) => (l.startsWith("|") ? [i] : []));
				if (rows.length === 0) continue;
				const line = rows[idx(rows.length, m.line)] as number;
				const cells = (lines[line] as string).split("|");
				const c = 1 + (m.cell % Math.max(1, cells.length - 2));
				cells[c] = ` ${m.text} `;
				lines[line] = cells.join("|");
			}
			bytes = Buffer.from(lines.join("\n"), "utf8");
		}
	}
	return bytes;
}

export interface FuzzTotals {
	inputs: number;
	stored: number;
	loadErrors: number;
	flags: number;
	/** Stored reports that are held (docs/holds.md) and their holds by kind. */
	held: number;
	holds: Map<string, number>;
	slowestMs: number;
	reasons: Map<string, number>;
}

const content = ({ provenance: _p, itemRaw: _r, ...m }: Measure) =>
	JSON.stringify(m);

/**
 * What any pipeline result must keep about holds and repeated items: holds well formed; a row
 * repeated word for word is stored once (never a row with other content dropped); an unresolved
 * item identity holds the report; item keys unique.
 */
export function checkHoldsAndRepeats(result: IngestResult): void {
	for (const hold of result.holds)
		expect(HoldSchema.safeParse(hold).success).toBe(true);
	const kept = new Map(result.record.measures.map((m) => [m.item, m]));
	expect(kept.size).toBe(result.record.measures.length);
	for (const flag of result.flags) {
		if (flag.kind === "repeated-item") {
			const same = kept.get(flag.item ?? "");
			expect(
				same,
				"a repeat is dropped only when its row is kept",
			).toBeDefined();
			const dropped = flag.evidence.dropped as Measure;
			expect(content({ ...(same as Measure), item: dropped.item })).toBe(
				content(dropped),
			);
		}
		if (flag.kind === "item-identity-unresolved")
			expect(result.holds.some((h) => h.kind === "item-identity")).toBe(true);
	}
}

/** After storing: the report is held exactly when its result has holds. */
function checkStoredHeld(
	store: Store,
	result: IngestResult,
	reportId: number,
	totals: FuzzTotals,
): void {
	const held = store.listHolds(reportId).some((h) => h.state === "held");
	expect(held).toBe(result.holds.length > 0);
	if (!held) return;
	totals.held++;
	for (const hold of result.holds)
		totals.holds.set(hold.kind, (totals.holds.get(hold.kind) ?? 0) + 1);
}

/** Run one input the way a worker and the main thread do; throws on anything but the two outcomes. */
export function importBytes(
	store: Store,
	bytes: Uint8Array,
	totals: FuzzTotals,
): void {
	const t0 = performance.now();
	try {
		const sha256 = createHash("sha256").update(bytes).digest("hex");
		const file = "fuzz.md";
		const document = parserFor(file, bytes)({ file, bytes, sha256 });
		if (document instanceof Promise)
			throw new Error("the Markdown parser should be synchronous");
		const result = documentToRecord(document);
		expect(ReportRecordSchema.safeParse(result.record).success).toBe(true);
		checkHoldsAndRepeats(result);
		assertStorable(result, file);
		const outcome = store.importResult(result);
		if (outcome.status === "imported")
			checkStoredHeld(store, result, outcome.reportId, totals);
		totals.stored++;
		totals.flags += result.flags.length;
	} catch (error) {
		if (!(error instanceof DocumentLoadError)) throw error;
		totals.loadErrors++;
		totals.reasons.set(
			error.reason,
			(totals.reasons.get(error.reason) ?? 0) + 1,
		);
	}
	const ms = performance.now() - t0;
	totals.slowestMs = Math.max(totals.slowestMs, ms);
	totals.inputs++;
	expect(ms, "one small input took too long (a hang?)").toBeLessThan(
		TIME_BOUND_MS,
	);
}

function newTotals(): FuzzTotals {
	return {
		inputs: 0,
		stored: 0,
		loadErrors: 0,
		flags: 0,
		held: 0,
		holds: new Map(),
		slowestMs: 0,
		reasons: new Map(),
	};
}

/** Run `numRuns` mutated inputs; returns the totals. */
export function runFuzz(numRuns: number, seed: number): FuzzTotals {
	const bases = fuzzBases();
	const store = openStore(":memory:");
	const totals = newTotals();
	try {
		fc.assert(
			fc.property(
				fc.nat({ max: bases.length - 1 }),
				fc.array(mutationArb, { minLength: 1, maxLength: 4 }),
				(base, mutations) => {
					importBytes(store, mutate(bases[base] as string, mutations), totals);
				},
			),
			{ numRuns, seed },
		);
	} finally {
		store.close();
	}
	return totals;
}

// ───────────────────────────── document-model mutations ─────────────────────────────

export type ModelMutation =
	| {
			kind:
				| "drop-row"
				| "duplicate-row"
				| "drop-cell"
				| "drop-block"
				| "duplicate-block";
			at: number;
	  }
	| { kind: "shuffle-rows"; at: number; keys: number[] }
	| { kind: "cut-text"; at: number; where: number }
	| { kind: "set-text"; at: number; text: string };

const modelMutationArb: fc.Arbitrary<ModelMutation> = fc.oneof(
	fc.record({
		kind: fc.constantFrom(
			"drop-row" as const,
			"duplicate-row" as const,
			"drop-cell" as const,
			"drop-block" as const,
			"duplicate-block" as const,
		),
		at: frac,
	}),
	fc.record({
		kind: fc.constant("shuffle-rows" as const),
		at: frac,
		keys: fc.array(fc.integer(), { minLength: 2, maxLength: 30 }),
	}),
	fc.record({ kind: fc.constant("cut-text" as const), at: frac, where: frac }),
	fc.record({
		kind: fc.constant("set-text" as const),
		at: frac,
		text: fc.oneof(
			fc.string({ maxLength: 16 }),
			fc.constantFrom(
				"",
				"-",
				"9",
				"1.1",
				"2.1",
				"Зорилт-6:",
				"120%",
				"1.276.0",
				"Хэрэгжилт тооцох хугацаа болоогүй",
			),
		),
	}),
);

/** Apply mutations to a deep copy of a parsed document. */
export function mutateDocument(
	document: TailanDocument,
	mutations: readonly ModelMutation[],
): TailanDocument {
	const doc = structuredClone(document);
	for (const m of mutations) {
		const blocks = doc.pages.flatMap((page) =>
			page.blocks.map((block, i) => ({ page, block, i })),
		);
		const tables = blocks.flatMap((b) =>
			b.block.kind === "table" ? [b.block] : [],
		);
		const rows = tables.flatMap((t) => t.rows.map((row, i) => ({ t, row, i })));
		const cells = rows.flatMap((r) => r.row.cells);
		if (m.kind === "drop-block" || m.kind === "duplicate-block") {
			const b = blocks[idx(blocks.length, m.at)];
			if (!b) continue;
			if (m.kind === "drop-block") b.page.blocks.splice(b.i, 1);
			else b.page.blocks.splice(b.i, 0, structuredClone(b.block));
		} else if (m.kind === "shuffle-rows") {
			const t = tables[idx(tables.length, m.at)];
			if (!t) continue;
			const keyed = t.rows.map((row, k) => ({
				row,
				key: m.keys[k % m.keys.length] ?? 0,
				k,
			}));
			t.rows = keyed
				.sort((a, b) => a.key - b.key || a.k - b.k)
				.map((x) => x.row);
		} else if (m.kind === "drop-row" || m.kind === "duplicate-row") {
			const r = rows[idx(rows.length, m.at)];
			if (!r) continue;
			if (m.kind === "drop-row") r.t.rows.splice(r.i, 1);
			else r.t.rows.splice(r.i, 0, structuredClone(r.row));
		} else if (m.kind === "drop-cell") {
			const r = rows[idx(rows.length, m.at)];
			r?.row.cells.splice(idx(r.row.cells.length, m.at), 1);
		} else {
			const cell = cells[idx(cells.length, m.at)];
			const para = cell?.paragraphs[0];
			if (!cell || !para) continue;
			if (m.kind === "cut-text")
				para.text = para.text.slice(0, Math.floor(m.where * para.text.length));
			else if (m.kind === "set-text") para.text = m.text;
		}
	}
	return doc;
}

/** Run `numRuns` mutated documents through documentToRecord (no Markdown parse: fast). */
export function runModelFuzz(numRuns: number, seed: number): FuzzTotals {
	const documents = fuzzBases().map((text, i) => {
		const bytes = Buffer.from(text, "utf8");
		const file = `base-${i}.md`;
		const doc = parserFor(file, bytes)({ file, bytes, sha256: String(i) });
		if (doc instanceof Promise)
			throw new Error("expected a synchronous parser");
		return doc;
	});
	const store = openStore(":memory:");
	const totals = newTotals();
	try {
		fc.assert(
			fc.property(
				fc.nat({ max: documents.length - 1 }),
				fc.array(modelMutationArb, { minLength: 1, maxLength: 5 }),
				(base, mutations) => {
					const t0 = performance.now();
					const doc = mutateDocument(
						documents[base] as TailanDocument,
						mutations,
					);
					try {
						const result = documentToRecord({
							...doc,
							sha256: `m${totals.inputs}`,
						});
						expect(ReportRecordSchema.safeParse(result.record).success).toBe(
							true,
						);
						checkHoldsAndRepeats(result);
						assertStorable(result, doc.file);
						// Storing every input would double the time; every tenth keeps the store honest.
						if (totals.inputs % 10 === 0) {
							const outcome = store.importResult(result);
							if (outcome.status === "imported")
								checkStoredHeld(store, result, outcome.reportId, totals);
						}
						totals.stored++;
						totals.flags += result.flags.length;
					} catch (error) {
						if (!(error instanceof DocumentLoadError)) throw error;
						totals.loadErrors++;
						totals.reasons.set(
							error.reason,
							(totals.reasons.get(error.reason) ?? 0) + 1,
						);
					}
					const ms = performance.now() - t0;
					totals.slowestMs = Math.max(totals.slowestMs, ms);
					totals.inputs++;
					expect(ms, "one small input took too long (a hang?)").toBeLessThan(
						TIME_BOUND_MS,
					);
				},
			),
			{ numRuns, seed },
		);
	} finally {
		store.close();
	}
	return totals;
}
