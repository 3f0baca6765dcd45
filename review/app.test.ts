import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ingestMarkdown } from "../pipeline/ingest.ts";
import {
	CORRECTABLE_FIELDS,
	openStore,
	questionKeys,
	type Store,
} from "../store/index.ts";
import { holdWriteLock } from "../store/testing.ts";
import { createReviewApp, RETRY_AFTER_S } from "./app.ts";

const SEED = readFileSync(
	new URL("../fixtures/markdown/seed/input.md", import.meta.url),
	"utf8",
);
const XSS = readFileSync(
	new URL("../fixtures/markdown/xss/input.md", import.meta.url),
	"utf8",
);
const CSRF = "c".repeat(43);

function post(
	app: ReturnType<typeof createReviewApp>,
	path: string,
	form: Record<string, string>,
	headers: Record<string, string> = {},
) {
	return app.request(path, {
		method: "POST",
		headers: {
			"content-type": "application/x-www-form-urlencoded",
			...headers,
		},
		body: new URLSearchParams(form),
	});
}

describe("review app routes", () => {
	let store: Store;
	let app: ReturnType<typeof createReviewApp>;
	beforeEach(() => {
		store = openStore(":memory:");
		store.importResult(ingestMarkdown(SEED, { file: "input.md" }));
		app = createReviewApp({
			store,
			csrfToken: CSRF,
			who: "tester",
			lang: "en",
		});
	});

	it("should list every open flag of the seed in the queue, one line per question, most severe first", async () => {
		const res = await app.request("/");
		expect(res.status).toBe(200);
		const body = await res.text();
		const open = store.listFlags({ status: "open" });
		expect(open).toHaveLength(35);
		// Both sides of a move, one token in several fields: one line, one decision.
		const lines = [
			...body.matchAll(
				/<tr class="flag [^"]*" id="flag-\d+"[^>]* data-flags="(\d+)"/g,
			),
		];
		const keys = questionKeys(store);
		expect(lines).toHaveLength(new Set(open.map((f) => keys.get(f.id))).size);
		expect(lines.length).toBeLessThan(open.length);
		expect(lines.reduce((n, m) => n + Number(m[1]), 0)).toBe(open.length);
		const severities = [...body.matchAll(/<tr class="flag sev-(\w+)"/g)].map(
			(m) => m[1],
		);
		expect(severities.indexOf("info")).toBeGreaterThan(
			severities.lastIndexOf("warning"),
		);
		expect(res.headers.get("content-security-policy")).toContain(
			"script-src 'nonce-",
		);
	});

	it("should page the queue: every flag once, in queue order, with next/previous links", async () => {
		const ids = async (path: string) =>
			[
				...(await (await app.request(path)).text()).matchAll(
					/<tr class="flag [^"]*" id="flag-(\d+)"/g,
				),
			].map((m) => m[1]);
		const all = await ids("/");
		expect(all.length).toBeGreaterThan(10);
		const paged = createReviewApp({
			store,
			csrfToken: CSRF,
			who: "tester",
			queuePageSize: 10,
			lang: "en",
		});
		const seen: (string | undefined)[] = [];
		let path: string | undefined = "/";
		let pages = 0;
		while (path) {
			const body = await (await paged.request(path)).text();
			const rows = [
				...body.matchAll(/<tr class="flag [^"]*" id="flag-(\d+)"/g),
			].map((m) => m[1]);
			expect(rows.length).toBeLessThanOrEqual(10);
			if (pages > 0) expect(body).toContain('rel="prev"');
			seen.push(...rows);
			pages++;
			path = body
				.match(/<a rel="next" href="([^"]+)"/)?.[1]
				?.replace(/&amp;/g, "&");
		}
		expect(pages).toBe(Math.ceil(all.length / 10));
		expect(seen).toEqual(all);
		expect((await paged.request("/?page=0")).status).toBe(400);
	});

	it("should filter the queue by kind and status and count per facet", async () => {
		// 4.6 and 5.2 both print a stray "9": two items, two questions.
		const body = await (await app.request("/?kind=level-not-on-scale")).text();
		expect(body.match(/<tr class="flag /g)).toHaveLength(2);
		expect(body).toContain('<span class="count" id="total">2</span>');
		expect((await app.request("/?status=bogus")).status).toBe(400);
		expect((await app.request("/?kind=%3Cscript%3E")).status).toBe(400);
	});

	it("should show an item's fields, raw text and highlighted source span", async () => {
		const body = await (await app.request("/reports/1/items/6.5")).text();
		expect(body).toContain("<mark>1.276.0 Байгууллагын төсөв</mark>");
		expect(body).toContain('id="field-budget-amountMnt"');
		expect((await app.request("/reports/1/items/9.99")).status).toBe(404);
		expect(
			(await app.request("/reports/1/items/..%2F..%2Fetc%2Fpasswd")).status,
		).toBe(404);
	});

	it("should refuse a POST without the CSRF token, from another origin, or too large", async () => {
		expect((await post(app, "/flags/1/accept", {})).status).toBe(403);
		expect(
			(await post(app, "/flags/1/accept", { _csrf: "wrong" })).status,
		).toBe(403);
		expect(
			(
				await post(
					app,
					"/flags/1/accept",
					{ _csrf: CSRF },
					{ origin: "http://evil.example" },
				)
			).status,
		).toBe(403);
		expect(
			(
				await post(app, "/reports/1/items/4.6/correct", {
					_csrf: CSRF,
					field: "achievement",
					value: "x".repeat(300_000),
				})
			).status,
		).toBe(413);
		expect(store.listFlags({ status: "open" })).toHaveLength(35);
	});

	it("should answer only to local host names when there is no token", async () => {
		expect((await app.request("http://evil.example/")).status).toBe(403);
		expect((await app.request("http://127.0.0.1:8765/")).status).toBe(200);
	});

	it("should require the token when one is set, and accept it once as ?token=", async () => {
		const shared = createReviewApp({
			store,
			token: "t".repeat(20),
			csrfToken: CSRF,
		});
		expect((await shared.request("http://0.0.0.0/")).status).toBe(401);
		const first = await shared.request(
			`http://host.lan/?token=${"t".repeat(20)}`,
		);
		expect(first.status).toBe(303);
		const cookie = first.headers.get("set-cookie") ?? "";
		expect(cookie).toContain("HttpOnly");
		expect(
			(
				await shared.request("http://host.lan/", {
					headers: { cookie: cookie.split(";")[0] ?? "" },
				})
			).status,
		).toBe(200);
		expect(
			(
				await shared.request("http://host.lan/", {
					headers: { authorization: `Bearer ${"t".repeat(20)}` },
				})
			).status,
		).toBe(200);
	});

	it("should validate a correction with zod and show the error next to the field", async () => {
		const res = await post(app, "/reports/1/items/4.6/correct", {
			_csrf: CSRF,
			field: "performancePct",
			value: "9",
		});
		expect(res.status).toBe(422);
		const body = await res.text();
		expect(body).toMatch(
			/<tr class="field[^"]*" id="field-performancePct"[\s\S]*?<p class="error" id="err-performancePct" role="alert">&quot;9&quot; is not a level/,
		);
		expect(store.listCorrections()).toHaveLength(0);
	});

	it("should correct, re-run the cross-checks and undo with a new correction", async () => {
		const res = await post(app, "/reports/1/items/4.6/correct", {
			_csrf: CSRF,
			field: "performancePct",
			value: "90",
			reason: "paper copy",
		});
		expect(res.status).toBe(303);
		expect(
			store.exportRecords(1)[0]?.measures.find((m) => m.item === "4.6")
				?.performancePct,
		).toBe(90);
		expect(
			store
				.listFlags({ status: "open" })
				.filter((f) => f.kind.startsWith("summary-")),
		).toHaveLength(3);
		const [correction] = store.listCorrections();
		expect(correction).toMatchObject({
			who: "tester",
			reason: "paper copy",
			oldValue: 100,
			newValue: 90,
		});
		expect(
			store.listFlags({ status: "corrected" }).map((f) => f.item),
		).toContain("4.6");
		await post(app, `/corrections/${correction?.id}/undo`, { _csrf: CSRF });
		expect(store.listCorrections()).toHaveLength(2);
		expect(
			store.exportRecords(1)[0]?.measures.find((m) => m.item === "4.6")
				?.performancePct,
		).toBe(100);
		expect(
			store
				.listFlags({ status: "open" })
				.filter((f) => f.kind.startsWith("summary-")),
		).toHaveLength(0);
	});

	it("should move a fragment to the next item as two corrections, and refuse one from the middle", async () => {
		const fragment =
			store
				.exportRecords(1)[0]
				?.measures.find((m) => m.item === "3.3")
				?.achievement.split("\n")
				.at(-1) ?? "";
		expect(
			(
				await post(app, "/reports/1/items/3.3/move", {
					_csrf: CSRF,
					direction: "previous",
					fragment,
				})
			).status,
		).toBe(422);
		const res = await post(app, "/reports/1/items/3.3/move", {
			_csrf: CSRF,
			direction: "next",
			fragment,
		});
		expect(res.status).toBe(303);
		expect(store.listCorrections().map((c) => [c.item, c.field])).toEqual([
			["3.3", "achievement"],
			["3.4", "achievement"],
		]);
		const measures = store.exportRecords(1)[0]?.measures ?? [];
		expect(
			measures.find((m) => m.item === "3.4")?.achievement.startsWith(fragment),
		).toBe(true);
	});

	it("should accept and reject flags and return to a local page only", async () => {
		const res = await post(app, "/flags/1/accept", {
			_csrf: CSRF,
			next: "/?kind=narrative-moved",
		});
		expect(res.headers.get("location")).toBe("/?kind=narrative-moved");
		const away = await post(app, "/flags/3/reject", {
			_csrf: CSRF,
			next: "//evil.example/",
		});
		expect(away.headers.get("location")).toBe("/");
		// Flags 1 and 2 are both sides of one move (1.3 → 1.2), 3 and 4 of another: one decision each.
		const ids = (status: "accepted" | "rejected") =>
			store.listFlags({ status }).map((f) => f.id);
		expect(ids("accepted")).toEqual([1, 2]);
		expect(ids("rejected")).toEqual([3, 4]);
		await post(app, "/flags/2/reopen", { _csrf: CSRF });
		expect(ids("accepted")).toEqual([]);
		expect(store.listFlags({ status: "open" })).toHaveLength(33);
	});

	it("should render the XSS fixture's payloads as text", async () => {
		store.importResult(ingestMarkdown(XSS, { file: "xss.md" }));
		const id = store
			.listReports()
			.find((r) => r.department?.startsWith("Хууль"))?.id;
		for (const path of [
			"/",
			`/?report=${id}`,
			`/reports/${id}/items/1.1`,
			`/reports/${id}/items/1.2`,
			`/reports/${id}/items/2.1`,
		]) {
			const body = await (await app.request(path)).text();
			expect(body.match(/<script/g)).toHaveLength(1);
			expect(body).not.toMatch(
				/<img|<svg|<a href="javascript|onerror=alert\(\d\)>/,
			);
		}
		const item = await (await app.request(`/reports/${id}/items/1.1`)).text();
		expect(item).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
		expect(item).toContain("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;");
		expect(item).toContain("javascript:alert(3)");
	});
});

describe("scanned pages in the item view", () => {
	it("should show the scanned page under a piece with a bbox, the box drawn on it", async () => {
		const { pagePreview } = await import("../parsers/image/preview.ts");
		const store = openStore(":memory:");
		const result = ingestMarkdown(SEED, { file: "scan.md" });
		const width = 2000;
		const height = 1400;
		const data = new Uint8Array(width * height).fill(250);
		result.document.pageImages = [
			pagePreview({ width, height, data, dpi: 300 }, 2),
		];
		const measure = result.record.measures.find((m) => m.item === "6.5");
		const piece = measure?.provenance?.budget?.[0];
		if (!piece) throw new Error("6.5 has no budget provenance");
		piece.page = 2;
		piece.bbox = [400, 300, 700, 360];
		store.importResult(result);
		const app = createReviewApp({
			store,
			csrfToken: CSRF,
			who: "tester",
			lang: "en",
		});
		const body = await (await app.request("/reports/1/items/6.5")).text();
		// The whole page with the value's box on it, opened zoomed in on the box (page units).
		expect(body).toMatch(
			/<figure class="ev-page" data-w="2000" data-h="1400" data-focus="400 300 700 360" data-zoom="4">/,
		);
		expect(body).toMatch(
			/<svg class="ev-svg"[^>]*viewBox="300 155 500 350"[^>]*><image href="\/reports\/1\/pages\/2" x="0" y="0" width="2000" height="1400"\/><rect class="ev-box c-exact" x="400" y="300" width="300" height="60"/,
		);
		const image = await app.request("/reports/1/pages/2");
		expect(image.status).toBe(200);
		expect(image.headers.get("content-type")).toBe("image/jpeg");
		expect([...new Uint8Array(await image.arrayBuffer()).slice(0, 2)]).toEqual([
			0xff, 0xd8,
		]);
		expect((await app.request("/reports/1/pages/3")).status).toBe(404);
		// A Markdown report has no page images: its evidence stays the marked source text.
		const md = createReviewApp({ store: seededStore(), csrfToken: CSRF });
		expect(
			await (await md.request("/reports/1/items/6.5")).text(),
		).not.toContain('class="ev-page"');
		store.close();
	});
});

/** What an answer must not show a clerk: function names, error classes, stack frames. */
const INTERNALS =
	/\b(?:store|review|indicators)\.[A-Za-z]+\b|SqliteError|SQLITE_|TypeError|\bat \S+ \(|\.ts:\d+|✖/;

describe("review app refusals", () => {
	let store: Store;
	let app: ReturnType<typeof createReviewApp>;
	let logged: string[];
	beforeEach(() => {
		store = seededStore();
		app = createReviewApp({
			store,
			csrfToken: CSRF,
			who: "tester",
			lang: "en",
		});
		logged = [];
		vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
			logged.push(args.map(String).join(" "));
		});
	});
	afterEach(() => {
		vi.restoreAllMocks();
		store.close();
	});

	it("should refuse in the clerk's words and keep the internal detail in the server log", async () => {
		const cases: [string, Record<string, string>, number, RegExp][] = [
			[
				"/reports/1/items/9.99/correct",
				{ field: "achievement", value: "x" },
				404,
				/^error: report 1 has no item 9\.99$/,
			],
			["/corrections/999/undo", {}, 404, /^error: no such correction$/],
			["/flags/999/accept", {}, 404, /^error: no such flag$/],
			[
				"/reports/1/items/4.6/correct",
				{ field: "bogus", value: "1" },
				400,
				/^error: bad form: field: /,
			],
			[
				"/reports/1/items/4.6/correct",
				{ field: "achievement" },
				400,
				/^error: bad form: value: /,
			],
			[
				"/reports/1/items/4.6/move",
				{ direction: "sideways", fragment: "x" },
				400,
				/^error: bad form: direction: /,
			],
		];
		for (const [path, form, status, message] of cases) {
			const res = await post(app, path, { _csrf: CSRF, ...form });
			const body = await res.text();
			expect(res.status, path).toBe(status);
			expect(body, path).toMatch(message);
			expect(body, path).not.toMatch(INTERNALS);
		}
		const filter = await app.request("/?status=bogus");
		expect(filter.status).toBe(400);
		expect(await filter.text()).not.toMatch(INTERNALS);
		// The detail is for whoever runs the app.
		expect(logged.join("\n")).toContain(
			"store.addCorrection: report 1 has no measure 9.99",
		);
		expect(logged.join("\n")).toContain(
			"review.undo: there is no correction 999",
		);
		expect(store.listCorrections()).toHaveLength(0);
	});

	it("should answer any correction form with a save, a refusal or the form again, never internals", async () => {
		const fields = [...Object.keys(CORRECTABLE_FIELDS), "bogus", ""];
		await fc.assert(
			fc.asyncProperty(
				fc.integer({ min: 1, max: 3 }),
				fc.oneof(
					fc.constantFrom("4.6", "6.5", "1.1", "3.3"),
					fc.tuple(fc.nat(999), fc.nat(999)).map(([a, b]) => `${a}.${b}`),
				),
				fc.constantFrom(...fields),
				fc.oneof(
					fc.string(),
					fc.constantFrom("90", "-1", "1e400", "NaN", "0x10", "1 276 000"),
				),
				async (report, item, field, value) => {
					const res = await post(
						app,
						`/reports/${report}/items/${item}/correct`,
						{
							_csrf: CSRF,
							field,
							value,
						},
					);
					expect([303, 400, 404, 422]).toContain(res.status);
					expect(await res.text()).not.toMatch(INTERNALS);
				},
			),
			{ numRuns: 150 },
		);
	});
});

describe("review app while the database stays locked", () => {
	it("should answer 503 with Retry-After, save nothing, and save when sent again", async () => {
		const dir = mkdtempSync(join(tmpdir(), "tailan-app-busy-"));
		const db = join(dir, "t.db");
		const setup = openStore(db);
		setup.importResult(ingestMarkdown(SEED, { file: "input.md" }));
		setup.close();
		// A short wait so the test does not sit out the real busy timeout.
		const store = openStore(db, { busyTimeoutMs: 50 });
		const errors = vi.spyOn(console, "error").mockImplementation(() => {});
		try {
			const app = createReviewApp({
				store,
				csrfToken: CSRF,
				who: "tester",
				lang: "en",
			});
			const save = () =>
				post(app, "/reports/1/items/4.6/correct", {
					_csrf: CSRF,
					field: "performancePct",
					value: "90",
				});
			const holder = await holdWriteLock(db);
			let res: Response;
			try {
				res = await save();
			} finally {
				await holder.release();
			}
			expect(res.status).toBe(503);
			expect(res.headers.get("retry-after")).toBe(String(RETRY_AFTER_S));
			const body = await res.text();
			expect(body).toMatch(/^error: the database is busy .* nothing was saved/);
			expect(body).not.toMatch(INTERNALS);
			expect(errors).toHaveBeenCalled();
			expect(store.listCorrections()).toHaveLength(0);
			expect((await save()).status).toBe(303);
			expect(store.listCorrections()).toHaveLength(1);
		} finally {
			errors.mockRestore();
			store.close();
			rmSync(dir, { recursive: true, force: true });
		}
	});
});

function seededStore(): Store {
	const store = openStore(":memory:");
	store.importResult(ingestMarkdown(SEED, { file: "input.md" }));
	return store;
}
