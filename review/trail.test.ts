/**
 * The decision trail in the review app (issue 16): a decision records who and why, Ctrl+Z's form
 * undoes the clerk's last decision with a notice, and a filtered group is accepted only after a
 * confirmation with a reason, as one decision.
 */
import { readFileSync } from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import { ingestMarkdown } from "../pipeline/ingest.ts";
import {
	decisionsOfFlag,
	openStore,
	questionQueue,
	type Store,
} from "../store/index.ts";
import { createReviewApp } from "./app.ts";

const SEED = readFileSync(
	new URL("../fixtures/markdown/seed/input.md", import.meta.url),
	"utf8",
);
const CSRF = "c".repeat(43);

function post(
	app: ReturnType<typeof createReviewApp>,
	path: string,
	form: Record<string, string>,
) {
	return app.request(path, {
		method: "POST",
		headers: { "content-type": "application/x-www-form-urlencoded" },
		body: new URLSearchParams(form),
	});
}

const statuses = (store: Store) =>
	new Map(store.listFlags().map((f) => [f.id, f.status]));

describe("the decision trail in the review app", () => {
	let store: Store;
	let app: ReturnType<typeof createReviewApp>;
	beforeEach(() => {
		store = openStore(":memory:");
		store.importResult(ingestMarkdown(SEED, { file: "input.md" }));
		app = createReviewApp({ store, csrfToken: CSRF, who: "tester" });
	});

	it("should record who and why of a decision and undo it with a notice", async () => {
		const start = statuses(store);
		// Nothing to undo yet: no undo button.
		expect(await (await app.request("/")).text()).not.toContain(
			'id="undo-decision"',
		);
		const res = await post(app, "/flags/3/reject", {
			_csrf: CSRF,
			reason: "the paragraph is where it belongs",
			next: "/?kind=narrative-moved",
		});
		expect(res.status).toBe(303);
		const rejected = decisionsOfFlag(store, 3);
		expect(rejected).toHaveLength(1);
		expect(rejected[0]).toMatchObject({
			who: "tester",
			reason: "the paragraph is where it belongs",
			decision: "reject",
		});
		// The item page shows who decided, when and why beside the flag.
		const flag3 = store.listFlags().find((f) => f.id === 3);
		const item = await (
			await app.request(`/reports/1/items/${flag3?.item}`)
		).text();
		expect(item).toMatch(
			/<small class="trail">шийдвэрлэсэн: <span translate="no">tester<\/span> · <time datetime="[^"]+">\d{4}-\d\d-\d\d \d\d:\d\d<\/time> · <span translate="no">the paragraph is where it belongs<\/span><\/small>/,
		);
		const queue = await (await app.request("/?kind=narrative-moved")).text();
		expect(queue).toContain('id="undo-decision"');
		expect(queue).toContain('action="/decisions/undo"');

		// Undo needs the CSRF token, like every POST.
		expect((await post(app, "/decisions/undo", { next: "/" })).status).toBe(
			403,
		);
		const undo = await post(app, "/decisions/undo", {
			_csrf: CSRF,
			next: "/?kind=narrative-moved",
		});
		expect(undo.status).toBe(303);
		const back = undo.headers.get("location") ?? "";
		expect(back).toMatch(/^\/\?kind=narrative-moved&done=undo&n=\d+$/);
		expect(statuses(store)).toEqual(start);
		const page = await (await app.request(back)).text();
		expect(page).toContain('<p class="notice" role="status">');
		expect(page).toContain("шийдвэрийг буцаалаа");
		// The notice is not carried into the language switch.
		expect(page).not.toMatch(/id="lang-switch" href="[^"]*done=/);
		// A second undo: nothing left of this clerk's.
		const none = await post(app, "/decisions/undo", { _csrf: CSRF, next: "/" });
		expect(none.headers.get("location")).toBe("/?done=undo-none&n=0");
		expect(decisionsOfFlag(store, 3).map((d) => d.decision)).toEqual([
			"reject",
			"undo",
		]);
	});

	it("should accept a filtered group only after a confirmation with a reason, as one undo unit", async () => {
		const start = statuses(store);
		const group = questionQueue(store, { kind: "mixed-script" });
		const ids = group.flatMap((r) => r.flagIds);
		expect(ids.length).toBeGreaterThan(2);
		const queue = await (await app.request("/?kind=mixed-script")).text();
		expect(queue).toContain('action="/flags/bulk-accept"');
		// Without a filter there is no bulk button.
		expect(await (await app.request("/")).text()).not.toContain(
			'action="/flags/bulk-accept"',
		);

		// The first POST only asks.
		const ask = await post(app, "/flags/bulk-accept", {
			_csrf: CSRF,
			kind: "mixed-script",
		});
		expect(ask.status).toBe(200);
		const confirm = await ask.text();
		expect(confirm).toContain('name="confirm" value="1"');
		expect(confirm).toContain(`name="flags" value="${ids.length}"`);
		expect(confirm).toContain(`${group.length} асуулт (${ids.length}`);
		expect(statuses(store)).toEqual(start);

		// A confirmation without a reason is asked again; one with stale counts too.
		const noReason = await post(app, "/flags/bulk-accept", {
			_csrf: CSRF,
			kind: "mixed-script",
			confirm: "1",
			flags: String(ids.length),
			reason: " ",
		});
		expect(noReason.status).toBe(409);
		const stale = await post(app, "/flags/bulk-accept", {
			_csrf: CSRF,
			kind: "mixed-script",
			confirm: "1",
			flags: String(ids.length + 1),
			reason: "checked",
		});
		expect(stale.status).toBe(409);
		expect(statuses(store)).toEqual(start);
		// And without the CSRF token, nothing.
		expect(
			(
				await post(app, "/flags/bulk-accept", {
					kind: "mixed-script",
					confirm: "1",
					flags: String(ids.length),
					reason: "checked",
				})
			).status,
		).toBe(403);

		const done = await post(app, "/flags/bulk-accept", {
			_csrf: CSRF,
			kind: "mixed-script",
			confirm: "1",
			flags: String(ids.length),
			reason: "look-alike letters checked",
		});
		expect(done.status).toBe(303);
		expect(done.headers.get("location")).toBe(
			`/?kind=mixed-script&done=bulk&n=${ids.length}`,
		);
		const after = statuses(store);
		for (const [id, status] of after)
			expect(status).toBe(ids.includes(id) ? "accepted" : start.get(id));
		const rows = ids.flatMap((id) => decisionsOfFlag(store, id));
		expect(new Set(rows.map((r) => r.unit)).size).toBe(1);
		expect(
			rows.every(
				(r) => r.who === "tester" && r.reason === "look-alike letters checked",
			),
		).toBe(true);

		// One undo takes the whole group back.
		await post(app, "/decisions/undo", { _csrf: CSRF, next: "/" });
		expect(statuses(store)).toEqual(start);
	});

	it("should bind Ctrl+Z to the undo form and name it in the keyboard help", async () => {
		await post(app, "/flags/1/accept", { _csrf: CSRF, next: "/" });
		const page = await (await app.request("/")).text();
		expect(page).toContain("Ctrl+Z");
		expect(page).toContain('getElementById("undo-decision")');
	});
});
