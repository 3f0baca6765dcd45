/**
 * Nothing a clerk saves is lost while an import runs (issue 13). Real processes, as people use
 * them: a batch import (`tailan import`, worker threads, one writing connection) stores generated
 * reports; meanwhile the review app (`tailan review`, its own process) answers saves over HTTP on
 * 127.0.0.1 — corrections and flag decisions, posted with the page's CSRF token from several
 * clients at once — and `tailan corrections import` applies a sheet again and again. Every save
 * must be answered as saved (303), every corrections run must exit 0, and every value must be in
 * the database afterwards.
 *
 * Before the write transactions took their lock up front, a save that read first and then wrote
 * failed at once with "database is locked" (SQLite does not wait when a read transaction asks to
 * write): this test then saw HTTP 500s.
 */
import { type ChildProcess, spawn } from "node:child_process";
import {
	mkdirSync,
	mkdtempSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, it } from "vitest";
import { flagsToRows, sheetTable } from "../cli/corrections.ts";
import { toCsv } from "../output/index.ts";
import { ingestMarkdown } from "../pipeline/ingest.ts";
import { openStore, reviewStore } from "../store/index.ts";
import { seedRecord } from "../store/testing.ts";
import { variantRecord } from "./batch-gen.ts";
import { onPostgres, testDb } from "./engine.ts";
import { emptyPlan, renderReportMarkdown } from "./render.ts";

const BIN = fileURLToPath(new URL("../bin/tailan.js", import.meta.url));
const SEED = readFileSync(
	new URL("../fixtures/markdown/seed/input.md", import.meta.url),
	"utf8",
);
/** Saves the review app must answer while imports run. */
const SAVES = 500;
/** Corrections imports that must finish while imports run. */
const SHEET_RUNS = 3;
/**
 * Reports per import round. Rounds of new reports follow one another (up to ROUNDS) until SAVES
 * saves and SHEET_RUNS corrections imports were made while one ran: a loaded machine makes
 * fewer saves per round and runs more rounds.
 */
const PER_ROUND = 20;
const ROUNDS = 25;
// On PostgreSQL each statement is a round trip: the rounds take longer there.
const REVIEW_TIMEOUT_MS = onPostgres ? 600_000 : 120_000;
/** Clients posting at once (clerks, tabs). */
const CLIENTS = 3;

const dir = mkdtempSync(join(tmpdir(), "tailan-review-concurrency-"));
const children = new Set<ChildProcess>();
afterAll(() => {
	for (const child of children) child.kill("SIGKILL");
	rmSync(dir, { recursive: true, force: true });
});

interface Run {
	code: number | null;
	output: string;
}

/** Run `tailan …`; `onOutput` sees the output as it comes. */
function tailan(
	args: string[],
	onOutput?: (text: string) => void,
): { child: ChildProcess; done: Promise<Run> } {
	const child = spawn(process.execPath, [BIN, ...args], {
		stdio: ["ignore", "pipe", "pipe"],
	});
	children.add(child);
	let output = "";
	const take = (d: Buffer) => {
		output += d;
		onOutput?.(output);
	};
	child.stdout?.on("data", take);
	child.stderr?.on("data", take);
	const done = new Promise<Run>((resolve) =>
		child.on("exit", (code) => {
			children.delete(child);
			resolve({ code, output });
		}),
	);
	return { child, done };
}

it(
	"should answer every review-app save and corrections import while a batch import runs",
	async () => {
		const db = testDb(dir, "t.db");
		const store = openStore(db);
		const seed = store.importResult(ingestMarkdown(SEED, { file: "seed.md" }));
		const reportId = seed.reportId;
		const review = reviewStore(store);
		// The sheet's rows: one per item with a flag on its narrative (the corrections import's part).
		const sheetItems = new Set(
			review
				.queue({ reportId, status: "all" })
				.filter((f) => f.field === "achievement" && f.item !== null)
				.map((f) => f.item as string),
		);
		// The clerks' part: the other items' narratives, and decisions on the flags of other fields.
		const httpItems = store
			.exportRecords(reportId)[0]
			?.measures.map((m) => m.item)
			.filter((item) => !sheetItems.has(item)) as string[];
		const decisionFlags = review
			.queue({ reportId, status: "all" })
			.filter((f) => f.item !== null && f.field !== "achievement")
			.map((f) => f.id);
		expect(sheetItems.size).toBeGreaterThan(5);
		expect(httpItems.length).toBeGreaterThan(10);
		expect(decisionFlags.length).toBeGreaterThanOrEqual(CLIENTS);

		const base = seedRecord();
		const writeRound = (round: number) => {
			const folder = join(dir, `round-${round}`);
			mkdirSync(folder);
			for (let k = 0; k < PER_ROUND; k++) {
				// Each its own department and year: new reports, not new versions of another.
				const record = variantRecord(base, round * PER_ROUND + k);
				writeFileSync(
					join(folder, `report-${k}.md`),
					renderReportMarkdown(record, emptyPlan(record)),
				);
			}
			return folder;
		};

		// The review app, started as a clerk starts it.
		let url = "";
		const server = tailan(
			["review", "--db", db, "--port", "0", "--no-open", "--who", "clerk"],
			(text) => {
				url = /on (http:\/\/127\.0\.0\.1:\d+)\//.exec(text)?.[1] ?? url;
			},
		);
		while (url === "") {
			const early = await Promise.race([
				server.done,
				new Promise<undefined>((resolve) => setTimeout(resolve, 50)),
			]);
			if (early) throw new Error(`tailan review stopped: ${early.output}`);
		}
		const queue = await fetch(`${url}/`);
		const csrf = /name="_csrf" value="([^"]+)"/.exec(await queue.text())?.[1];
		expect(csrf).toBeDefined();

		const failures: string[] = [];
		let saves = 0;
		let savesDuringImport = 0;
		let importing = false;
		const corrected: string[] = [];
		const lastDecision = new Map<number, "accepted" | "rejected">();

		let slowest = 0;
		const post = async (path: string, form: Record<string, string>) => {
			const during = importing;
			const t0 = performance.now();
			const res = await fetch(`${url}${path}`, {
				method: "POST",
				redirect: "manual",
				headers: { "content-type": "application/x-www-form-urlencoded" },
				body: new URLSearchParams({ _csrf: csrf as string, ...form }),
			});
			const body = await res.text();
			slowest = Math.max(slowest, performance.now() - t0);
			if (res.status !== 303) {
				failures.push(`POST ${path}: ${res.status} ${body.slice(0, 200)}`);
				return false;
			}
			saves++;
			if (during && importing) savesDuringImport++;
			return true;
		};

		// Each client owns its decision flags, so the last decision of a flag is known. The clients
		// and the sheet loop start while the first import runs (importer() sets `importing` at once)
		// and stop when the last one has finished.
		const client = async (c: number) => {
			const own = decisionFlags.filter((_, i) => i % CLIENTS === c);
			for (let n = 0; importing; n++) {
				if (n % 5 === 4) {
					const flag = own[n % own.length] as number;
					const action = (n / 5) % 2 === 0 ? "accept" : "reject";
					if (await post(`/flags/${flag}/${action}`, { next: "/" }))
						lastDecision.set(
							flag,
							action === "accept" ? "accepted" : "rejected",
						);
				} else {
					const item = httpItems[
						(n * CLIENTS + c) % httpItems.length
					] as string;
					const value = `клерк ${c}-${n}: засвар`;
					if (
						await post(`/reports/${reportId}/items/${item}/correct`, {
							field: "achievement",
							value,
							reason: "concurrency test",
						})
					)
						corrected.push(value);
				}
			}
		};

		// `tailan corrections import`, again and again, each time with new values.
		const sheetRuns: {
			code: number | null;
			output: string;
			values: string[];
		}[] = [];
		const sheet = join(dir, "sheet.csv");
		let sheetsDuringImport = 0;
		const sheetLoop = async () => {
			for (let run = 0; importing; run++) {
				const seen = new Set<string>();
				const rows = flagsToRows(store, { reportId, status: "all" });
				const values: string[] = [];
				for (const row of rows) {
					if (row.field !== "achievement" || seen.has(row.item)) continue;
					seen.add(row.item);
					row.new_value = `хүснэгт ${run}: ${row.item}`;
					row.reason = "concurrency test";
					values.push(row.new_value);
				}
				writeFileSync(sheet, toCsv(sheetTable(rows), { bom: true }));
				const during = importing;
				const { done } = tailan([
					"corrections",
					"import",
					sheet,
					"--db",
					db,
					"--who",
					"sheet",
				]);
				sheetRuns.push({ ...(await done), values });
				if (during && importing) sheetsDuringImport++;
			}
		};

		// Import rounds until enough saves were made while reports were being stored.
		const imported: Run[] = [];
		const importSeconds: number[] = [];
		const importer = async () => {
			for (let round = 0; round < ROUNDS; round++) {
				const folder = writeRound(round);
				importing = true;
				const t0 = performance.now();
				const { done } = tailan(["import", folder, "--db", db]);
				imported.push(await done);
				importSeconds.push((performance.now() - t0) / 1000);
				importing = false;
				if (savesDuringImport >= SAVES && sheetsDuringImport >= SHEET_RUNS)
					break;
			}
		};
		const started = performance.now();
		const running = importer();
		await Promise.all([
			running,
			...Array.from({ length: CLIENTS }, (_, c) => client(c)),
			sheetLoop(),
		]);
		const seconds = (performance.now() - started) / 1000;
		server.child.kill("SIGTERM");
		await server.done;

		const failedRuns = sheetRuns.filter((r) => r.code !== 0);
		const sheetValues = sheetRuns.flatMap((r) => r.values);
		console.log(
			`review concurrency: ${saves + failures.length} saves over HTTP (${savesDuringImport} answered while ${imported.length} imports of ${PER_ROUND} reports ran), ${failures.length} failed; ${sheetRuns.length} corrections imports (${sheetsDuringImport} during imports, ${sheetValues.length} corrections), ${failedRuns.length} failed; ${seconds.toFixed(1)} s (imports ${importSeconds.map((t) => t.toFixed(1)).join(", ")} s; slowest save ${(slowest / 1000).toFixed(2)} s)`,
		);
		expect(failures.slice(0, 10), `${failures.length} failed saves`).toEqual(
			[],
		);
		for (const run of imported) {
			expect(run.code, run.output.slice(-2000)).toBe(0);
			expect(run.output).toMatch(
				new RegExp(`: ${PER_ROUND} imported, 0 duplicates skipped, 0 failed;`),
			);
		}
		expect(savesDuringImport).toBeGreaterThanOrEqual(SAVES);
		expect(
			failedRuns.map((r) => `exit ${r.code}: ${r.output.slice(-500)}`),
		).toEqual([]);
		expect(sheetsDuringImport).toBeGreaterThanOrEqual(SHEET_RUNS);

		// Every save is in the database.
		const stored = store.listCorrections(reportId);
		const storedValues = new Set(stored.map((c) => String(c.newValue)));
		expect(corrected.filter((v) => !storedValues.has(v))).toEqual([]);
		expect(stored.filter((c) => c.who === "clerk")).toHaveLength(
			corrected.length,
		);
		expect(sheetValues.filter((v) => !storedValues.has(v))).toEqual([]);
		expect(stored.filter((c) => c.who === "sheet")).toHaveLength(
			sheetValues.length,
		);
		for (const [flag, status] of lastDecision)
			expect(review.flag(flag)?.status, `flag ${flag}`).toBe(status);
		expect(store.listReports()).toHaveLength(1 + PER_ROUND * imported.length);
		store.close();
	},
	REVIEW_TIMEOUT_MS,
);
