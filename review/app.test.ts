import { readFileSync } from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import { ingestMarkdown } from "../pipeline/ingest.ts";
import { openStore, type Store } from "../store/index.ts";
import { createReviewApp } from "./app.ts";

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
		app = createReviewApp({ store, csrfToken: CSRF, who: "tester" });
	});

	it("should list every open flag of the seed in the queue, most severe first", async () => {
		const res = await app.request("/");
		expect(res.status).toBe(200);
		const body = await res.text();
		expect(body.match(/<tr class="flag /g)).toHaveLength(35);
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
		const away = await post(app, "/flags/2/reject", {
			_csrf: CSRF,
			next: "//evil.example/",
		});
		expect(away.headers.get("location")).toBe("/");
		expect(store.listFlags({ status: "accepted" })).toHaveLength(1);
		expect(store.listFlags({ status: "rejected" })).toHaveLength(1);
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
	it("should show the scan under a piece with a bbox, cut from the stored page image", async () => {
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
		const app = createReviewApp({ store, csrfToken: CSRF, who: "tester" });
		const body = await (await app.request("/reports/1/items/6.5")).text();
		expect(body).toMatch(
			/<svg class="crop"[^>]*viewBox="384 284 332 92"[^>]*><image href="\/reports\/1\/pages\/2" x="0" y="0" width="2000" height="1400"\/><\/svg>/,
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
		).not.toContain('class="crop"');
		store.close();
	});
});

function seededStore(): Store {
	const store = openStore(":memory:");
	store.importResult(ingestMarkdown(SEED, { file: "input.md" }));
	return store;
}
