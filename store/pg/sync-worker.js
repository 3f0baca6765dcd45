/**
 * The thread behind a synchronous PostgreSQL connection (store/pg/sync.ts): it owns one pg.Client
 * and answers one request at a time. The caller posts a request on `port` and sleeps on
 * `signal` (Atomics.wait); this thread runs the statements, posts the reply on the same port and
 * wakes the caller (Atomics.notify), who reads it with receiveMessageOnPort. Plain JavaScript so
 * it loads the same under node, tsx and vitest, without a loader.
 *
 * Requests: { op: "query", steps: [{ text, values }], wrap } runs the steps in order (one wait
 * for the caller) and replies with the last step's rows (as arrays), fields and
 * row count; `wrap` runs them in BEGIN … COMMIT (rolled back on error). { op: "close" } ends the
 * connection. A failure replies { error: { message, code } }; a lost connection answers every
 * request with an error instead of leaving the caller asleep.
 */
import { workerData } from "node:worker_threads";
import pg from "pg";

const { url, port, signal, settings } = workerData;
const state = new Int32Array(signal);

const INT8 = 20;
const NUMERIC = 1700;
const BOOL = 16;
const JSON_OID = 114;
const JSONB = 3802;
const DATE = 1082;
const TIMESTAMP = 1114;
const TIMESTAMPTZ = 1184;

/** Rows as SQLite gives them: whole numbers and decimals as numbers, booleans 1/0, dates and JSON as text. */
const types = {
	getTypeParser(oid, format) {
		if (oid === INT8)
			return (value) => {
				const n = Number(value);
				if (!Number.isSafeInteger(n))
					throw new RangeError(`a bigint out of JS range: ${value}`);
				return n;
			};
		if (oid === NUMERIC) return (value) => Number(value);
		if (oid === BOOL) return (value) => (value === "t" ? 1 : 0);
		if (
			oid === JSON_OID ||
			oid === JSONB ||
			oid === DATE ||
			oid === TIMESTAMP ||
			oid === TIMESTAMPTZ
		)
			return (value) => value;
		return pg.types.getTypeParser(oid, format);
	},
};

let lost = null;
const client = new pg.Client({
	connectionString: url,
	types,
	application_name: settings.applicationName,
	keepAlive: true,
	idle_in_transaction_session_timeout: settings.idleInTransactionMs,
	lock_timeout: settings.lockTimeoutMs,
});
client.on("error", (error) => {
	lost = error;
});
client.on("end", () => {
	lost ??= new Error("the connection to PostgreSQL ended");
});

function reply(message) {
	port.postMessage(message);
	Atomics.store(state, 0, 1);
	Atomics.notify(state, 0);
}

function failure(error) {
	return {
		error: {
			message: error instanceof Error ? error.message : String(error),
			code: typeof error?.code === "string" ? error.code : "",
			detail: typeof error?.detail === "string" ? error.detail : undefined,
			table: typeof error?.table === "string" ? error.table : undefined,
			column: typeof error?.column === "string" ? error.column : undefined,
			constraint:
				typeof error?.constraint === "string" ? error.constraint : undefined,
			lost: lost !== null,
		},
	};
}

async function run(steps, wrap) {
	// One statement after another (pg refuses overlapping queries on one client); the caller
	// still waits once for them all.
	let result;
	if (wrap) await client.query("BEGIN");
	try {
		for (const step of steps)
			result = await client.query({
				text: step.text,
				values: step.values,
				rowMode: "array",
			});
		if (wrap) await client.query("COMMIT");
	} catch (error) {
		if (wrap && !lost) await client.query("ROLLBACK").catch(() => {});
		throw error;
	}
	const last = Array.isArray(result) ? result[result.length - 1] : result;
	return {
		rows: last?.rows ?? [],
		fields: (last?.fields ?? []).map((f) => [f.name, f.dataTypeID]),
		rowCount: last?.rowCount ?? 0,
	};
}

port.on("message", async (request) => {
	if (lost) {
		reply(failure(lost));
		return;
	}
	try {
		if (request.op === "close") {
			await client.end();
			reply({ ok: true });
			port.close();
			return;
		}
		reply(await run(request.steps, request.wrap));
	} catch (error) {
		reply(failure(error));
	}
});

try {
	await client.connect();
	reply({ ok: true });
} catch (error) {
	lost = error;
	reply(failure(error));
	port.close();
}
