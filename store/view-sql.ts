/**
 * The SQL of a view as its migration defines it, for the statements that narrow a view before it
 * aggregates (a view cannot take parameters): the migration stays the single source of the
 * view's columns and formulas, and TypeScript never writes them a second time.
 */
import { loadMigrations } from "./migrate.ts";

/**
 * The SELECT of the latest `CREATE VIEW name AS …;` in store/migrations/ (a later migration that
 * rebuilds a view wins), without its final semicolon.
 */
export function viewSelect(name: string): string {
	let found: string | undefined;
	const start = new RegExp(`^CREATE VIEW ${name} AS\\s*$`, "m");
	for (const { sql } of loadMigrations()) {
		const match = start.exec(sql);
		if (!match) continue;
		const body = sql.slice(match.index + match[0].length);
		const end = body.search(/;\s*$/m);
		if (end < 0) throw new Error(`store: the view ${name} has no closing ";"`);
		found = body.slice(0, end).trim();
	}
	if (found === undefined)
		throw new Error(`store: no migration creates the view ${name}`);
	return found;
}

/**
 * A view's SELECT with its source replaced: `from` must occur exactly once in it (else the view
 * changed and the caller must be looked at again — this throws when the module loads).
 */
export function viewOver(name: string, from: string, to: string): string {
	const select = viewSelect(name);
	const parts = select.split(from);
	if (parts.length !== 2)
		throw new Error(
			`store: the view ${name} no longer reads ${JSON.stringify(from)} once; update its narrowed query`,
		);
	return parts.join(to);
}
