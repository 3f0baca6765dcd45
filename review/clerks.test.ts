/**
 * Several clerks (issue 16): each signs in with a name and token, what they do carries their
 * name, two clerks on one flag do not overwrite each other; and two signed-in clients against
 * the real server on 127.0.0.1 deciding 200 questions at once lose nothing.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ingestMarkdown } from "../pipeline/ingest.ts";
import {
	addClerk,
	clerkProgress,
	disableClerk,
	flagDecidedBy,
	openStore,
	questionQueue,
	type Store,
} from "../store/index.ts";
import { createReviewApp, SESSION_COOKIE } from "./app.ts";
import { startReviewServer } from "./server.ts";

const SEED = readFileSync(
	new URL("../fixtures/markdown/seed/input.md", import.meta.url),
	"utf8",
);
const CSRF = "c".repeat(43);

type App = ReturnType<typeof createReviewApp>;

function post(
	app: App,
	path: string,
	form: Record<string, string>,
	cookie?: string,
) {
	return app.request(path, {
		method: "POST",
		headers: {
			"content-type": "application/x-www-form-urlencoded",
			...(cookie === undefined ? {} : { cookie }),
		},
		body: new URLSearchParams({ _csrf: CSRF, ...form }),
	});
}

/** The session cookie a sign-in answer sets, as a Cookie header. */
function sessionOf(res: Response): string {
	const set = res.headers.get("set-cookie") ?? "";
	const m = new RegExp(`${SESSION_COOKIE}=([^;]+)`).exec(set);
	if (!m) throw new Error(`no session cookie in ${set}`);
	return `${SESSION_COOKIE}=${m[1]}`;
}

describe("review app with clerks", () => {
	let store: Store;
	let app: App;
	let anu: string;
	let bat: string;
	beforeEach(() => {
		store = openStore(":memory:");
		store.importResult(ingestMarkdown(SEED, { file: "input.md" }));
		anu = addClerk(store, "Ану").token;
		bat = addClerk(store, "Бат").token;
		app = createReviewApp({ store, csrfToken: CSRF, who: "server" });
	});
	afterEach(() => store.close());

	it("should ask for sign-in, refuse a wrong token, and set an HttpOnly SameSite=Strict session", async () => {
		const first = await app.request("/?report=1");
		expect(first.status).toBe(303);
		expect(first.headers.get("location")).toBe("/signin?next=%2F%3Freport%3D1");
		const page = await app.request("/signin");
		expect(page.status).toBe(200);
		expect(await page.text()).toContain('name="token" type="password"');
		expect((await post(app, "/flags/1/accept", { seen: "open" })).status).toBe(
			401,
		);

		const wrong = await post(app, "/signin", { name: "Ану", token: bat });
		expect(wrong.status).toBe(401);
		expect(wrong.headers.get("set-cookie") ?? "").not.toContain(SESSION_COOKIE);
		const noCsrf = await app.request("/signin", {
			method: "POST",
			headers: { "content-type": "application/x-www-form-urlencoded" },
			body: new URLSearchParams({ name: "Ану", token: anu }),
		});
		expect(noCsrf.status).toBe(403);

		const ok = await post(app, "/signin", {
			name: "Ану",
			token: anu,
			next: "/?report=1",
		});
		expect(ok.status).toBe(303);
		expect(ok.headers.get("location")).toBe("/?report=1");
		const set = ok.headers.get("set-cookie") ?? "";
		expect(set).toMatch(/HttpOnly/i);
		expect(set).toMatch(/SameSite=Strict/i);
		const queue = await app.request("/", {
			headers: { cookie: sessionOf(ok) },
		});
		expect(queue.status).toBe(200);
		expect(await queue.text()).toContain('<span translate="no">Ану</span>');
		// A made-up session is no session.
		const forged = await app.request("/", {
			headers: { cookie: `${SESSION_COOKIE}=${"A".repeat(43)}` },
		});
		expect(forged.status).toBe(303);
	});

	it("should record corrections and decisions under the signed-in clerk, and end a disabled clerk's session", async () => {
		const cookie = sessionOf(
			await post(app, "/signin", { name: "Бат", token: bat }),
		);
		const flag = questionQueue(store, { status: "open" })[0];
		if (!flag) throw new Error("the seed has open flags");
		const res = await post(
			app,
			`/flags/${flag.id}/reject`,
			{ seen: "open" },
			cookie,
		);
		expect(res.status).toBe(303);
		expect(flagDecidedBy(store, flag.id)).toMatchObject({
			status: "rejected",
			by: "Бат",
		});

		const fixed = await post(
			app,
			"/reports/1/items/1.1/correct",
			{
				field: "indicator",
				value: "Хэрэгжүүлсэн төслийн тоо (шалгасан)",
				reason: "",
			},
			cookie,
		);
		expect(fixed.status).toBe(303);
		expect(store.listCorrections(1).at(-1)?.who).toBe("Бат");

		const progress = await app.request("/progress", { headers: { cookie } });
		const body = await progress.text();
		expect(body).toMatch(
			/<td translate="no">Бат<\/td><td class="n">0<\/td><td class="n">[1-9]\d*<\/td><td class="n">0<\/td><td class="n">1<\/td>/,
		);

		disableClerk(store, "Бат");
		const after = await app.request("/", { headers: { cookie } });
		expect(after.status).toBe(303);
		expect(after.headers.get("location")).toMatch(/^\/signin/);
	});

	it("should not let a second clerk overwrite a flag the first decided: 409 naming the first", async () => {
		const a = sessionOf(
			await post(app, "/signin", { name: "Ану", token: anu }),
		);
		const b = sessionOf(
			await post(app, "/signin", { name: "Бат", token: bat }),
		);
		const flag = questionQueue(store, { status: "open" })[0];
		if (!flag) throw new Error("the seed has open flags");
		// Both saw it open; Ану decides first.
		expect(
			(await post(app, `/flags/${flag.id}/accept`, { seen: "open" }, a)).status,
		).toBe(303);
		const second = await post(
			app,
			`/flags/${flag.id}/reject`,
			{ seen: "open" },
			b,
		);
		expect(second.status).toBe(409);
		const page = await second.text();
		expect(page).toContain('<span translate="no">Ану</span>');
		expect(page).toContain("хүлээн зөвшөөрсөн");
		expect(flagDecidedBy(store, flag.id)).toMatchObject({
			status: "accepted",
			by: "Ану",
		});
		// Seeing it accepted, Бат may reopen it.
		expect(
			(await post(app, `/flags/${flag.id}/reopen`, { seen: "accepted" }, b))
				.status,
		).toBe(303);
		expect(flagDecidedBy(store, flag.id)).toMatchObject({
			status: "open",
			by: "Бат",
		});
	});

	it("should work as before without clerks: no sign-in, the server's who", async () => {
		const plain = openStore(":memory:");
		plain.importResult(ingestMarkdown(SEED, { file: "input.md" }));
		const open = createReviewApp({
			store: plain,
			csrfToken: CSRF,
			who: "server",
		});
		expect((await open.request("/")).status).toBe(200);
		expect((await open.request("/signin")).status).toBe(303);
		const flag = questionQueue(plain, { status: "open" })[0];
		if (!flag) throw new Error("the seed has open flags");
		expect((await post(open, `/flags/${flag.id}/accept`, {})).status).toBe(303);
		expect(flagDecidedBy(plain, flag.id)).toMatchObject({
			status: "accepted",
			by: "server",
		});
		plain.close();
	});
});

describe("two clerks against the real server", () => {
	let dir: string;
	beforeEach(() => {
		dir = mkdtempSync(join(tmpdir(), "tailan-clerks-"));
	});
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	it("should keep 200 concurrent decisions of two signed-in clerks, each with its author, and settle races without overwriting", async () => {
		const store = openStore(join(dir, "t.db"));
		// Eleven reports (the seed for eleven years): 19 questions each, 209 in all.
		for (let i = 0; i < 11; i++)
			store.importResult(
				ingestMarkdown(SEED.replace("2024 ОНЫ", `${2013 + i} ОНЫ`), {
					file: `seed-${2013 + i}.md`,
				}),
			);
		const clerks = [addClerk(store, "Ану"), addClerk(store, "Бат")];
		const server = await startReviewServer({ store, port: 0 });
		try {
			const base = server.url.replace(/\/$/, "");
			const signedIn = await Promise.all(
				clerks.map(async (c) => {
					const res = await fetch(`${base}/signin`, {
						redirect: "manual",
						method: "POST",
						headers: { "content-type": "application/x-www-form-urlencoded" },
						body: new URLSearchParams({
							_csrf: await csrfOf(base),
							name: c.name,
							token: c.token,
						}),
					});
					expect(res.status).toBe(303);
					const cookie = sessionOf(res);
					return { name: c.name, cookie, csrf: await csrfOf(base, cookie) };
				}),
			);
			const questions = questionQueue(store, { status: "open" });
			expect(questions.length).toBeGreaterThanOrEqual(220 - 11);
			const chosen = questions.slice(0, 200);
			const contested = questions.slice(200, 209);
			const decide = (
				clerk: (typeof signedIn)[number],
				id: number,
				action: "accept" | "reject",
			) =>
				fetch(`${base}/flags/${id}/${action}`, {
					redirect: "manual",
					method: "POST",
					headers: {
						"content-type": "application/x-www-form-urlencoded",
						cookie: clerk.cookie,
					},
					body: new URLSearchParams({
						_csrf: clerk.csrf,
						seen: "open",
						next: "/",
					}),
				}).then(async (r) => ({
					id,
					clerk: clerk.name,
					action,
					status: r.status,
					text: await r.text(),
				}));
			const [a, b] = signedIn as [(typeof signedIn)[0], (typeof signedIn)[0]];
			// All at once: 200 decisions on distinct questions (Ану the even ones, Бат the odd),
			// and both clerks on the same 9 questions (Ану accepts, Бат rejects).
			const answers = await Promise.all([
				...chosen.map((q, i) =>
					i % 2 === 0 ? decide(a, q.id, "accept") : decide(b, q.id, "reject"),
				),
				...contested.flatMap((q) => [
					decide(a, q.id, "accept"),
					decide(b, q.id, "reject"),
				]),
			]);
			const distinct = answers.slice(0, 200);
			expect(distinct.map((r) => r.status)).toEqual(distinct.map(() => 303));
			for (const r of distinct)
				expect(flagDecidedBy(store, r.id)).toEqual({
					status: r.action === "accept" ? "accepted" : "rejected",
					by: r.clerk,
					at: expect.stringMatching(/^\d{4}-/),
				});
			// Each contested question: one decision wins, the other is told who, nothing overwritten.
			const races = answers.slice(200);
			for (const q of contested) {
				const pair = races.filter((r) => r.id === q.id);
				expect(pair.map((r) => r.status).sort()).toEqual([303, 409]);
				const won = pair.find((r) => r.status === 303);
				const lost = pair.find((r) => r.status === 409);
				expect(flagDecidedBy(store, q.id)).toMatchObject({
					status: won?.action === "accept" ? "accepted" : "rejected",
					by: won?.clerk,
				});
				expect(lost?.text).toContain(
					`<span translate="no">${won?.clerk}</span>`,
				);
			}
			// Every decided flag (each question's flags) carries its author; progress counts them.
			const progress = clerkProgress(store);
			const decidedFlags = store
				.listFlags()
				.filter((f) => f.status === "accepted" || f.status === "rejected");
			const byClerk = new Map(progress.byClerk.map((c) => [c.who, c]));
			expect(
				(byClerk.get("Ану")?.accepted ?? 0) +
					(byClerk.get("Бат")?.rejected ?? 0),
			).toBe(decidedFlags.length);
			for (const f of decidedFlags)
				expect(flagDecidedBy(store, f.id)?.by).toMatch(/^(Ану|Бат)$/);
		} finally {
			await server.close();
			store.close();
		}
	}, 60_000);
});

/** The CSRF token of the app's forms (a page's hidden _csrf field). */
async function csrfOf(base: string, cookie?: string): Promise<string> {
	const res = await fetch(`${base}/signin`, {
		redirect: "manual",
		...(cookie === undefined ? {} : { headers: { cookie } }),
	});
	const page =
		res.status === 200
			? await res.text()
			: await (
					await fetch(
						`${base}/`,
						cookie === undefined ? {} : { headers: { cookie } },
					)
				).text();
	const m = /name="_csrf" value="([^"]+)"/.exec(page);
	if (!m) throw new Error("no CSRF field on the page");
	return m[1] as string;
}
