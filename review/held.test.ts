/**
 * A held report in the review app: its hold is the first flag of the queue; "Accept" on it
 * accepts the hold with the app's user and a reason; "Reject" is refused with the way to accept.
 */
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { ingestMarkdown } from "../pipeline/ingest.ts";
import { openStore } from "../store/index.ts";
import { dropLastRows } from "../test/truncate.ts";
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

it("should show a held report's hold first and accept it with who and why", async () => {
	const store = openStore(":memory:");
	const { reportId } = store.importResult(
		ingestMarkdown(dropLastRows(SEED, 21), { file: "cut.md" }),
	);
	const app = createReviewApp({
		store,
		csrfToken: CSRF,
		who: "Б.Сараа",
		lang: "en",
	});
	const queue = await (await app.request("/")).text();
	const first =
		/<tr class="flag sev-(\w+)" id="flag-(\d+)" data-kind="([\w-]+)"/.exec(
			queue,
		);
	expect(first?.[1]).toBe("error");
	expect(first?.[3]).toBe("table-cut");
	const flagId = first?.[2] ?? "";
	const reject = await post(app, `/flags/${flagId}/reject`, { _csrf: CSRF });
	expect(reject.status).toBe(400);
	const refused = await reject.text();
	expect(refused).toMatch(/accept the report with who and why/);
	// No internal name (function or module) in an answer (issue 13, point 6).
	expect(refused).not.toMatch(/store\.|setFlagStatus|acceptHolds/);
	expect(store.listReports()[0]?.held).toBe(true);
	const accept = await post(app, `/flags/${flagId}/accept`, {
		_csrf: CSRF,
		reason: "only these rows were reported",
	});
	expect(accept.status).toBe(303);
	expect(store.listHolds(reportId)).toMatchObject([
		{
			kind: "table-cut",
			state: "accepted",
			acceptedBy: "Б.Сараа",
			reason: "only these rows were reported",
		},
	]);
	expect(store.listReports()[0]?.held).toBe(false);
	expect(store.listFlags({ reportId })[0]?.status).toBe("accepted");
	store.close();
});
