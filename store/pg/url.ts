/** PostgreSQL URLs (no driver import: the SQLite path never loads pg). */

/** True for a postgres:// or postgresql:// URL (the --db / TAILAN_DB of a PostgreSQL store). */
export function isPostgresUrl(db: string): boolean {
	return /^postgres(ql)?:\/\//i.test(db);
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
	try {
		const u = new URL(url);
		if (u.password) u.password = "***";
		return u.toString();
	} catch {
		return "postgres://…";
	}
}
