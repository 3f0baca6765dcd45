/**
 * Test support (not re-exported): an IngestResult built from the hand-checked seed export, so
 * store and CLI tests do not depend on the pipeline.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { IngestResult } from "../pipeline/ingest.ts";
import type { ReportRecord } from "../pipeline/records.ts";
import { WRITE_LOCK } from "./pg/sync.ts";
import { isPostgresUrl } from "./pg/url.ts";

export const SEED_INPUT = new URL(
	"../fixtures/markdown/seed/input.md",
	import.meta.url,
);
export const SEED_EXPECTED = new URL(
	"../fixtures/markdown/seed/expected.json",
	import.meta.url,
);

/** expected.json without its "notes" fields: exactly the DESIGN.md §4 record. */
export function seedRecord(): ReportRecord {
	const gold = JSON.parse(
		readFileSync(SEED_EXPECTED, "utf8"),
	) as ReportRecord & { notes?: unknown };
	const { notes: _notes, ...record } = gold;
	return {
		...record,
		measures: record.measures.map((measure) => {
			const { notes: _measureNotes, ...rest } = measure as typeof measure & {
				notes?: unknown;
			};
			return rest;
		}),
	};
}

/**
 * A minimal IngestResult for the seed: a fake document (no pages) whose sha256 and size are those
 * of the input bytes, the gold record, two flags and one decision.
 * @param bytes the document bytes (default: the seed input); other bytes give another sha256
 */
export function seedIngestResult(
	bytes: Buffer = readFileSync(SEED_INPUT),
): IngestResult {
	const file = "fixtures/markdown/seed/input.md";
	return {
		status: "partial",
		document: {
			file,
			format: "markdown",
			sha256: createHash("sha256").update(bytes).digest("hex"),
			bytes: bytes.length,
			pages: [],
			issues: [],
		},
		record: seedRecord(),
		flags: [
			{
				kind: "level-not-on-scale",
				severity: "warning",
				item: "4.6",
				field: "performancePct",
				message:
					'column 9 of a continuation row says "9", which is not a level',
				evidence: { raw: "9" },
				prov: { file, page: 5, table: 4, row: 3, cell: 9 },
			},
			{
				kind: "unit-unclear",
				severity: "info",
				item: "2.5",
				field: "baseline",
				message: "the indicator names neither a count nor a percent",
				evidence: {},
				prov: null,
			},
		],
		decisions: [
			{
				kind: "move",
				item: "1.2",
				field: "achievement",
				confidence: 0.8,
				evidence: 'dangling end "Доктор" continues in the next cell',
				prov: {
					file,
					page: 1,
					table: 0,
					row: 6,
					cell: 7,
					start: 100,
					end: 180,
				},
				text: "Хью Парсонсоор …",
				from: "1.3",
				to: "1.2",
			},
		],
		issues: [{ severity: "warning", message: "page 3: header word garbled" }],
		holds: [],
	};
}

/** Another process holding a database's write lock (see holdWriteLock). */
export interface LockHolder {
	/** Commit and end the process; resolves when the lock is free. */
	release(): Promise<void>;
}

/**
 * Take the write lock of a database file in another process (BEGIN IMMEDIATE, as an import
 * does while it stores a report) and keep it until `release()` — or for `options.ms`
 * milliseconds. Resolves once the lock is held. Tests of what a writer does meanwhile.
 * @param path the database file
 * @param options ms: release by itself after this long (default: only when told); sql: run
 *   in the held transaction just before it commits (what the other process wrote)
 */
export function holdWriteLock(
	path: string,
	options: { ms?: number; sql?: string } = {},
): Promise<LockHolder> {
	const { ms, sql } = options;
	const script = isPostgresUrl(path)
		? postgresLockScript(path, options)
		: `
		const Database = require(${JSON.stringify(createRequire(import.meta.url).resolve("better-sqlite3"))});
		const db = new Database(${JSON.stringify(path)}, { fileMustExist: true });
		db.exec("BEGIN IMMEDIATE");
		const release = () => {
			${sql === undefined ? "" : `db.exec(${JSON.stringify(sql)});`}
			db.exec("COMMIT");
			db.close();
			process.exit(0);
		};
		process.stdin.on("data", release);
		${ms === undefined ? "" : `setTimeout(release, ${ms});`}
		process.stdout.write("locked\\n");
	`;
	const child = spawn(process.execPath, ["-e", script], {
		stdio: ["pipe", "pipe", "inherit"],
	});
	child.stdin.on("error", () => {});
	let output = "";
	const exited = new Promise<number | null>((resolve) =>
		child.on("exit", resolve),
	);
	const locked = new Promise<void>((resolve, reject) => {
		child.stdout.on("data", (d) => {
			output += d;
			if (output.includes("locked")) resolve();
		});
		void exited.then((code) =>
			reject(new Error(`holdWriteLock: exited with ${code}: ${output}`)),
		);
	});
	const released = exited.then((code) => {
		if (code !== 0)
			throw new Error(`holdWriteLock: exited with ${code}: ${output}`);
	});
	released.catch(() => {});
	return locked.then(() => ({
		release: () => {
			if (!child.stdin.destroyed) child.stdin.end("release\n");
			return released;
		},
	}));
}

/**
 * holdWriteLock on PostgreSQL: a transaction holding the store's write lock (WRITE_LOCK), as an
 * import's does while it stores a report; `sql` runs in it before it commits.
 */
function postgresLockScript(
	url: string,
	options: { ms?: number; sql?: string },
): string {
	const { ms, sql } = options;
	return `
		const pg = require(${JSON.stringify(createRequire(import.meta.url).resolve("pg"))});
		const client = new pg.Client({ connectionString: ${JSON.stringify(url)} });
		(async () => {
			await client.connect();
			await client.query("BEGIN");
			await client.query("SELECT pg_advisory_xact_lock(${WRITE_LOCK})");
			let released = false;
			const release = async () => {
				if (released) return;
				released = true;
				${sql === undefined ? "" : `await client.query(${JSON.stringify(sql)});`}
				await client.query("COMMIT");
				await client.end();
				process.exit(0);
			};
			process.stdin.on("data", () => void release());
			${ms === undefined ? "" : `setTimeout(() => void release(), ${ms});`}
			process.stdout.write("locked\\n");
		})().catch((error) => { console.error(error); process.exit(1); });
	`;
}
