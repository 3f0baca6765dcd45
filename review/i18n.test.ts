/**
 * Mongolian first (issue 16): the review app's default pages hold no English word outside
 * document text (marked translate="no") and proper nouns; English is one switch away.
 */
import { readFileSync } from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import { flagText } from "../messages/flag-text.ts";
import { ingestMarkdown } from "../pipeline/ingest.ts";
import {
	addClerk,
	openStore,
	questionQueue,
	type Store,
} from "../store/index.ts";
import { createReviewApp, LANG_COOKIE } from "./app.ts";

const SEED = readFileSync(
	new URL("../fixtures/markdown/seed/input.md", import.meta.url),
	"utf8",
);
const CSRF = "c".repeat(43);

/** Latin words a Mongolian page may show: the program's name and key caps. */
const ALLOWED = new Set(["tailan", "Enter", "Ctrl"]);
const VOID = new Set([
	"area",
	"base",
	"br",
	"col",
	"embed",
	"hr",
	"img",
	"input",
	"link",
	"meta",
	"source",
	"track",
	"wbr",
	"image",
]);
const SHOWN_ATTRIBUTES = ["title", "placeholder", "aria-label", "alt"];

const unescapeHtml = (text: string) =>
	text
		.replace(/&lt;/g, "<")
		.replace(/&gt;/g, ">")
		.replace(/&quot;/g, '"')
		.replace(/&#39;/g, "'")
		.replace(/&amp;/g, "&");

/**
 * What a reader sees of a page, outside document text: text nodes and shown attributes, minus
 * script, style and every element marked translate="no" (with what it holds).
 */
function visibleAppText(page: string): string[] {
	const out: string[] = [];
	const stack: { tag: string; skip: boolean }[] = [];
	const skipping = () => stack.some((s) => s.skip);
	const tokens = page.matchAll(
		/<!--[\s\S]*?-->|<!doctype[^>]*>|<\/?([a-zA-Z][\w-]*)([^>]*)>|([^<]+)/gi,
	);
	for (const m of tokens) {
		const [whole, tag, attributes = "", text] = m;
		if (text !== undefined) {
			if (!skipping()) out.push(unescapeHtml(text));
			continue;
		}
		if (tag === undefined) continue;
		const name = tag.toLowerCase();
		if (whole.startsWith("</")) {
			const at = stack.map((s) => s.tag).lastIndexOf(name);
			if (at >= 0) stack.length = at;
			continue;
		}
		const skip =
			name === "script" ||
			name === "style" ||
			/\stranslate="no"/.test(attributes);
		if (!skip && !skipping())
			for (const a of SHOWN_ATTRIBUTES) {
				const value = new RegExp(`\\s${a}="([^"]*)"`).exec(attributes)?.[1];
				if (value !== undefined) out.push(unescapeHtml(value));
			}
		if (!VOID.has(name) && !attributes.trimEnd().endsWith("/"))
			stack.push({ tag: name, skip });
	}
	return out;
}

/** English (Latin) words in what the reader sees, outside the allow-list. */
function englishWords(page: string): string[] {
	return visibleAppText(page)
		.flatMap((text) => text.match(/[A-Za-z]{2,}/g) ?? [])
		.filter((w) => !ALLOWED.has(w));
}

async function post(
	app: ReturnType<typeof createReviewApp>,
	path: string,
	form: Record<string, string>,
) {
	return app.request(path, {
		method: "POST",
		headers: {
			"content-type": "application/x-www-form-urlencoded",
			origin: "http://localhost",
			host: "localhost",
		},
		body: new URLSearchParams(form).toString(),
	});
}

describe("the review app in Mongolian", () => {
	let store: Store;
	let app: ReturnType<typeof createReviewApp>;
	beforeEach(() => {
		store = openStore(":memory:");
		store.importResult(ingestMarkdown(SEED, { file: "input.md" }));
		app = createReviewApp({ store, csrfToken: CSRF, who: "clerk" });
	});

	it("should find English words, and none inside translate=no", () => {
		expect(
			englishWords(
				'<p title="Edit (e)">Засах <span translate="no">input.md <b>x</b> Latin</span> Flags<br>Энд</p>',
			),
		).toEqual(["Edit", "Flags"]);
	});

	it("should show no English word on the queue and on every item page of the sample", async () => {
		const pages = [
			"/",
			"/?status=all",
			"/?kind=narrative-moved",
			"/?status=accepted",
		];
		for (const m of store.exportRecords(1)[0]?.measures ?? [])
			pages.push(`/reports/1/items/${m.item}`);
		expect(pages.length).toBeGreaterThan(40);
		for (const path of pages) {
			const res = await app.request(path);
			expect(res.status, path).toBe(200);
			const body = await res.text();
			expect(body, path).toContain('<html lang="mn">');
			expect(englishWords(body), path).toEqual([]);
		}
	});

	it("should show no English word with the undo button, its notice and the bulk accept's confirmation", async () => {
		await post(app, "/flags/1/accept", { _csrf: CSRF, next: "/" });
		const decided = store.listFlags().find((f) => f.id === 1);
		const itemPage = await (
			await app.request(`/reports/1/items/${decided?.item}`)
		).text();
		expect(itemPage).toContain('class="trail"');
		expect(englishWords(itemPage)).toEqual([]);
		const withUndo = await (await app.request("/?kind=mixed-script")).text();
		expect(withUndo).toContain('id="undo-decision"');
		expect(withUndo).toContain('action="/flags/bulk-accept"');
		expect(englishWords(withUndo)).toEqual([]);
		const undo = await post(app, "/decisions/undo", { _csrf: CSRF, next: "/" });
		const notice = await (
			await app.request(undo.headers.get("location") ?? "/")
		).text();
		expect(notice).toContain('class="notice"');
		expect(englishWords(notice)).toEqual([]);
		const forms: Record<string, string>[] = [
			{ kind: "mixed-script" },
			{ kind: "mixed-script", confirm: "1", flags: "0", reason: "" },
		];
		for (const form of forms) {
			const confirm = await (
				await post(app, "/flags/bulk-accept", { _csrf: CSRF, ...form })
			).text();
			expect(confirm).toContain('name="confirm"');
			expect(englishWords(confirm)).toEqual([]);
		}
	});

	it("should show no English word after a refused value, a correction and a move", async () => {
		const refused = await post(app, "/reports/1/items/4.6/correct", {
			_csrf: CSRF,
			field: "performancePct",
			value: "9",
		});
		expect(refused.status).toBe(422);
		const form = await refused.text();
		expect(form).toContain("хэрэгжилтийн түвшин биш");
		expect(englishWords(form)).toEqual([]);
		await post(app, "/reports/1/items/4.6/correct", {
			_csrf: CSRF,
			field: "performancePct",
			value: "90",
		});
		const fragment =
			store
				.exportRecords(1)[0]
				?.measures.find((m) => m.item === "3.3")
				?.achievement.split("\n")
				.at(-1) ?? "";
		const middle = await post(app, "/reports/1/items/3.3/move", {
			_csrf: CSRF,
			direction: "previous",
			fragment,
		});
		expect(middle.status).toBe(422);
		const moveRefused = await middle.text();
		expect(moveRefused).toContain("зөвхөн эхний догол мөрүүдийг");
		expect(englishWords(moveRefused)).toEqual([]);
		await post(app, "/reports/1/items/3.3/move", {
			_csrf: CSRF,
			direction: "next",
			fragment,
		});
		for (const path of [
			"/reports/1/items/4.6",
			"/reports/1/items/3.3",
			"/?status=all",
		]) {
			const body = await (await app.request(path)).text();
			expect(englishWords(body), path).toEqual([]);
		}
	});

	it("should show no English word on the sign-in, progress and already-decided pages", async () => {
		const { token } = addClerk(store, "Ану");
		const signin = await app.request("/signin");
		expect(signin.status).toBe(200);
		expect(englishWords(await signin.text())).toEqual([]);
		const wrong = await post(app, "/signin", {
			_csrf: CSRF,
			name: "Ану",
			token: "x",
		});
		expect(wrong.status).toBe(401);
		expect(englishWords(await wrong.text())).toEqual([]);
		const ok = await post(app, "/signin", { _csrf: CSRF, name: "Ану", token });
		const cookie = /tailan_session=[^;]+/.exec(
			ok.headers.get("set-cookie") ?? "",
		)?.[0];
		if (!cookie) throw new Error("no session");
		const flag = questionQueue(store, { status: "open" })[0];
		if (!flag) throw new Error("the seed has open flags");
		const send = (action: string) =>
			app.request(`/flags/${flag.id}/${action}`, {
				method: "POST",
				headers: {
					"content-type": "application/x-www-form-urlencoded",
					cookie,
				},
				body: new URLSearchParams({ _csrf: CSRF, seen: "open" }),
			});
		expect((await send("accept")).status).toBe(303);
		const conflict = await send("reject");
		expect(conflict.status).toBe(409);
		expect(englishWords(await conflict.text())).toEqual([]);
		for (const path of ["/progress", "/"]) {
			const res = await app.request(path, { headers: { cookie } });
			expect(res.status, path).toBe(200);
			expect(englishWords(await res.text()), path).toEqual([]);
		}
	});

	it("should answer refusals in Mongolian", async () => {
		const cases: [string, Record<string, string>, number, string][] = [
			[
				"/reports/1/items/9.99/correct",
				{ field: "achievement", value: "x" },
				404,
				"алдаа: 1-р тайланд 9.99 дугаартай арга хэмжээ алга",
			],
			["/corrections/999/undo", {}, 404, "алдаа: ийм засвар алга"],
			["/flags/999/accept", {}, 404, "алдаа: ийм тэмдэглэгээ алга"],
		];
		const errors = console.error;
		console.error = () => {};
		try {
			for (const [path, form, status, message] of cases) {
				const res = await post(app, path, { _csrf: CSRF, ...form });
				expect(res.status, path).toBe(status);
				expect(await res.text(), path).toBe(message);
			}
		} finally {
			console.error = errors;
		}
		const csrf = await post(app, "/flags/1/accept", { _csrf: "wrong" });
		expect(csrf.status).toBe(403);
		expect(await csrf.text()).toMatch(/^алдаа: /);
	});

	it("should switch to English with ?lang=en, keep it in a cookie, and switch back", async () => {
		const english = await app.request("/?lang=en");
		const cookie = english.headers.get("set-cookie") ?? "";
		expect(cookie).toContain(`${LANG_COOKIE}=en`);
		const page = await english.text();
		expect(page).toContain('<html lang="en">');
		expect(page).toContain("Review queue");
		// The stored English message of a flag, word for word.
		const flag = store.listFlags({ status: "open" })[0];
		expect(page).toContain(
			(flag?.message ?? "").replace(/&/g, "&amp;").replace(/"/g, "&quot;"),
		);
		// The switch link leads back, on the same page.
		expect(page).toMatch(/id="lang-switch" href="\/\?lang=mn"/);
		const kept = await app.request("/reports/1/items/6.5", {
			headers: { cookie: `${LANG_COOKIE}=en` },
		});
		expect(await kept.text()).toContain("Budget amount, MNT");
		const back = await app.request("/reports/1/items/6.5?lang=mn", {
			headers: { cookie: `${LANG_COOKIE}=en` },
		});
		expect(back.headers.get("set-cookie")).toContain(`${LANG_COOKIE}=mn`);
		const mongolian = await back.text();
		expect(mongolian).toContain("Төсвийн дүн, төгрөг");
		expect(mongolian).toMatch(
			/id="lang-switch" href="\/reports\/1\/items\/6\.5\?lang=en"/,
		);
		// A server started with --lang en shows English until a clerk switches.
		const en = createReviewApp({ store, csrfToken: CSRF, lang: "en" });
		expect(await (await en.request("/")).text()).toContain("Review queue");
	});

	it("should render every flag of the sample in Mongolian from its kind and evidence", () => {
		for (const flag of store.listFlags()) {
			const text = flagText("mn", flag);
			expect(text, flag.message).toMatch(/[\u0400-\u04FF]/);
			expect(text, flag.kind).not.toContain("{");
			// Every Latin word in it comes from the document (a token, a quoted paragraph).
			for (const word of text.match(/[A-Za-z]{2,}/g) ?? [])
				expect(JSON.stringify(flag.evidence), flag.message).toContain(word);
			expect(flagText("en", flag)).toBe(flag.message);
		}
	});
});
