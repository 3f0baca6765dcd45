/**
 * A synchronous PostgreSQL connection that is a store Handle (store/handle.ts), so the store's
 * modules run on PostgreSQL unchanged. A worker thread (sync-worker.js) owns one pg.Client; each
 * call posts {sql, values} to it and sleeps on a SharedArrayBuffer (Atomics.wait) until the
 * thread has the answer, then reads it with receiveMessageOnPort. One statement at a time per
 * connection, as with better-sqlite3.
 *
 * SQLite's shapes: statements are the store's SQLite text, translated by toPostgresStatement and
 * their `@name`/`?` parameters numbered (store/dialect.ts); values bind from an object of named
 * parameters or in order, booleans as 1/0; rows come back with whole numbers (COUNT's bigint,
 * ROUND's numeric) as numbers, booleans as 1/0, bytea as Buffers, dates and JSON as text, and
 * keys in the case the statement wrote them (PostgreSQL folds unquoted names to lower case).
 *
 * Locking, as SQLite's (store/connection.ts): `.immediate()` is BEGIN plus the store's one write
 * lock (a transaction-level advisory lock, WRITE_LOCK) before the first statement; a write
 * outside a transaction, or the first write of a deferred one, takes the same lock first; a
 * deferred transaction is REPEATABLE READ (one snapshot, like a read under WAL); a transaction
 * inside another is a SAVEPOINT. Waiting longer than the busy timeout for a lock is
 * StoreBusyError (lock_timeout); every other PostgreSQL error is a StoreError with the server's
 * message and `code` "PG_<SQLSTATE>". A lost connection, or a server that stops answering, is a
 * StoreError too — the caller never sleeps forever.
 */
import {
	MessageChannel,
	type MessagePort,
	receiveMessageOnPort,
	Worker,
} from "node:worker_threads";
import {
	numberParameters,
	toPostgres,
	toPostgresStatement,
} from "../dialect.ts";
import { StoreBusyError, StoreError } from "../errors.ts";
import type {
	ArgumentTypes,
	Handle,
	RunResult,
	Statement,
	Transaction,
	TransactionFunction,
} from "../handle.ts";

/**
 * The store's one write lock on PostgreSQL (any fixed number): every writing transaction takes
 * it first, as a SQLite writer takes the database's write lock.
 */
export const WRITE_LOCK = 7_315_002;
/** The lock that serialises migrations across processes (distinct from WRITE_LOCK). */
export const MIGRATION_LOCK = 7_315_001;
/** How long the server lets a transaction wait for its client before ending it. */
export const IDLE_IN_TRANSACTION_MS = 60_000;
/** How long a statement may run (beyond waiting for the lock) before the caller gives up on it. */
export const REPLY_TIMEOUT_MS = 300_000;

const BYTEA = 17;
const BUSY_CODES = new Set(["55P03", "40001", "40P01"]);
/** Take a transaction-level advisory lock (WRITE_LOCK, MIGRATION_LOCK), held until it ends. */
export const LOCK_STATEMENT = "SELECT pg_advisory_xact_lock(@lock)";
const LOCK = numberParameters(LOCK_STATEMENT).text;

export interface PostgresOptions {
	/** How long to wait for the write lock before StoreBusyError (lock_timeout). */
	busyTimeoutMs: number;
	/** How long to wait for any one answer before the connection counts as lost. */
	replyTimeoutMs?: number;
}

interface Reply {
	ok?: boolean;
	rows?: unknown[][];
	fields?: [string, number][];
	rowCount?: number;
	error?: PgFailure;
}

interface PgFailure {
	message: string;
	code: string;
	detail?: string;
	table?: string;
	column?: string;
	constraint?: string;
	lost: boolean;
}

interface Step {
	text: string;
	values: unknown[];
}

/** Open a synchronous connection (no migrations: see openConnection). */
export function connectPostgres(
	url: string,
	options: PostgresOptions,
): PostgresHandle {
	return new PostgresHandle(url, options);
}

/** True for a connection of this module. */
export function isPostgresHandle(db: Handle): db is PostgresHandle {
	return db instanceof PostgresHandle;
}

/** Never notified: Atomics.wait on it is a sleep. */
const NAP = new Int32Array(new SharedArrayBuffer(4));

export class PostgresHandle implements Handle {
	readonly engine = "postgres" as const;
	readonly busyTimeoutMs: number;
	readonly #worker: Worker;
	readonly #port: MessagePort;
	readonly #state: Int32Array;
	readonly #replyTimeoutMs: number;
	#broken: StoreError | undefined;
	#closed = false;
	/** Open transaction levels: whether the write lock was held when each began. */
	readonly #levels: boolean[] = [];
	#locked = false;

	constructor(url: string, options: PostgresOptions) {
		this.busyTimeoutMs = options.busyTimeoutMs;
		this.#replyTimeoutMs =
			options.replyTimeoutMs ?? options.busyTimeoutMs + REPLY_TIMEOUT_MS;
		const signal = new SharedArrayBuffer(4);
		this.#state = new Int32Array(signal);
		const { port1, port2 } = new MessageChannel();
		this.#port = port1;
		this.#worker = new Worker(new URL("./sync-worker.js", import.meta.url), {
			workerData: {
				url,
				port: port2,
				signal,
				settings: {
					applicationName: "tailan",
					idleInTransactionMs: IDLE_IN_TRANSACTION_MS,
					// lock_timeout 0 is "wait forever"; a busy timeout of 0 means "do not wait".
					lockTimeoutMs: Math.max(1, options.busyTimeoutMs),
				},
			},
			transferList: [port2],
		});
		this.#worker.unref();
		this.#port.unref();
		// An error of the thread itself (it failed to load) answers through the wait's timeout;
		// listening keeps it from becoming an uncaught exception of the process.
		this.#worker.on("error", () => {});
		const connected = this.#wait(
			Math.min(this.#replyTimeoutMs, 30_000),
			"connect",
		);
		if (connected.error) {
			this.#closed = true;
			void this.#worker.terminate();
			throw new StoreError(
				`cannot connect to PostgreSQL: ${connected.error.message}`,
				pgCode(connected.error.code),
			);
		}
	}

	get inTransaction(): boolean {
		return this.#levels.length > 0;
	}

	prepare<
		// biome-ignore lint/complexity/noBannedTypes: the Handle's signature (better-sqlite3's)
		BindParameters extends unknown[] | {} = unknown[],
		Result = unknown,
	>(source: string): Statement<BindParameters, Result> {
		return new PostgresStatement(this, source) as never;
	}

	/**
	 * Run statements without parameters or results, as PostgreSQL's SQL (a migration is translated
	 * by toPostgres before, in migratePostgres); outside a transaction in one of their own, with
	 * the write lock.
	 */
	exec(source: string): this {
		this.#send([{ text: source, values: [] }], true);
		return this;
	}

	pragma(source: string, options: { simple?: boolean } = {}): unknown {
		const name = source.trim().toLowerCase();
		let value: unknown;
		if (name === "user_version") value = schemaVersion(this, "store");
		else if (name === "journal_mode") value = "postgresql";
		else if (name === "foreign_keys") value = 1;
		else if (name === "busy_timeout") value = this.busyTimeoutMs;
		else
			throw new StoreError(
				`PRAGMA ${source} is SQLite's: PostgreSQL has no such setting`,
				"PG_PRAGMA",
			);
		return options.simple ? value : [{ [name]: value }];
	}

	transaction<F extends TransactionFunction>(fn: F): Transaction<F> {
		const run =
			(immediate: boolean) =>
			(...params: ArgumentTypes<F>): ReturnType<F> =>
				this.#inTransaction(immediate, () => fn(...params) as ReturnType<F>);
		return Object.assign(run(false), {
			deferred: run(false),
			immediate: run(true),
		});
	}

	close(): this {
		if (this.#closed) return this;
		this.#closed = true;
		if (!this.#broken) {
			try {
				this.#call({ op: "close" }, "close");
			} catch {
				// Closing a connection that is gone: nothing left to close.
			}
		}
		void this.#worker.terminate();
		return this;
	}

	/** Run a statement's steps; `text` is PostgreSQL's, `write` whether it changes rows. */
	run(text: string, values: unknown[], write: boolean): Reply {
		return this.#send([{ text, values }], write);
	}

	/**
	 * Send `steps` (one round trip). A write takes the write lock first: with the steps in a
	 * transaction of their own outside one, before them inside one that does not hold it yet.
	 */
	#send(steps: Step[], write: boolean): Reply {
		if (!write) return this.#call({ op: "query", steps, wrap: false });
		const lock = {
			text: LOCK,
			values: [WRITE_LOCK],
		};
		if (this.#levels.length === 0)
			return this.#call({ op: "query", steps: [lock, ...steps], wrap: true });
		if (this.#locked) return this.#call({ op: "query", steps, wrap: false });
		const reply = this.#call({
			op: "query",
			steps: [lock, ...steps],
			wrap: false,
		});
		this.#locked = true;
		return reply;
	}

	#inTransaction<T>(immediate: boolean, fn: () => T): T {
		const depth = this.#levels.length;
		const savepoint = `tailan_${depth}`;
		const lockedBefore = this.#locked;
		const steps: string[] =
			depth === 0
				? [immediate ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ"]
				: [`SAVEPOINT ${savepoint}`];
		const lock = immediate && !this.#locked;
		this.#call(
			{
				op: "query",
				steps: [
					...steps.map((text) => ({ text, values: [] })),
					...(lock
						? [
								{
									text: LOCK,
									values: [WRITE_LOCK],
								},
							]
						: []),
				],
				wrap: false,
			},
			depth === 0 ? "BEGIN" : "SAVEPOINT",
			() =>
				this.#rollbackQuietly(
					depth === 0
						? "ROLLBACK"
						: `ROLLBACK TO SAVEPOINT ${savepoint}; RELEASE SAVEPOINT ${savepoint}`,
				),
		);
		if (lock) this.#locked = true;
		this.#levels.push(lockedBefore);
		let result: T;
		try {
			result = fn();
			if (
				result !== null &&
				typeof result === "object" &&
				typeof (result as { then?: unknown }).then === "function"
			)
				throw new TypeError("Transaction function cannot return a promise");
		} catch (error) {
			this.#levels.pop();
			this.#locked = lockedBefore;
			this.#rollbackQuietly(
				depth === 0
					? "ROLLBACK"
					: `ROLLBACK TO SAVEPOINT ${savepoint}; RELEASE SAVEPOINT ${savepoint}`,
			);
			throw error;
		}
		this.#levels.pop();
		try {
			this.#call({
				op: "query",
				steps: [
					{
						text: depth === 0 ? "COMMIT" : `RELEASE SAVEPOINT ${savepoint}`,
						values: [],
					},
				],
				wrap: false,
			});
		} catch (error) {
			this.#locked = lockedBefore;
			if (depth === 0) this.#rollbackQuietly("ROLLBACK");
			throw error;
		}
		if (depth === 0) this.#locked = false;
		return result;
	}

	#rollbackQuietly(text: string): void {
		if (this.#broken || this.#closed) return;
		try {
			this.#call({ op: "query", steps: [{ text, values: [] }], wrap: false });
		} catch {
			// The connection broke: the server rolls the transaction back itself.
		}
	}

	#call(
		request: { op: "query"; steps: Step[]; wrap: boolean } | { op: "close" },
		what = "",
		onError?: () => void,
	): Reply {
		if (this.#closed && request.op !== "close")
			throw new TypeError("The database connection is not open");
		if (this.#broken) throw this.#broken;
		Atomics.store(this.#state, 0, 0);
		this.#port.postMessage(request);
		const reply = this.#wait(
			this.#replyTimeoutMs,
			what ||
				(request.op === "query"
					? (request.steps.at(-1)?.text ?? "")
					: request.op),
		);
		if (reply.error) {
			const error = this.#errorOf(reply.error);
			onError?.();
			throw error;
		}
		return reply;
	}

	/**
	 * Sleep until the thread's reply is on the port. The thread posts, then stores 1 and notifies,
	 * so the store and the notify of the previous reply can land after that reply was read, while
	 * this call waits: they wake it with nothing to read yet. So look, and sleep again (a
	 * millisecond's nap when a stale 1 makes the wait return at once), until the reply is there or
	 * the time is up — never take an early wake for a lost server.
	 */
	#wait(timeoutMs: number, what: string): Reply {
		const deadline = performance.now() + timeoutMs;
		for (;;) {
			const message = receiveMessageOnPort(this.#port);
			if (message !== undefined) return message.message as Reply;
			const left = deadline - performance.now();
			if (left <= 0) break;
			if (Atomics.wait(this.#state, 0, 0, left) === "not-equal")
				Atomics.wait(NAP, 0, 0, 1);
		}
		this.#broken = new StoreError(
			`PostgreSQL did not answer within ${Math.round(timeoutMs / 1000)} s (${excerpt(what)}): the server or the network is down, or the statement runs too long — nothing more is sent on this connection; open the store again`,
			"PG_TIMEOUT",
		);
		void this.#worker.terminate();
		throw this.#broken;
	}

	#errorOf(error: NonNullable<Reply["error"]>): StoreError {
		const code = pgCode(error.code);
		// The server's error as the cause, as better-sqlite3's is on SQLite.
		const cause = { cause: Object.assign(new Error(error.message), error) };
		if (error.lost || /^08/.test(error.code)) {
			this.#broken = new StoreError(
				`the connection to PostgreSQL was lost: ${error.message} — open the store again once the server is back`,
				code,
				cause,
			);
			return this.#broken;
		}
		if (BUSY_CODES.has(error.code))
			return new StoreBusyError(
				error.code === "55P03"
					? `database is locked: another process held the write lock longer than ${this.busyTimeoutMs} ms (${error.message})`
					: `database is busy: ${error.message}`,
				code,
				cause,
			);
		return new StoreError(
			constraintMessage(error) ?? error.message,
			code,
			cause,
		);
	}
}

/**
 * A constraint's failure in SQLite's words ("UNIQUE constraint failed: measures.report_id,
 * measures.item"), PostgreSQL's own after a dash: callers and people read one message whatever
 * the engine.
 */
function constraintMessage(error: PgFailure): string | undefined {
	const { table, column, constraint } = error;
	const own = ` — ${error.message}${error.detail ? ` (${error.detail})` : ""}`;
	switch (error.code) {
		case "23505": {
			const key = /^Key \(([^)]*)\)=/.exec(error.detail ?? "")?.[1];
			const columns = key
				?.split(",")
				.map((c) => `${table}.${c.trim()}`)
				.join(", ");
			return `UNIQUE constraint failed: ${columns ?? constraint}${own}`;
		}
		case "23514":
			return `CHECK constraint failed: ${constraint}${own}`;
		case "23502":
			return `NOT NULL constraint failed: ${table}.${column}${own}`;
		case "23503":
			return `FOREIGN KEY constraint failed${own}`;
		default:
			return undefined;
	}
}

function pgCode(code: string): string {
	return code === "" ? "PG_ERROR" : `PG_${code}`;
}

function excerpt(sql: string): string {
	const line = sql.replace(/\s+/g, " ").trim();
	return line.length > 60 ? `${line.slice(0, 57)}…` : line;
}

/** A write: INSERT/UPDATE/DELETE, or a WITH whose statement is one. */
function isWrite(text: string): boolean {
	const head = text.trimStart().slice(0, 6).toUpperCase();
	if (
		head.startsWith("INSERT") ||
		head.startsWith("UPDATE") ||
		head.startsWith("DELETE")
	)
		return true;
	return (
		head.startsWith("WITH") &&
		/\b(INSERT\s+INTO|DELETE\s+FROM|UPDATE\s+\w+\s+SET)\b/i.test(text)
	);
}

/** lower case → the case written, for the mixed-case names of a statement (aliases like documentId). */
function namesOf(text: string): Map<string, string> {
	const names = new Map<string, string>();
	for (const [name] of text.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) {
		const lower = name.toLowerCase();
		if (lower !== name && name.toUpperCase() !== name && !names.has(lower))
			names.set(lower, name);
	}
	return names;
}

class PostgresStatement {
	readonly #db: PostgresHandle;
	readonly #text: string;
	readonly #order: (string | number)[];
	readonly #write: boolean;
	readonly #names: Map<string, string>;

	constructor(db: PostgresHandle, source: string) {
		this.#db = db;
		const { text, order } = numberParameters(toPostgresStatement(source));
		this.#text = text;
		this.#order = order;
		this.#write = isWrite(text);
		this.#names = namesOf(text);
	}

	run(...params: unknown[]): RunResult {
		const reply = this.#db.run(this.#text, this.#values(params), this.#write);
		const changes = reply.rowCount ?? 0;
		return {
			changes,
			get lastInsertRowid(): number {
				throw new StoreError(
					"lastInsertRowid is SQLite's: on PostgreSQL the statement must say RETURNING id",
					"PG_NO_ROWID",
				);
			},
		};
	}

	get(...params: unknown[]): unknown {
		return this.#rows(params, 1)[0];
	}

	all(...params: unknown[]): unknown[] {
		return this.#rows(params);
	}

	#rows(params: unknown[], limit = Number.POSITIVE_INFINITY): unknown[] {
		const reply = this.#db.run(this.#text, this.#values(params), this.#write);
		const fields = reply.fields ?? [];
		const keys = fields.map(([name]) => this.#names.get(name) ?? name);
		const bytea = fields.map(([, oid]) => oid === BYTEA);
		const rows = reply.rows ?? [];
		const out: Record<string, unknown>[] = [];
		for (const row of rows) {
			if (out.length >= limit) break;
			const object: Record<string, unknown> = {};
			for (let i = 0; i < keys.length; i++) {
				const value = row[i];
				object[keys[i] as string] =
					bytea[i] && value instanceof Uint8Array
						? Buffer.from(value.buffer, value.byteOffset, value.byteLength)
						: value;
			}
			out.push(object);
		}
		return out;
	}

	/** The values in `$k` order: from the object of named parameters or the positional ones. */
	#values(params: unknown[]): unknown[] {
		let named: Record<string, unknown> | undefined;
		const positional: unknown[] = [];
		for (const param of params.flat())
			if (isNamedParameters(param)) named = param;
			else positional.push(param);
		return this.#order.map((key) => {
			if (typeof key === "number") {
				if (key >= positional.length)
					throw new RangeError("Too few parameter values were provided");
				return bindable(positional[key]);
			}
			if (named === undefined || !(key in named))
				throw new RangeError(`Missing named parameter "${key}"`);
			return bindable(named[key]);
		});
	}
}

function isNamedParameters(value: unknown): value is Record<string, unknown> {
	if (value === null || typeof value !== "object") return false;
	const proto = Object.getPrototypeOf(value);
	return proto === Object.prototype || proto === null;
}

/** A value as SQLite would bind it: booleans 1/0, bigints whole, undefined as NULL. */
function bindable(value: unknown): unknown {
	if (value === undefined) return null;
	if (typeof value === "boolean") return value ? 1 : 0;
	if (typeof value === "bigint") return value.toString();
	return value;
}

/** The schema table of PostgreSQL (one row per component), instead of PRAGMA user_version. */
export const SCHEMA_TABLE = `CREATE TABLE IF NOT EXISTS tailan_schema (
	component TEXT PRIMARY KEY,
	version INTEGER NOT NULL,
	applied_at TEXT NOT NULL
)`;
export const SCHEMA_VERSION =
	"SELECT version FROM tailan_schema WHERE component = @component";
export const SCHEMA_BUMP = `INSERT INTO tailan_schema (component, version, applied_at) VALUES (@component, @version, @applied_at)
	ON CONFLICT (component) DO UPDATE SET version = EXCLUDED.version, applied_at = EXCLUDED.applied_at`;
const SCHEMA_EXISTS =
	"SELECT to_regclass('tailan_schema') IS NOT NULL AS present";

/** A component's schema version (0 before its first migration). */
export function schemaVersion(db: PostgresHandle, component: string): number {
	const present = db.prepare<[], { present: number }>(SCHEMA_EXISTS).get();
	if (!present?.present) return 0;
	return (
		db
			.prepare<{ component: string }, { version: number }>(SCHEMA_VERSION)
			.get({ component })?.version ?? 0
	);
}

/**
 * Bring a component's schema up to date (store/migrations/*.sql translated by toPostgres for
 * "store"): each migration in its own transaction with its version bump, under the migration
 * lock, so two processes starting at once apply it once.
 * @returns the version after migrating
 */
export function migratePostgres(
	db: PostgresHandle,
	migrations: readonly { version: number; name: string; sql: string }[],
	options: { component?: string; translate?: boolean } = {},
): number {
	const component = options.component ?? "store";
	const translated = migrations.map((m) => ({
		...m,
		sql: options.translate === false ? m.sql : toPostgres(m.sql, m.name),
	}));
	const latest = translated.length;
	const step = db.transaction((): boolean => {
		db.prepare(LOCK_STATEMENT).get({ lock: MIGRATION_LOCK });
		db.exec(SCHEMA_TABLE);
		const current = schemaVersion(db, component);
		if (current > latest)
			throw new Error(
				`database schema version ${current} (${component}) is newer than this tailan knows (${latest}) — upgrade tailan or use another --db`,
			);
		const next = translated[current];
		if (next === undefined) return false;
		db.exec(next.sql);
		db.prepare(SCHEMA_BUMP).run({
			component,
			version: next.version,
			applied_at: new Date().toISOString(),
		});
		return true;
	});
	while (step.immediate());
	return schemaVersion(db, component);
}
