/**
 * The store's own errors. Callers (cli/, review/) catch these classes and never read an engine's
 * error codes (SQLITE_BUSY, …): a second engine maps its own failures onto the same classes.
 * Every error keeps the engine's error as `cause` and its code as `code`, for diagnostics.
 */

/** A database failure the store did not expect (a bug, a broken disk, a damaged file). */
export class StoreError extends Error {
	/** The engine's error code ("SQLITE_CORRUPT", …), for messages and logs only. */
	readonly code: string;
	constructor(message: string, code: string, options?: { cause?: unknown }) {
		super(message, options);
		this.name = "StoreError";
		this.code = code;
	}
}

/**
 * Another process held the write lock longer than the busy timeout (BUSY_TIMEOUT_MS): nothing
 * was written, the caller may try again later.
 */
export class StoreBusyError extends StoreError {
	constructor(message: string, code: string, options?: { cause?: unknown }) {
		super(message, code, options);
		this.name = "StoreBusyError";
	}
}

/** The file given as a database is not one (not SQLite at all). */
export class NotADatabaseError extends StoreError {
	constructor(message: string, code: string, options?: { cause?: unknown }) {
		super(message, code, options);
		this.name = "NotADatabaseError";
	}
}

/** SQLite's error code of an error thrown by better-sqlite3, if it is one. */
function sqliteCode(error: unknown): string | undefined {
	if (error instanceof StoreError) return undefined;
	const code = (error as { code?: unknown } | null)?.code;
	return typeof code === "string" && code.startsWith("SQLITE_")
		? code
		: undefined;
}

/**
 * True when `error` is "database is locked" or "busy" (another process held the write lock longer
 * than BUSY_TIMEOUT_MS): the caller may try again later, nothing was written.
 */
export function isDatabaseBusy(error: unknown): boolean {
	if (error instanceof StoreBusyError) return true;
	const code = sqliteCode(error);
	return (
		code !== undefined &&
		(code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED"))
	);
}

/**
 * The store's error for an engine error (same message, the original as `cause`); any other
 * error (a TypeError of a bad argument, the caller's own error inside a transaction) unchanged.
 */
export function storeError(error: unknown): unknown {
	const code = sqliteCode(error);
	if (code === undefined) return error;
	const message = error instanceof Error ? error.message : String(error);
	if (isDatabaseBusy(error))
		return new StoreBusyError(message, code, { cause: error });
	if (code === "SQLITE_NOTADB")
		return new NotADatabaseError(message, code, { cause: error });
	return new StoreError(message, code, { cause: error });
}

/**
 * Make every method of `target` (its class's methods and its own function properties) throw the
 * store's errors instead of the engine's (store/ internal: openStore, reviewStore, openIndicators
 * and openBatchLog return their objects through it). The object stays the same object.
 */
export function throwingStoreErrors<T extends object>(target: T): T {
	const names = new Set<string>();
	for (
		let proto: object | null = target;
		proto !== null && proto !== Object.prototype;
		proto = Object.getPrototypeOf(proto)
	)
		for (const name of Object.getOwnPropertyNames(proto))
			if (name !== "constructor") names.add(name);
	const record = target as Record<string, unknown>;
	for (const name of names) {
		const descriptor = Object.getOwnPropertyDescriptor(
			Object.getPrototypeOf(target),
			name,
		);
		if (descriptor?.get !== undefined || descriptor?.set !== undefined)
			continue;
		const method = record[name];
		if (typeof method !== "function") continue;
		Object.defineProperty(target, name, {
			configurable: true,
			enumerable: Object.prototype.propertyIsEnumerable.call(target, name),
			writable: true,
			value: function (this: unknown, ...args: unknown[]) {
				try {
					return (method as (...a: unknown[]) => unknown).apply(target, args);
				} catch (error) {
					throw storeError(error);
				}
			},
		});
	}
	return target;
}
