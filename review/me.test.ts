import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestMarkdown } from "../pipeline/ingest.ts";
import { corpusMarkdown, makeCorpus } from "../scripts/make-corpus.ts";
import { openStore, type Store } from "../store/index.ts";
import { type Indicators, openIndicators } from "../store/indicators.ts";
import { seedIngestResult } from "../store/testing.ts";
import { createMeApp, escapeHtml, markSnippet, meApp } from "./me.ts";

let dir: string;
let store: Store;
let indicators: Indicators;
beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), "tailan-me-web-"));
	store = openStore(join(dir, "t.db"));
	for (const report of makeCorpus({ departments: 2, years: 3, seed: 5 })
		.reports) {
		store.importResult(
			ingestMarkdown(corpusMarkdown(report), { file: report.file }),
		);
	}
	// A hostile wording, to check escaping.
	const evil = seedIngestResult(Buffer.from("evil"));
	evil.record.report.department = '<script>alert("x")</script> хэлтэс';
	evil.record.measures = evil.record.measures.slice(0, 1).map((m) => ({
		...m,
		indicator: "<img src=x onerror=alert(1)> тоо",
		achievement: "<b>өргөдөл</b> & [x]",
	}));
	store.importResult(evil);
	indicators = openIndicators(store);
	indicators.proposeLinks();
});
afterAll(() => {
	indicators.close();
	store.close();
	rmSync(dir, { recursive: true, force: true });
});

describe("M&E pages", () => {
	it("should list indicators with links to their history, escaped", async () => {
		const res = await meApp(store).request("/me/indicators");
		expect(res.status).toBe(200);
		const html = await res.text();
		expect(html).toContain("Хэрэгжүүлсэн төслийн тоо");
		expect(html).toMatch(/href="\/me\/history\/[^"]+"/);
		expect(html).not.toContain("<script>alert");
		expect(html).not.toContain("<img src=x");
		expect(html).toContain("&lt;script&gt;");
	});

	it("should show an indicator's history with an inline SVG chart of target vs achieved", async () => {
		const long = indicators.listIndicators().find((i) => i.reports === 3);
		if (!long) throw new Error("expected an indicator over three years");
		const res = await meApp(indicators).request(
			`/me/history/${encodeURIComponent(long.key)}?department=${encodeURIComponent(long.department ?? "")}`,
		);
		expect(res.status).toBe(200);
		const html = await res.text();
		expect(html).toContain("<svg");
		expect(html).toMatch(/2022[\s\S]*2023[\s\S]*2024/);
		expect(html).toContain("achieved (target × level)");
		expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
		expect((await meApp(store).request("/me/history/байхгүй")).status).toBe(
			404,
		);
	});

	it("should compare departments for a year with a bar chart", async () => {
		const res = await meApp(store).request("/me/compare?year=2024");
		const html = await res.text();
		expect(res.status).toBe(200);
		expect(html).toContain('aria-label="plan completion"');
		expect(html).toContain("Төрийн захиргааны удирдлагын хэлтэс");
		const byOrg = await (
			await meApp(store).request("/me/compare?year=2024&by=organization")
		).text();
		expect(byOrg).toContain("departments");
	});

	it("should search narratives and mark the matches, escaping everything else", async () => {
		const html = await (
			await meApp(store).request(
				`/me/search?q=${encodeURIComponent("өргөдөл")}`,
			)
		).text();
		expect(html).toContain("<mark>");
		expect(html).not.toContain("<b>өргөдөл</b>");
		expect(markSnippet('a [b] <i>"c"</i>')).toBe(
			"a <mark>b</mark> &lt;i&gt;&quot;c&quot;&lt;/i&gt;",
		);
		expect(escapeHtml("'&'")).toBe("&#39;&amp;&#39;");
		expect(await (await meApp(store).request("/me/search")).text()).toContain(
			"<form",
		);
	});

	it("should mount under the review app's /me with relative routes", async () => {
		const sub = createMeApp({ review: { store } });
		expect((await sub.request("/indicators")).status).toBe(200);
	});
});
