/**
 * The review queue of a report held for its columns (columns-unconfirmed): the proposed mapping
 * as a table (header text, proposed role, score, support) and the command that reassigns the
 * columns, every text escaped; nothing of it once the report is re-derived with a person's roles.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ingestMarkdown } from "../pipeline/ingest.ts";
import { ReportRecordSchema } from "../pipeline/records.ts";
import { parseColumnRoles } from "../pipeline/stitch/columns.ts";
import { openStore } from "../store/index.ts";
import {
	emptyPlan,
	renderLayoutMarkdown,
	SEED_LAYOUT,
} from "../test/render.ts";
import { createReviewApp } from "./app.ts";

const gold = (() => {
	const raw = JSON.parse(
		readFileSync(
			new URL("../fixtures/markdown/seed/expected.json", import.meta.url),
			"utf8",
		),
	) as { measures: Record<string, unknown>[] };
	for (const m of raw.measures) delete m.notes;
	return ReportRecordSchema.parse(raw);
})();
const layout = { ...SEED_LAYOUT, headerRows: 0 as const, numbering: false };
const md = renderLayoutMarkdown(gold, emptyPlan(gold), layout);

describe("a report held for its columns in the review queue", () => {
	it("should show the proposed mapping and the command to reassign it, escaped", async () => {
		const store = openStore(":memory:");
		const result = ingestMarkdown(md, { file: "it's <b>blank</b>.md" });
		const hold = result.holds.find((h) => h.kind === "columns-unconfirmed");
		if (!hold) throw new Error("not held");
		// A header cell as a hostile document could print it.
		const columns = hold.evidence.columns as { header: string }[];
		(columns[1] as { header: string }).header =
			'<img src=x onerror="alert(1)">';
		store.importResult(result);
		const app = createReviewApp({
			store,
			csrfToken: "c".repeat(43),
			who: "tester",
			lang: "en",
		});
		const body = await (await app.request("/")).text();
		expect(body).toContain('<tr class="columns-hold">');
		expect(body).toContain(
			"<th>header text</th><th>proposed role</th><th>score</th><th>from</th><th>content</th>",
		);
		expect(body).toMatch(
			/<tr><td>1<\/td><td>\(blank\)<\/td><td translate="no">item<\/td><td>0\.00<\/td><td translate="no">content<\/td><td translate="no">supports<\/td><\/tr>/,
		);
		expect(body).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
		expect(body).not.toContain("<img src=x");
		expect(body).toContain(
			"tailan import &#39;it&#39;\\&#39;&#39;s &lt;b&gt;blank&lt;/b&gt;.md&#39; --columns item,activity,budget,indicator,baseline,targetHalfYear,targetFullYear,achievement,performance",
		);
		expect(body).toContain("tailan reports columns 1");
		store.close();
	});

	it("should show no mapping once the same bytes are re-derived with a person's roles", async () => {
		const store = openStore(":memory:");
		const held = store.importResult(ingestMarkdown(md, { file: "blank.md" }));
		const app = createReviewApp({
			store,
			csrfToken: "c".repeat(43),
			who: "tester",
			lang: "en",
		});
		expect(await (await app.request("/")).text()).toContain(
			'<tr class="columns-hold">',
		);
		const again = store.importResult(
			ingestMarkdown(md, {
				file: "blank.md",
				columns: { roles: parseColumnRoles(layout.columns) },
			}),
		);
		expect(again.status).toBe("imported");
		expect(again.reportId).toBe(held.reportId);
		expect(store.listHolds(held.reportId)).toEqual([]);
		expect(await (await app.request("/?status=all")).text()).not.toContain(
			'<tr class="columns-hold">',
		);
		store.close();
	});
});
