/**
 * The review app: the clerk's web pages over the review queue (issue 5). A Hono app, rendered on
 * the server with a little inline script for the keyboard; it reads and writes through
 * store/review.ts and store/questions.ts (one decision per question) only. Pages, answers and
 * errors are in the clerk's language (messages/, Mongolian by default, ?lang=en switches).
 * `createReviewApp` is the factory; other pages plug in as sub-apps under a mount point
 * (`mounts: { "/me": meApp }`, see review/server.ts for review/me.ts) and get the same access,
 * host and CSRF checks, and the language (`c.get("lang")`).
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { z } from "zod";
import { type Lang, type MessageKey, parseLang, t } from "../messages/index.ts";
import {
	CORRECTABLE_FIELDS,
	type CorrectableField,
	clerkActive,
	clerkProgress,
	decideAsSeen,
	decideFlags,
	FLAG_STATUSES,
	type FlagStatus,
	flagTrails,
	hasClerks,
	lastDecisionOf,
	pageImage,
	pageImageSizes,
	questionCounts,
	questionOf,
	questionQueue,
	type ReviewStore,
	reviewStore,
	type Store,
	StoreBusyError,
	signInClerk,
	UndoRefusedError,
	undoLastDecision,
} from "../store/index.ts";
import { conflictPage, progressPage, signInPage } from "./clerk-pages.ts";
import {
	bulkConfirmPage,
	type ItemErrors,
	itemPage,
	queuePage,
} from "./pages.ts";
import { parseFieldInput } from "./values.ts";

export interface ReviewAppOptions {
	/** The open store to review. */
	store: Store;
	/** Who the corrections are recorded as (default "clerk"). */
	who?: string;
	/** Access token: when set, every request must carry it (cookie, Bearer header or ?token=). */
	token?: string;
	/** CSRF token of the forms (default: 32 random bytes, new for every app). */
	csrfToken?: string;
	/** Sub-apps to mount, path → app, e.g. { "/me": meApp }; listed in the navigation. */
	mounts?: Record<string, Hono>;
	/** Largest request body accepted, in bytes (default 256 KiB). */
	maxBodyBytes?: number;
	/**
	 * Hostnames the app answers to when no token is set (default localhost, 127.0.0.1, [::1]):
	 * a page elsewhere cannot reach a local app through DNS rebinding.
	 */
	localHosts?: string[];
	/** Questions on one page of the queue (default QUEUE_PAGE_SIZE, 200). */
	queuePageSize?: number;
	/**
	 * The language of the pages when the browser has not chosen one (default "mn"): a page
	 * asked with ?lang=en or ?lang=mn switches, and the choice is kept in a cookie.
	 */
	lang?: Lang;
}

/** What a mounted sub-app may use: the store, the recorded who, the CSRF token, the layout. */
export interface ReviewContext {
	review: ReviewStore;
	who: string;
	csrfToken: string;
}

export type ReviewEnv = {
	Variables: {
		nonce: string;
		lang: Lang;
		/** The signed-in clerk (store/clerks.ts), when the database has clerks. */
		clerk?: string;
	};
};

const DEFAULT_LOCAL_HOSTS = ["localhost", "127.0.0.1", "[::1]"];
/** Seconds a client is told to wait before sending a save again when the database is busy. */
export const RETRY_AFTER_S = 5;
const TOKEN_COOKIE = "tailan_token";
/** The signed-in clerk's session: a random id, known only to this server's memory. */
export const SESSION_COOKIE = "tailan_session";
/** Paths a visitor may open before signing in. */
const OPEN_PATHS = new Set(["/signin"]);
/** The cookie that keeps the clerk's language (?lang=en / ?lang=mn). */
export const LANG_COOKIE = "tailan_lang";

const idParam = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const itemParam = z.string().regex(/^\d{1,3}\.\d{1,3}$/);
/** Flags on one page of the queue. */
export const QUEUE_PAGE_SIZE = 200;

const QueueQuery = z.object({
	report: z.union([z.literal(""), idParam]).optional(),
	kind: z
		.string()
		.regex(/^[a-z0-9-]{0,64}$/)
		.optional(),
	status: z.enum([...FLAG_STATUSES, "all"]).optional(),
	page: z.coerce.number().int().min(1).max(1_000_000).optional(),
});
const BulkForm = z.object({
	report: z.union([z.literal(""), idParam]).optional(),
	kind: z
		.string()
		.regex(/^[a-z0-9-]{0,64}$/)
		.optional(),
	confirm: z.string().optional(),
	flags: z.coerce.number().int().min(0).optional(),
});

/** What a redirect's `done` parameter says on the next page. */
const NOTICES = {
	undo: "review.undo.done",
	"undo-none": "review.undo.none",
	"undo-refused": "review.undo.refused",
	"undo-held": "review.undo.held",
	bulk: "review.bulk.done",
} as const satisfies Record<string, MessageKey>;

/** A local path with the notice of what was just done (shown once on the page it leads to). */
function withNotice(
	path: string,
	done: keyof typeof NOTICES,
	n: number,
): string {
	const url = new URL(path, "http://local");
	url.searchParams.set("done", done);
	url.searchParams.set("n", String(n));
	return `${url.pathname}${url.search}${url.hash}`;
}

const fieldNames = Object.keys(CORRECTABLE_FIELDS) as [
	CorrectableField,
	...CorrectableField[],
];
const CorrectForm = z.object({
	field: z.enum(fieldNames),
	value: z.string().max(100_000),
	reason: z.string().max(2_000).default(""),
});
const SignInForm = z.object({
	name: z.string().max(64),
	token: z.string().max(200),
	next: z.string().max(2_000).optional(),
});
const MoveForm = z.object({
	direction: z.enum(["previous", "next"]),
	fragment: z.string().min(1).max(100_000),
	reason: z.string().max(2_000).default(""),
});

/**
 * The review app.
 * @param options store, who, token, csrfToken, mounts, maxBodyBytes, localHosts (see ReviewAppOptions)
 */
export function createReviewApp(options: ReviewAppOptions): Hono<ReviewEnv> {
	const review = reviewStore(options.store);
	const who = options.who?.trim() || "clerk";
	const csrf = options.csrfToken ?? randomBytes(32).toString("base64url");
	const token = options.token;
	const localHosts = options.localHosts ?? DEFAULT_LOCAL_HOSTS;
	const mounts = options.mounts ?? {};
	const nav = Object.keys(mounts);
	const defaultLang = options.lang ?? "mn";
	const app = new Hono<ReviewEnv>();
	const langOf = (c: Context<ReviewEnv>): Lang => c.get("lang") ?? defaultLang;

	// Answers name no internals: the detail goes to the server's terminal only.
	app.onError((error, c) => {
		const lang = langOf(c);
		const where = `tailan review: ${c.req.method} ${c.req.path}`;
		if (error instanceof StoreBusyError) {
			// An import (or another writer) held the write lock longer than the busy timeout.
			console.error(`${where}: the database stayed locked (${error.message})`);
			c.header("Retry-After", String(RETRY_AFTER_S));
			return c.text(
				t(lang, "review.error.busy", { seconds: RETRY_AFTER_S }),
				503,
			);
		}
		if (error instanceof TypeError) {
			console.error(`${where}: ${error.message}`);
			const { status, message } = refusal(error.message, lang);
			return c.text(message, status);
		}
		console.error(error);
		return c.text(t(lang, "review.error.failed"), 500);
	});

	// The language: ?lang=en|mn switches (kept in a cookie), else the cookie, else the default.
	app.use("*", async (c, next) => {
		const asked = c.req.query("lang");
		let lang: Lang = defaultLang;
		if (asked === "en" || asked === "mn") {
			lang = asked;
			setCookie(c, LANG_COOKIE, lang, {
				sameSite: "Lax",
				path: "/",
				maxAge: 365 * 24 * 3600,
			});
		} else {
			const kept = getCookie(c, LANG_COOKIE);
			if (kept === "en" || kept === "mn") lang = parseLang(kept);
		}
		c.set("lang", lang);
		return next();
	});

	// Security headers; the inline script and style carry a per-response nonce.
	app.use("*", async (c, next) => {
		const nonce = randomBytes(16).toString("base64");
		c.set("nonce", nonce);
		const start = performance.now();
		await next();
		c.header(
			"Content-Security-Policy",
			`default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
		);
		c.header("X-Content-Type-Options", "nosniff");
		// same-origin, not no-referrer: with no-referrer browsers send "Origin: null" on form posts.
		c.header("Referrer-Policy", "same-origin");
		c.header("X-Frame-Options", "DENY");
		c.header("Cache-Control", "no-store");
		c.header(
			"Server-Timing",
			`app;dur=${(performance.now() - start).toFixed(1)}`,
		);
	});

	// Who may ask: a local app answers only to local host names; a shared one needs the token.
	app.use("*", async (c, next) => {
		if (token === undefined) {
			const host = hostname(c.req.header("host") ?? new URL(c.req.url).host);
			if (!localHosts.includes(host))
				return c.text(t(langOf(c), "review.error.localOnly"), 403);
			return next();
		}
		const given = c.req.query("token");
		if (given !== undefined && same(given, token)) {
			setCookie(c, TOKEN_COOKIE, token, {
				httpOnly: true,
				sameSite: "Strict",
				path: "/",
			});
			const url = new URL(c.req.url);
			url.searchParams.delete("token");
			return c.redirect(`${url.pathname}${url.search}`, 303);
		}
		const bearer = /^Bearer (.+)$/.exec(c.req.header("authorization") ?? "");
		const cookie = getCookie(c, TOKEN_COOKIE);
		if (
			(bearer?.[1] !== undefined && same(bearer[1], token)) ||
			(cookie !== undefined && same(cookie, token))
		)
			return next();
		return c.text(t(langOf(c), "review.error.token"), 401);
	});

	// Every POST: a size limit, the same origin when the browser says, and the CSRF token.
	app.use(
		"*",
		bodyLimit({
			maxSize: options.maxBodyBytes ?? 256 * 1024,
			onError: (c) =>
				c.text(
					t(langOf(c as Context<ReviewEnv>), "review.error.tooLarge"),
					413,
				),
		}),
	);
	app.use("*", async (c, next) => {
		if (c.req.method === "GET" || c.req.method === "HEAD") return next();
		const origin = c.req.header("origin");
		if (
			origin !== undefined &&
			origin !== "null" &&
			hostOf(origin) !==
				(c.req.header("host") ?? new URL(c.req.url).host).toLowerCase()
		)
			return c.text(t(langOf(c), "review.error.crossOrigin"), 403);
		if (origin === "null")
			return c.text(t(langOf(c), "review.error.crossOrigin"), 403);
		const type = c.req.header("content-type") ?? "";
		if (
			!type.startsWith("application/x-www-form-urlencoded") &&
			!type.startsWith("multipart/form-data")
		)
			return c.text(t(langOf(c), "review.error.notForm"), 415);
		const body = await c.req.parseBody();
		const sent = body._csrf;
		if (typeof sent !== "string" || !same(sent, csrf))
			return c.text(t(langOf(c), "review.error.csrf"), 403);
		return next();
	});

	// Several clerks: once the database has clerks, every page but /signin needs a signed-in
	// clerk, and what they do is recorded under their name (no shared identity).
	const sessions = new Map<string, string>();
	app.use("*", async (c, next) => {
		if (!hasClerks(review.store)) return next();
		const id = getCookie(c, SESSION_COOKIE);
		const clerk = id === undefined ? undefined : sessions.get(id);
		if (clerk !== undefined && clerkActive(review.store, clerk)) {
			c.set("clerk", clerk);
			return next();
		}
		if (id !== undefined && clerk !== undefined) sessions.delete(id);
		if (OPEN_PATHS.has(c.req.path)) return next();
		if (c.req.method === "GET" || c.req.method === "HEAD") {
			const url = new URL(c.req.url);
			return c.redirect(
				`/signin?next=${encodeURIComponent(`${url.pathname}${url.search}`)}`,
				303,
			);
		}
		return c.text(t(langOf(c), "review.signin.needed"), 401);
	});
	/** Who this request's changes are recorded as: the signed-in clerk, else the server's who. */
	const whoOf = (c: Context<ReviewEnv>) => c.get("clerk") ?? who;

	const ctx = (c: Context<ReviewEnv>) => {
		const url = new URL(c.req.url);
		url.searchParams.delete("lang");
		const done = url.searchParams.get("done");
		const n = Number(url.searchParams.get("n") ?? 0);
		url.searchParams.delete("done");
		url.searchParams.delete("n");
		const lang = langOf(c);
		const notice = (NOTICES as Record<string, MessageKey>)[done ?? ""];
		return {
			nonce: c.get("nonce"),
			csrf,
			who: whoOf(c),
			nav,
			lang,
			path: `${url.pathname}${url.search}`,
			undoable: lastDecisionOf(review.store, whoOf(c)).length,
			...(notice === undefined
				? {}
				: { notice: t(lang, notice, { n: Number.isSafeInteger(n) ? n : 0 }) }),
			signedIn: c.get("clerk") !== undefined,
		};
	};

	app.get("/signin", (c) => {
		const next = safeNext(c.req.query("next")) ?? "/";
		if (c.get("clerk") !== undefined || !hasClerks(review.store))
			return c.redirect(next, 303);
		return c.html(signInPage(ctx(c), { next }));
	});

	app.post("/signin", async (c) => {
		const form = SignInForm.safeParse(await c.req.parseBody());
		const next = safeNext(form.data?.next) ?? "/";
		const name = form.success
			? signInClerk(review.store, form.data.name, form.data.token)
			: undefined;
		if (name === undefined)
			return c.html(
				signInPage(ctx(c), {
					next,
					name: form.data?.name ?? "",
					wrong: true,
				}),
				401,
			);
		const id = randomBytes(32).toString("base64url");
		sessions.set(id, name);
		setCookie(c, SESSION_COOKIE, id, {
			httpOnly: true,
			sameSite: "Strict",
			path: "/",
		});
		return c.redirect(next, 303);
	});

	app.post("/signout", (c) => {
		const id = getCookie(c, SESSION_COOKIE);
		if (id !== undefined) sessions.delete(id);
		deleteCookie(c, SESSION_COOKIE, { path: "/" });
		return c.redirect(hasClerks(review.store) ? "/signin" : "/", 303);
	});

	app.get("/progress", (c) =>
		c.html(progressPage(ctx(c), clerkProgress(review.store))),
	);

	const pageSize = options.queuePageSize ?? QUEUE_PAGE_SIZE;
	app.get("/", (c) => {
		const parsed = QueueQuery.safeParse(c.req.query());
		if (!parsed.success)
			return c.text(
				t(langOf(c), "review.error.badFilter", {
					issues: formIssues(parsed.error),
				}),
				400,
			);
		const { report, kind, status, page = 1 } = parsed.data;
		const filter = {
			...(typeof report === "number" ? { reportId: report } : {}),
			...(kind ? { kind } : {}),
			status: status ?? "open",
		};
		// One line per question: the flags that ask the same thing are decided together.
		const rows = questionQueue(review.store, {
			...filter,
			limit: pageSize,
			offset: (page - 1) * pageSize,
		});
		// A report held for its columns shows the proposed mapping and how to reassign it.
		const columnHolds = new Map<number, Record<string, unknown>>();
		for (const reportId of new Set(rows.map((r) => r.reportId))) {
			const hold = review.store
				.listHolds(reportId)
				.find((h) => h.kind === "columns-unconfirmed" && h.state === "held");
			if (hold) columnHolds.set(reportId, hold.evidence);
		}
		return c.html(
			queuePage(ctx(c), {
				filter,
				rows,
				counts: questionCounts(review.store, filter),
				page,
				pageSize,
				columnHolds,
			}),
		);
	});

	const itemView = (
		c: Context<ReviewEnv>,
		reportId: number,
		item: string,
		errors: ItemErrors = {},
		status: 200 | 422 = 200,
	) => {
		const detail = review.item(reportId, item);
		if (!detail)
			return c.text(
				t(langOf(c), "review.error.reportHasNoItem", { id: reportId, item }),
				404,
			);
		const flagParam = Number(c.req.query("flag"));
		const edit = c.req.query("edit");
		const next = review
			.queue({ status: "open" })
			.find(
				(row) =>
					row.reportId === reportId &&
					(row.ord ?? -1) > detail.ord &&
					row.item !== item,
			);
		return c.html(
			itemPage(ctx(c), {
				detail,
				source: review.sourceText(reportId),
				pages: pageImageSizes(review.store, reportId),
				selectedFlag: Number.isSafeInteger(flagParam) ? flagParam : undefined,
				edit:
					edit !== undefined && Object.hasOwn(CORRECTABLE_FIELDS, edit)
						? (edit as CorrectableField)
						: undefined,
				errors,
				nextFlag: next,
				trails: flagTrails(review.store, detail.flags, reportId),
				questions: new Map(
					detail.flags.map((f) => [
						f.id,
						questionOf(review.store, f.id)
							.slice(1)
							.map((o) => ({ id: o.id, item: o.item, field: o.field })),
					]),
				),
			}),
			status,
		);
	};

	// A scanned page's stored image (the item view cuts flagged values out of it).
	app.get("/reports/:id/pages/:page", (c) => {
		const id = idParam.safeParse(c.req.param("id"));
		const page = idParam.safeParse(c.req.param("page"));
		const image =
			id.success && page.success
				? pageImage(review.store, id.data, page.data)
				: undefined;
		if (!image) return c.text(t(langOf(c), "review.error.noPage"), 404);
		c.header("Content-Type", image.mime);
		c.header("Cache-Control", "private, max-age=3600");
		return c.body(new Uint8Array(image.bytes).buffer as ArrayBuffer);
	});

	app.get("/reports/:id/items/:item", (c) => {
		const id = idParam.safeParse(c.req.param("id"));
		const item = itemParam.safeParse(c.req.param("item"));
		if (!id.success || !item.success)
			return c.text(t(langOf(c), "review.error.noItem"), 404);
		return itemView(c, id.data, item.data);
	});

	app.post("/reports/:id/items/:item/correct", async (c) => {
		const id = idParam.safeParse(c.req.param("id"));
		const item = itemParam.safeParse(c.req.param("item"));
		if (!id.success || !item.success)
			return c.text(t(langOf(c), "review.error.noItem"), 404);
		const form = CorrectForm.safeParse(await c.req.parseBody());
		if (!form.success)
			return c.text(
				t(langOf(c), "review.error.badForm", {
					issues: formIssues(form.error),
				}),
				400,
			);
		const { field, value, reason } = form.data;
		const parsed = parseFieldInput(field, value, langOf(c));
		if (!parsed.ok)
			return itemView(
				c,
				id.data,
				item.data,
				{ [field]: { message: parsed.error, typed: value } },
				422,
			);
		review.correct({
			reportId: id.data,
			item: item.data,
			field,
			newValue: parsed.value,
			reason: reason.trim() || t(langOf(c), "review.saved.defaultReason"),
			who: whoOf(c),
		});
		return c.redirect(
			`${itemPath(id.data, item.data)}?saved=${encodeURIComponent(field)}#field-${cssId(field)}`,
			303,
		);
	});

	app.post("/reports/:id/items/:item/move", async (c) => {
		const id = idParam.safeParse(c.req.param("id"));
		const item = itemParam.safeParse(c.req.param("item"));
		if (!id.success || !item.success)
			return c.text(t(langOf(c), "review.error.noItem"), 404);
		const form = MoveForm.safeParse(await c.req.parseBody());
		if (!form.success)
			return c.text(
				t(langOf(c), "review.error.badForm", {
					issues: formIssues(form.error),
				}),
				400,
			);
		try {
			const [, to] = review.move({
				reportId: id.data,
				from: item.data,
				direction: form.data.direction,
				fragment: form.data.fragment,
				who: whoOf(c),
				reason: form.data.reason,
			});
			return c.redirect(
				`${itemPath(id.data, item.data)}?moved=${encodeURIComponent(to.item)}#narrative`,
				303,
			);
		} catch (error) {
			if (!(error instanceof TypeError)) throw error;
			return itemView(
				c,
				id.data,
				item.data,
				{
					achievement: {
						message: moveRefusal(error.message, langOf(c)),
					},
				},
				422,
			);
		}
	});

	app.post("/corrections/:id/undo", async (c) => {
		const id = idParam.safeParse(c.req.param("id"));
		if (!id.success)
			return c.text(t(langOf(c), "review.error.noCorrection"), 404);
		const undone = review.undo(id.data, whoOf(c));
		return c.redirect(
			`${itemPath(undone.reportId, undone.item)}#field-${cssId(undone.field)}`,
			303,
		);
	});

	// Undo (Ctrl+Z or the header's button): the clerk's last decision, taken back by new rows
	// of the trail (store/decisions.ts); the page says what happened.
	app.post("/decisions/undo", async (c) => {
		const body = await c.req.parseBody();
		const next = safeNext(body.next) ?? "/";
		try {
			const undone = undoLastDecision(review.store, {
				who: whoOf(c),
				reason: "",
			});
			return c.redirect(
				withNotice(
					next,
					undone.length > 0 ? "undo" : "undo-none",
					undone.length,
				),
				303,
			);
		} catch (error) {
			if (!(error instanceof UndoRefusedError)) throw error;
			return c.redirect(
				withNotice(
					next,
					error.why === "held" ? "undo-held" : "undo-refused",
					0,
				),
				303,
			);
		}
	});

	// Bulk accept of a filtered group (report and/or kind, open questions): the first POST shows
	// the counts and asks for a reason; the second (confirm=1, the flag count seen) accepts them
	// as one decision unit — one undo takes it back. Held reports' flags are left out.
	app.post("/flags/bulk-accept", async (c) => {
		const body = await c.req.parseBody();
		const parsed = BulkForm.safeParse(body);
		if (!parsed.success)
			return c.text(
				t(langOf(c), "review.error.badFilter", {
					issues: formIssues(parsed.error),
				}),
				400,
			);
		const { report, kind, confirm, flags: seen } = parsed.data;
		const filter = {
			...(typeof report === "number" ? { reportId: report } : {}),
			...(kind ? { kind } : {}),
		};
		const questions = questionQueue(review.store, {
			...filter,
			status: "open",
		});
		const holdFlags = new Set(
			[...new Set(questions.map((q) => q.reportId))].flatMap((id) =>
				review.store
					.listHolds(id)
					.flatMap((h) => (h.flagId === null ? [] : [h.flagId])),
			),
		);
		const all = questions.flatMap((q) => q.flagIds);
		const ids = all.filter((id) => !holdFlags.has(id));
		const counted = questions.filter((q) =>
			q.flagIds.some((id) => !holdFlags.has(id)),
		).length;
		const reason =
			typeof body.reason === "string" ? body.reason.trim().slice(0, 2_000) : "";
		const problem =
			confirm !== "1"
				? undefined
				: seen !== ids.length
					? ("changed" as const)
					: reason === ""
						? ("reasonMissing" as const)
						: undefined;
		if (confirm !== "1" || problem !== undefined || ids.length === 0)
			return c.html(
				bulkConfirmPage(ctx(c), {
					filter,
					questions: counted,
					flags: ids.length,
					held: all.length - ids.length,
					reason,
					...(problem ? { problem } : {}),
				}),
				problem ? 409 : 200,
			);
		const decided = decideFlags(review.store, ids, "accepted", {
			who: whoOf(c),
			reason,
		});
		const params = new URLSearchParams();
		if (filter.reportId !== undefined)
			params.set("report", String(filter.reportId));
		if (filter.kind) params.set("kind", filter.kind);
		const query = params.toString();
		return c.redirect(
			withNotice(query ? `/?${query}` : "/", "bulk", decided.length),
			303,
		);
	});

	for (const [action, status] of [
		["accept", "accepted"],
		["reject", "rejected"],
		["reopen", "open"],
	] as const) {
		app.post(`/flags/:id/${action}`, async (c) => {
			const id = idParam.safeParse(c.req.param("id"));
			if (!id.success) return c.text(t(langOf(c), "review.error.noFlag"), 404);
			const flag = review.flag(id.data);
			if (!flag) return c.text(t(langOf(c), "review.error.noFlag"), 404);
			const body = await c.req.parseBody();
			// The status the clerk saw (the button's seen=…): a flag another clerk decided in the
			// meantime is not overwritten; the clerk is told who decided it. Without it (an older
			// page, a script), the status now.
			const seen = FLAG_STATUSES.find((s) => s === body.seen) ?? flag.status;
			// One question, one decision: every flag asking the same thing (store/questions.ts).
			// A held report's flag: accepting it accepts the hold, with who and why (docs/holds.md).
			// Every decision is one unit of the trail with who, when and why (store/decisions.ts).
			const outcome = decideAsSeen(
				review.store,
				id.data,
				status as FlagStatus,
				seen,
				{
					who: whoOf(c),
					reason:
						status === "accepted"
							? heldReason(body.reason, langOf(c))
							: typeof body.reason === "string"
								? body.reason.trim().slice(0, 2_000)
								: "",
				},
			);
			const next = safeNext(body.next) ?? "/";
			if (!outcome.ok)
				return c.html(conflictPage(ctx(c), outcome.conflict, next), 409);
			return c.redirect(next, 303);
		});
	}

	for (const [path, sub] of Object.entries(mounts)) app.route(path, sub);
	return app;
}

/** The reason recorded when a held report is accepted in the app (the form's, or a default). */
function heldReason(reason: unknown, lang: Lang): string {
	const text = typeof reason === "string" ? reason.trim().slice(0, 2_000) : "";
	return text === "" ? t(lang, "review.held.defaultReason") : text;
}

/** A refused narrative move (store/review.ts move) as the clerk reads it. */
export function moveRefusal(message: string, lang: Lang): string {
	const text = message.replace(/^review\.move: /, "");
	if (lang === "en") return text;
	if (text === "the fragment is empty") return t(lang, "review.move.empty");
	const none =
		/^(\S+) has no (previous|next) item to move the fragment to$/.exec(text);
	if (none)
		return t(lang, "review.move.noNeighbour", {
			item: none[1] as string,
			direction: t(lang, `review.move.${none[2] as "previous" | "next"}`),
		});
	const order =
		/^the fragment does not (open|close) (\S+)'s narrative; only its (?:first|last) paragraphs can move to (\S+) /.exec(
			text,
		);
	if (order)
		return t(
			lang,
			order[1] === "open" ? "review.move.notFirst" : "review.move.notLast",
			{ item: order[2] as string, target: order[3] as string },
		);
	return text;
}

/** The review context for sub-apps (review/me.ts), from the same options. */
export function reviewContext(
	options: ReviewAppOptions & { csrfToken: string },
): ReviewContext {
	return {
		review: reviewStore(options.store),
		who: options.who?.trim() || "clerk",
		csrfToken: options.csrfToken,
	};
}

/**
 * A store's refusal (a TypeError "store.addCorrection: report 1 has no measure 9.9") as the
 * clerk reads it: without the function's name, and 404 when the thing asked for does not exist.
 */
export function refusal(
	message: string,
	lang: Lang = "en",
): {
	status: 400 | 404;
	message: string;
} {
	const text = message.replace(/^[a-z]+\.[A-Za-z]+: /, "");
	const measure = /^report (\d+) has no measure (\S+)$/.exec(text);
	if (measure)
		return {
			status: 404,
			message: t(lang, "review.error.reportHasNoItem", {
				id: measure[1] as string,
				item: measure[2] as string,
			}),
		};
	const missing = /^there is no (correction|flag|report|link) (\d+)$/.exec(
		text,
	);
	if (missing) {
		const key = {
			correction: "review.error.noCorrection",
			flag: "review.error.noFlag",
			report: "review.error.noReport",
			link: "review.error.noLink",
		} as const;
		return {
			status: 404,
			message: t(lang, key[missing[1] as keyof typeof key]),
		};
	}
	const held = /^flag (\d+) holds report (\d+) out of the queries/.exec(text);
	if (held && lang !== "en")
		return {
			status: 400,
			message: t(lang, "review.error.heldFlag", {
				flag: held[1] as string,
				id: held[2] as string,
			}),
		};
	return {
		status: 400,
		message: t(lang, "review.error.refused", { reason: text }),
	};
}

/** Zod issues as one line a person can read: "field: message; value: message". */
function formIssues(error: z.ZodError): string {
	return error.issues
		.map((i) => `${i.path.join(".") || "form"}: ${i.message}`)
		.join("; ");
}

export function itemPath(reportId: number, item: string): string {
	return `/reports/${reportId}/items/${encodeURIComponent(item)}`;
}

/** A field name as an HTML id fragment: "budget.amountMnt" → "budget-amountMnt". */
export function cssId(field: string): string {
	return field.replace(/[^A-Za-z0-9-]/g, "-");
}

/** Only a path on this app may be a redirect target (never another host). */
function safeNext(next: unknown): string | undefined {
	if (typeof next !== "string") return undefined;
	if (!next.startsWith("/") || next.startsWith("//") || next.includes("\\"))
		return undefined;
	for (let i = 0; i < next.length; i++)
		if (next.charCodeAt(i) < 0x20) return undefined;
	return next;
}

function same(a: string, b: string): boolean {
	// Hash first: timingSafeEqual needs equal lengths and must not leak the length.
	const ha = createHash("sha256").update(a).digest();
	const hb = createHash("sha256").update(b).digest();
	return timingSafeEqual(ha, hb);
}

function hostname(host: string): string {
	const h = host.toLowerCase();
	if (h.startsWith("[")) return h.slice(0, h.indexOf("]") + 1);
	return h.replace(/:\d+$/, "");
}

function hostOf(origin: string): string {
	try {
		return new URL(origin).host.toLowerCase();
	} catch {
		return "";
	}
}
