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
	// The store's statements are short: JIT only costs (a history call on a freshly loaded
	// database compiled hundreds of functions, 3.6 s, for a 2–18 ms execution). A URL's own
	// `options` parameter replaces this one.
	options: "-c jit=off",
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

/**
 * Named prepared statements, one per distinct text, kept for this connection: PostgreSQL parses
 * and plans an unnamed statement again on every call (12–40 ms for history and compare, more
 * than they take to run). A step without values goes by the simple protocol, unnamed (a
 * migration, several statements in one text). Statements without values that change the schema
 * start a new generation of names, so no statement prepared before runs on a cached plan whose
 * result shape changed; and past MAX_NAMED texts (a text built per call would grow the server's
 * memory) statements are sent unnamed.
 */
const MAX_NAMED = 1000;
const named = new Map();
let generation = 0;
const DDL = /\b(create|alter|drop|truncate)\b/i;

function nameOf(text) {
	const known = named.get(text);
	if (known !== undefined) return known;
	if (named.size >= MAX_NAMED) return undefined;
	const name = `tailan_${generation}_${named.size}`;
	named.set(text, name);
	return name;
}

async function step1(step) {
	if (!step.values || step.values.length === 0) {
		const result = await client.query({ text: step.text, rowMode: "array" });
		if (DDL.test(step.text)) {
			generation++;
			named.clear();
		}
		return result;
	}
	return client.query({
		name: nameOf(step.text),
		text: step.text,
		values: step.values,
		rowMode: "array",
	});
}

async function run(steps, wrap) {
	// One statement after another (pg refuses overlapping queries on one client); the caller
	// still waits once for them all.
	let result;
	if (wrap) await client.query("BEGIN");
	try {
		for (const step of steps) result = await step1(step);
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
