/**
 * Several clerks (issue 16, migration 012): each clerk signs in to the review app with a name and
 * a token made by `tailan clerks add NAME` (only its SHA-256 is stored); a decision names the
 * status its clerk saw and changes the flag only while the flag still has it, so a second clerk
 * on the same flag is told who decided it instead of overwriting; progress per clerk and report.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { databaseOf, type Handle } from "./connection.ts";
import { decideQuestion } from "./questions.ts";
import { reviewStore } from "./review.ts";
import { FLAG_STATUSES, type FlagStatus } from "./rows.ts";
import type { Store } from "./store.ts";

/** A clerk as listed (never the token, nor its hash). */
export interface Clerk {
	name: string;
	createdAt: string;
	disabled: boolean;
}

/** What a decision found when the flag no longer had the status its clerk saw. */
export interface DecisionConflict {
	flagId: number;
	/** The status the clerk saw on the page. */
	seen: FlagStatus;
	/** The flag's status now. */
	status: FlagStatus;
	/** Who set it, and when (null when the pipeline or an older version of the app set it). */
	by: string | null;
	at: string | null;
}

export type DecisionOutcome =
	| { ok: true; decided: number[] }
	| { ok: false; conflict: DecisionConflict };

/** Decided flags per clerk, and open flags per report. */
export interface ClerkProgress {
	byClerk: {
		who: string;
		accepted: number;
		rejected: number;
		reopened: number;
		corrections: number;
	}[];
	byReport: {
		reportId: number;
		label: string;
		open: number;
		decided: number;
		total: number;
	}[];
}

/** Longest clerk name, in characters. */
export const MAX_CLERK_NAME = 64;

function statements(db: Handle) {
	return {
		insert: db.prepare<{ name: string; hash: string; at: string }>(
			"INSERT INTO clerks (name, token_sha256, created_at) VALUES (@name, @hash, @at)",
		),
		byName: db.prepare<
			[string],
			{ name: string; token_sha256: string; disabled: number }
		>("SELECT name, token_sha256, disabled FROM clerks WHERE name = ?"),
		list: db.prepare<
			[],
			{ name: string; created_at: string; disabled: number }
		>("SELECT name, created_at, disabled FROM clerks ORDER BY name"),
		any: db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM clerks"),
		disable: db.prepare<[string]>(
			"UPDATE clerks SET disabled = 1 WHERE name = ?",
		),
		// The optimistic check: the flag changes only while it has the status the clerk saw.
		claim: db.prepare<{ id: number; seen: string; who: string; at: string }>(
			"UPDATE flags SET status_by = @who, status_at = @at WHERE id = @id AND status = @seen",
		),
		flagState: db.prepare<
			[number],
			{ status: string; status_by: string | null; status_at: string | null }
		>("SELECT status, status_by, status_at FROM flags WHERE id = ?"),
		byClerk: db.prepare<[], { who: string; status: string; n: number }>(
			`SELECT status_by AS who, status, COUNT(*) AS n FROM flags
			WHERE status_by IS NOT NULL GROUP BY status_by, status`,
		),
		correctionsByClerk: db.prepare<[], { who: string; n: number }>(
			"SELECT who, COUNT(*) AS n FROM corrections GROUP BY who",
		),
		byReport: db.prepare<
			[],
			{
				report_id: number;
				label: string;
				open: number;
				total: number;
			}
		>(
			`SELECT f.report_id, COALESCE(r.organization, r.title) || COALESCE(' ' || r.year, '') AS label,
				SUM(CASE WHEN f.status = 'open' THEN 1 ELSE 0 END) AS open, COUNT(*) AS total
			FROM flags f JOIN reports r ON r.id = f.report_id
			GROUP BY f.report_id, r.organization, r.title, r.year ORDER BY f.report_id`,
		),
	};
}

const cache = new WeakMap<Handle, ReturnType<typeof statements>>();
function q(store: Store) {
	const db = databaseOf(store);
	let s = cache.get(db);
	if (!s) {
		s = statements(db);
		cache.set(db, s);
	}
	return s;
}

const hashOf = (token: string) =>
	createHash("sha256").update(token).digest("hex");

/** A clerk's name as given, or a TypeError saying why it will not do. */
export function checkClerkName(name: string): string {
	const trimmed = name.trim();
	if (trimmed === "" || [...trimmed].length > MAX_CLERK_NAME)
		throw new TypeError(
			`clerks.add: a clerk's name has 1 to ${MAX_CLERK_NAME} characters`,
		);
	for (const ch of trimmed)
		if (/\p{Cc}/u.test(ch))
			throw new TypeError(
				"clerks.add: a clerk's name cannot hold control characters",
			);
	return trimmed;
}

/**
 * Add a clerk. Returns the token (32 random bytes, base64url): it is shown this once, only its
 * SHA-256 is stored. Throws a TypeError when the name is taken or unfit.
 */
export function addClerk(
	store: Store,
	name: string,
	now: () => string = () => new Date().toISOString(),
): { name: string; token: string } {
	const clean = checkClerkName(name);
	const s = q(store);
	const token = randomBytes(32).toString("base64url");
	return reviewStore(store).transaction(() => {
		if (s.byName.get(clean))
			throw new TypeError(`clerks.add: there is a clerk named ${clean}`);
		s.insert.run({ name: clean, hash: hashOf(token), at: now() });
		return { name: clean, token };
	});
}

/** Every clerk, by name. */
export function listClerks(store: Store): Clerk[] {
	return q(store)
		.list.all()
		.map((r) => ({
			name: r.name,
			createdAt: r.created_at,
			disabled: r.disabled === 1,
		}));
}

/** Disable a clerk (they can no longer sign in; their name stays on what they did). */
export function disableClerk(store: Store, name: string): void {
	const s = q(store);
	reviewStore(store).transaction(() => {
		if (s.disable.run(name.trim()).changes === 0)
			throw new TypeError(`clerks.disable: there is no clerk named ${name}`);
	});
}

/** True once the database has clerks: the review app then asks every visitor to sign in. */
export function hasClerks(store: Store): boolean {
	return (q(store).any.get()?.n ?? 0) > 0;
}

/** The clerk's name when the name and token match an enabled clerk, else undefined. */
export function signInClerk(
	store: Store,
	name: string,
	token: string,
): string | undefined {
	const row = q(store).byName.get(name.trim());
	// Compare even without a row, so a wrong name takes as long as a wrong token.
	const want = Buffer.from(row?.token_sha256 ?? hashOf(""), "hex");
	const match = timingSafeEqual(want, Buffer.from(hashOf(token), "hex"));
	return row && match && row.disabled === 0 ? row.name : undefined;
}

/** True while the clerk exists and is not disabled (a session ends when its clerk is disabled). */
export function clerkActive(store: Store, name: string): boolean {
	const row = q(store).byName.get(name);
	return row !== undefined && row.disabled === 0;
}

/**
 * Decide a flag's question (store/questions.ts decideQuestion) only while the flag still has
 * the status the clerk saw, in one write transaction: otherwise nothing changes and the outcome
 * says who set the flag's status now. The decided flags record who and when (flags.status_by).
 */
export function decideAsSeen(
	store: Store,
	flagId: number,
	status: FlagStatus,
	seen: FlagStatus,
	by: { who: string; reason: string },
	now: () => string = () => new Date().toISOString(),
): DecisionOutcome {
	if (!FLAG_STATUSES.includes(seen))
		throw new TypeError(
			`clerks.decide: seen must be one of ${FLAG_STATUSES.join(", ")}`,
		);
	const s = q(store);
	return reviewStore(store).transaction((): DecisionOutcome => {
		const at = now();
		if (s.claim.run({ id: flagId, seen, who: by.who, at }).changes === 0) {
			const state = s.flagState.get(flagId);
			if (!state)
				throw new TypeError(`clerks.decide: there is no flag ${flagId}`);
			return {
				ok: false,
				conflict: {
					flagId,
					seen,
					status: state.status as FlagStatus,
					by: state.status_by,
					at: state.status_at,
				},
			};
		}
		const decided = decideQuestion(store, flagId, status, by);
		// decideFlags stamped every flag it changed with who and when (store/decisions.ts).
		return { ok: true, decided };
	});
}

/** A flag's status and who set it, when (undefined: no such flag). */
export function flagDecidedBy(
	store: Store,
	flagId: number,
): { status: FlagStatus; by: string | null; at: string | null } | undefined {
	const state = q(store).flagState.get(flagId);
	return state
		? {
				status: state.status as FlagStatus,
				by: state.status_by,
				at: state.status_at,
			}
		: undefined;
}

/** Decided flags per clerk (by the status they set) and open flags per report. */
export function clerkProgress(store: Store): ClerkProgress {
	const s = q(store);
	const clerks = new Map<string, ClerkProgress["byClerk"][number]>();
	const of = (who: string) => {
		let row = clerks.get(who);
		if (!row) {
			row = { who, accepted: 0, rejected: 0, reopened: 0, corrections: 0 };
			clerks.set(who, row);
		}
		return row;
	};
	for (const r of s.byClerk.all()) {
		const row = of(r.who);
		if (r.status === "accepted") row.accepted += r.n;
		else if (r.status === "rejected") row.rejected += r.n;
		else if (r.status === "open") row.reopened += r.n;
	}
	for (const r of s.correctionsByClerk.all()) of(r.who).corrections += r.n;
	return {
		byClerk: [...clerks.values()].sort((a, b) => a.who.localeCompare(b.who)),
		byReport: s.byReport.all().map((r) => ({
			reportId: r.report_id,
			label: r.label,
			open: r.open,
			decided: r.total - r.open,
			total: r.total,
		})),
	};
}
