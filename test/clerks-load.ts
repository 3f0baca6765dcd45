/**
 * Clerks deciding at once through the review app, as they work (issue 15's load test; used by
 * test/review.clerks-load.test.ts for correctness and scripts/bench-clerks.ts for the timing).
 *
 * Everything goes through the product's own doors, whatever the engine behind `db` (a SQLite
 * file or a postgres:// URL): the reports are imported with `tailan import`, each clerk is made
 * with `tailan clerks add` (its token read from the command's output), the review app runs as
 * `tailan review` in its own process on 127.0.0.1, and each clerk signs in and decides over
 * HTTP with the session cookie and the page's CSRF token:
 *
 * - accept or reject (alternately) the open questions of the clerk's own reports;
 * - the first `contested` questions of each report are decided at the same moment by its owner
 *   and by the next clerk (accept against reject): one must win, the other get the conflict
 *   page naming the winner;
 * - edit the indicator of `edits` items without flags of each own report, each with its own value;
 * - move the last sentence of `moves` narratives (items without flags, whose next item has none
 *   either) to the next item.
 *
 * Each session does one thing after another, as a person does; the sessions run at once. The
 * run returns what was sent and answered, with each request's time; `checkRun` reads the store
 * afterwards and lists every way what is stored differs from what the clerks were told.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
	decisionsOfFlag,
	flagDecidedBy,
	openStore,
	questionQueue,
	type Store,
} from "../store/index.ts";

const BIN = fileURLToPath(new URL("../bin/tailan.js", import.meta.url));
const SEED = readFileSync(
	new URL("../fixtures/markdown/seed/input.md", import.meta.url),
	"utf8",
);
const SESSION_COOKIE_RE = /(tailan_session=[^;]+)/;

export interface LoadOptions {
	/** A SQLite file or a postgres:// URL (an empty database). */
	db: string;
	/** Folder for the generated reports. */
	dir: string;
	/** Clerk sessions at once (default 8). */
	clerks?: number;
	/** Reports each clerk owns (the seed for as many years; default 1). */
	reportsPerClerk?: number;
	/** Questions of each report decided by two clerks at once (default 3). */
	contested?: number;
	/** Items edited per own report (default 3). */
	edits?: number;
	/** Narrative moves per own report (default 1). */
	moves?: number;
}

export type ActionKind = "accept" | "reject" | "edit" | "move";

export interface Sent {
	clerk: string;
	kind: ActionKind;
	path: string;
	status: number;
	ms: number;
	/** accept/reject: the question's flags. */
	flagIds?: number[];
	/** A question also decided by another clerk at the same moment. */
	contested?: boolean;
	/** The conflict page's text (409). */
	body?: string;
	reportId: number;
	item?: string;
	/** edit: the indicator sent; move: the fragment moved. */
	value?: string;
	/** move: the two narratives expected afterwards. */
	expect?: { from: string; to: string; toItem: string };
}

export interface LoadRun {
	db: string;
	clerks: string[];
	sent: Sent[];
	/** Wall time of the sessions, ms. */
	wallMs: number;
	/** Per-clerk report ids. */
	reports: Map<string, number[]>;
}

/** Run `tailan …` to the end; throws with its output if it fails. */
function tailan(args: string[]): string {
	const r = spawnSync(process.execPath, [BIN, ...args], {
		encoding: "utf8",
		maxBuffer: 1 << 28,
	});
	if (r.status !== 0)
		throw new Error(
			`tailan ${args.join(" ")} exited ${r.status}: ${r.stderr}${r.stdout}`,
		);
	return r.stdout;
}

/** `tailan review --db … --port 0 --no-open`, resolved with its address once it listens. */
async function startReview(
	db: string,
): Promise<{ base: string; child: ChildProcess; stop: () => Promise<void> }> {
	const child = spawn(
		process.execPath,
		[BIN, "review", "--db", db, "--port", "0", "--no-open"],
		{ stdio: ["ignore", "pipe", "pipe"] },
	);
	let output = "";
	const exited = new Promise<number | null>((resolve) =>
		child.on("exit", (code) => resolve(code)),
	);
	const base = await new Promise<string>((resolve, reject) => {
		const take = (d: Buffer) => {
			output += d;
			const m = /(http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
			if (m) resolve(m[1] as string);
		};
		child.stdout?.on("data", take);
		child.stderr?.on("data", take);
		void exited.then((code) =>
			reject(new Error(`tailan review exited ${code}: ${output}`)),
		);
	});
	return {
		base,
		child,
		stop: async () => {
			child.kill("SIGTERM");
			await exited;
		},
	};
}

/** The CSRF token of a page's forms. */
async function csrfOf(base: string, path: string, cookie?: string) {
	const res = await fetch(`${base}${path}`, {
		redirect: "manual",
		...(cookie ? { headers: { cookie } } : {}),
	});
	const m = /name="_csrf" value="([^"]+)"/.exec(await res.text());
	if (!m) throw new Error(`no CSRF field on ${path} (${res.status})`);
	return m[1] as string;
}

interface Session {
	name: string;
	cookie: string;
	csrf: string;
}

async function signIn(
	base: string,
	name: string,
	token: string,
): Promise<Session> {
	const res = await fetch(`${base}/signin`, {
		redirect: "manual",
		method: "POST",
		headers: { "content-type": "application/x-www-form-urlencoded" },
		body: new URLSearchParams({
			_csrf: await csrfOf(base, "/signin"),
			name,
			token,
		}),
	});
	const cookie = SESSION_COOKIE_RE.exec(res.headers.get("set-cookie") ?? "");
	if (res.status !== 303 || !cookie)
		throw new Error(`${name} could not sign in: ${res.status}`);
	return {
		name,
		cookie: cookie[1] as string,
		csrf: await csrfOf(base, "/", cookie[1] as string),
	};
}

/** The seed as report `i`: its own year, so each is a report of its own (not a new version). */
function seedVariant(i: number): string {
	return SEED.replace("2024 ОНЫ", `${2023 - i} ОНЫ`);
}

/** The last sentence of a narrative, when it has more than one. */
function lastSentence(text: string): string | undefined {
	const parts = text.trim().split(/(?<=[.!?])\s+/u);
	return parts.length > 1 ? parts.at(-1) : undefined;
}

interface Plan {
	clerk: string;
	steps: (() => Promise<Sent>)[];
}

/** Import, make the clerks, start the app, run every session at once, stop the app. */
export async function runClerksLoad(options: LoadOptions): Promise<LoadRun> {
	const clerkCount = options.clerks ?? 8;
	const perClerk = options.reportsPerClerk ?? 1;
	const contested = options.contested ?? 3;
	const edits = options.edits ?? 3;
	const moves = options.moves ?? 1;
	const { db } = options;

	// The reports, through `tailan import`.
	const folder = join(options.dir, "reports");
	mkdirSync(folder, { recursive: true });
	const files: string[] = [];
	for (let i = 0; i < clerkCount * perClerk; i++) {
		const file = join(folder, `report-${String(i).padStart(3, "0")}.md`);
		writeFileSync(file, seedVariant(i));
		files.push(file);
	}
	tailan(["import", folder, "--db", db]);

	// The clerks, through `tailan clerks add` (the token is printed once).
	const names = Array.from({ length: clerkCount }, (_, c) => `Бичээч ${c + 1}`);
	const tokens = names.map((name) => {
		const out = tailan(["clerks", "add", name, "--db", db]);
		const token = /\n(\S{16,})\n?$/.exec(out)?.[1];
		if (!token) throw new Error(`no token in: ${out}`);
		return token;
	});

	// What each clerk will do, read from the store before anyone starts.
	const store = openStore(db);
	let plans: Plan[];
	const reports = new Map<string, number[]>();
	let server: Awaited<ReturnType<typeof startReview>> | undefined;
	try {
		const reportIds = store
			.listReports()
			.map((r) => r.id)
			.sort((a, b) => a - b);
		if (reportIds.length !== files.length)
			throw new Error(
				`expected ${files.length} reports, the store has ${reportIds.length}`,
			);
		names.forEach((name, c) => {
			reports.set(name, reportIds.slice(c * perClerk, (c + 1) * perClerk));
		});
		server = await startReview(db);
		const base = server.base;
		const sessions = await Promise.all(
			names.map((name, c) => signIn(base, name, tokens[c] as string)),
		);
		const post = async (
			s: Session,
			path: string,
			form: Record<string, string>,
			sent: Omit<Sent, "clerk" | "path" | "status" | "ms">,
		): Promise<Sent> => {
			const started = performance.now();
			const res = await fetch(`${base}${path}`, {
				redirect: "manual",
				method: "POST",
				headers: {
					"content-type": "application/x-www-form-urlencoded",
					cookie: s.cookie,
				},
				body: new URLSearchParams({ _csrf: s.csrf, ...form }),
			});
			const body = await res.text();
			const ms = performance.now() - started;
			return {
				...sent,
				clerk: s.name,
				path,
				status: res.status,
				ms,
				...(res.status === 303 ? {} : { body }),
			};
		};
		const decide = (
			s: Session,
			q: { id: number; reportId: number; flagIds: number[] },
			kind: "accept" | "reject",
			isContested: boolean,
		) =>
			post(
				s,
				`/flags/${q.id}/${kind}`,
				{ seen: "open", next: "/", reason: `${s.name}: ${kind}` },
				{
					kind,
					reportId: q.reportId,
					flagIds: q.flagIds,
					contested: isContested,
				},
			);

		plans = sessions.map((s) => ({ clerk: s.name, steps: [] }));
		sessions.forEach((s, c) => {
			const plan = plans[c] as Plan;
			const next = sessions[(c + 1) % sessions.length] as Session;
			const nextPlan = plans[(c + 1) % sessions.length] as Plan;
			for (const reportId of reports.get(s.name) ?? []) {
				const questions = questionQueue(store, {
					reportId,
					status: "open",
					// A limit given: PostgreSQL refuses the "no limit" (LIMIT -1) SQLite takes.
					limit: 100_000,
				});
				const flagged = new Set(
					store
						.listFlags()
						.filter((f) => f.reportId === reportId)
						.map((f) => f.item),
				);
				questions.forEach((q, i) => {
					const own: "accept" | "reject" = i % 2 === 0 ? "accept" : "reject";
					if (i < contested) {
						// Owner and next clerk at the same moment: both do it first thing.
						plan.steps.unshift(() => decide(s, q, own, true));
						nextPlan.steps.unshift(() =>
							decide(next, q, own === "accept" ? "reject" : "accept", true),
						);
					} else plan.steps.push(() => decide(s, q, own, false));
				});
				const measures = store.exportRecords(reportId)[0]?.measures ?? [];
				const free = measures.filter((m) => !flagged.has(m.item));
				// Moves: a free item whose next item is free too; edits: other free items.
				const used = new Set<string>();
				let moved = 0;
				for (let k = 0; k + 1 < measures.length && moved < moves; k++) {
					const from = measures[k];
					const to = measures[k + 1];
					if (!from || !to || flagged.has(from.item) || flagged.has(to.item))
						continue;
					if (used.has(from.item) || used.has(to.item)) continue;
					const fragment = lastSentence(from.achievement);
					if (!fragment) continue;
					used.add(from.item);
					used.add(to.item);
					moved++;
					const other = to.achievement.trim();
					const expectTo = other === "" ? fragment : `${fragment}\n${other}`;
					const rest = from.achievement
						.trim()
						.slice(0, from.achievement.trim().length - fragment.length)
						.trimEnd();
					plan.steps.push(() =>
						post(
							s,
							`/reports/${reportId}/items/${encodeURIComponent(from.item)}/move`,
							{ direction: "next", fragment, reason: `${s.name}: move` },
							{
								kind: "move",
								reportId,
								item: from.item,
								value: fragment,
								expect: { from: rest, to: expectTo, toItem: to.item },
							},
						),
					);
				}
				let edited = 0;
				for (const m of free) {
					if (edited >= edits) break;
					if (used.has(m.item)) continue;
					used.add(m.item);
					edited++;
					const value = `${s.name}: ${m.item} тайлан ${reportId}-ын шалгуур үзүүлэлт`;
					plan.steps.push(() =>
						post(
							s,
							`/reports/${reportId}/items/${encodeURIComponent(m.item)}/correct`,
							{ field: "indicator", value, reason: `${s.name}: edit` },
							{ kind: "edit", reportId, item: m.item, value },
						),
					);
				}
			}
		});
		// Own decisions, edits and moves interleaved (a clerk does not do all of one kind first);
		// the contested ones stay first.
		for (const plan of plans) {
			const head = plan.steps.splice(0, contested * 2 * perClerk);
			const rest = plan.steps;
			const mixed: typeof rest = [];
			const byKind = [
				rest.filter((_, i) => i % 3 === 0),
				rest.filter((_, i) => i % 3 !== 0),
			];
			while (byKind.some((l) => l.length > 0))
				for (const l of byKind) {
					const step = l.shift();
					if (step) mixed.push(step);
				}
			plan.steps = [...head, ...mixed];
		}
	} catch (error) {
		store.close();
		await server?.stop();
		throw error;
	}
	store.close();

	const started = performance.now();
	try {
		const sent = (
			await Promise.all(
				plans.map(async (plan) => {
					const out: Sent[] = [];
					for (const step of plan.steps) out.push(await step());
					return out;
				}),
			)
		).flat();
		return {
			db,
			clerks: names,
			sent,
			wallMs: performance.now() - started,
			reports,
		};
	} finally {
		await server.stop();
	}
}

/** Everything stored that differs from what the clerks were answered (empty: nothing lost). */
export function checkRun(run: LoadRun): string[] {
	const problems: string[] = [];
	const store: Store = openStore(run.db);
	try {
		const decisions = run.sent.filter(
			(s) => s.kind === "accept" || s.kind === "reject",
		);
		// Answered: 303 (saved) or, for a contested question, 409 (the conflict page).
		for (const s of run.sent)
			if (s.status !== 303 && !(s.contested && s.status === 409))
				problems.push(
					`${s.clerk} ${s.kind} ${s.path}: HTTP ${s.status} ${(s.body ?? "").slice(0, 200)}`,
				);
		const byQuestion = new Map<string, Sent[]>();
		for (const s of decisions) {
			const key = s.path.replace(/\/(accept|reject)$/, "");
			byQuestion.set(key, [...(byQuestion.get(key) ?? []), s]);
		}
		let trailRows = 0;
		for (const [key, tries] of byQuestion) {
			const won = tries.filter((s) => s.status === 303);
			const lost = tries.filter((s) => s.status === 409);
			if (won.length !== 1) {
				problems.push(
					`${key}: ${won.length} decisions saved (${tries.map((t) => `${t.clerk} ${t.kind} ${t.status}`).join(", ")})`,
				);
				continue;
			}
			const winner = won[0] as Sent;
			const status = winner.kind === "accept" ? "accepted" : "rejected";
			for (const l of lost)
				if (!l.body?.includes(`<span translate="no">${winner.clerk}</span>`))
					problems.push(
						`${key}: ${l.clerk}'s conflict page does not name ${winner.clerk}`,
					);
			for (const flagId of winner.flagIds ?? []) {
				const by = flagDecidedBy(store, flagId);
				if (by?.status !== status || by.by !== winner.clerk)
					problems.push(
						`flag ${flagId}: ${JSON.stringify(by)}, ${winner.clerk} was told ${status}`,
					);
				// The trail: exactly the winner's decision, none of the loser's.
				const trail = decisionsOfFlag(store, flagId);
				trailRows += trail.length;
				const mine = trail.filter(
					(d) => d.who === winner.clerk && d.decision === winner.kind,
				);
				if (trail.length !== 1 || mine.length !== 1)
					problems.push(
						`flag ${flagId}: trail ${JSON.stringify(trail.map((d) => [d.who, d.decision]))}, expected one ${winner.kind} by ${winner.clerk}`,
					);
			}
		}
		const expectedRows = [...byQuestion.values()].reduce(
			(n, tries) =>
				n + (tries.find((s) => s.status === 303)?.flagIds?.length ?? 0),
			0,
		);
		if (trailRows !== expectedRows)
			problems.push(
				`the trail has ${trailRows} rows, ${expectedRows} expected`,
			);

		// Edits and moves: the values sent are the values stored, each correction by its clerk.
		const records = new Map<
			number,
			Map<string, { indicator: string; achievement: string }>
		>();
		const recordOf = (reportId: number) => {
			let r = records.get(reportId);
			if (!r) {
				r = new Map(
					(store.exportRecords(reportId)[0]?.measures ?? []).map((m) => [
						m.item,
						{ indicator: m.indicator, achievement: m.achievement },
					]),
				);
				records.set(reportId, r);
			}
			return r;
		};
		const corrections = new Map<
			number,
			{ who: string; item: string; field: string; value: string }[]
		>();
		const correctionsOf = (reportId: number) => {
			let c = corrections.get(reportId);
			if (!c) {
				c = store.listCorrections(reportId).map((x) => ({
					who: x.who,
					item: x.item,
					field: x.field,
					value: String(x.newValue),
				}));
				corrections.set(reportId, c);
			}
			return c;
		};
		for (const s of run.sent) {
			if (s.status !== 303) continue;
			if (s.kind === "edit") {
				const now = recordOf(s.reportId).get(s.item as string)?.indicator;
				if (now !== s.value)
					problems.push(
						`${s.path}: indicator is ${JSON.stringify(now)}, ${s.clerk} sent ${JSON.stringify(s.value)}`,
					);
				if (
					!correctionsOf(s.reportId).some(
						(c) =>
							c.who === s.clerk &&
							c.item === s.item &&
							c.field === "indicator" &&
							c.value === s.value,
					)
				)
					problems.push(
						`${s.path}: no correction by ${s.clerk} with the value sent`,
					);
			}
			if (s.kind === "move" && s.expect) {
				const r = recordOf(s.reportId);
				const from = r.get(s.item as string)?.achievement;
				const to = r.get(s.expect.toItem)?.achievement;
				if (from !== s.expect.from || to !== s.expect.to)
					problems.push(
						`${s.path}: the narratives are not the moved ones (${s.clerk})`,
					);
				const byClerk = correctionsOf(s.reportId).filter(
					(c) => c.who === s.clerk && c.field === "achievement",
				);
				if (
					!byClerk.some((c) => c.item === s.item) ||
					!byClerk.some((c) => c.item === s.expect?.toItem)
				)
					problems.push(
						`${s.path}: the move's two corrections are not ${s.clerk}'s`,
					);
			}
		}
	} finally {
		store.close();
	}
	return problems;
}

/** Median and 95th percentile of a list of milliseconds. */
export function percentiles(ms: readonly number[]): {
	median: number;
	p95: number;
} {
	const sorted = [...ms].sort((a, b) => a - b);
	const at = (p: number) =>
		sorted[
			Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))
		] ?? Number.NaN;
	return { median: at(0.5), p95: at(0.95) };
}
