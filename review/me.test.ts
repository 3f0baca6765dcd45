import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readCsv } from "../output/index.ts";
import { readXlsx } from "../output/xlsx.ts";
import { ingestMarkdown } from "../pipeline/ingest.ts";
import { corpusMarkdown, makeCorpus } from "../scripts/make-corpus.ts";
import { linkImported, openStore, type Store } from "../store/index.ts";
import { type Indicators, openIndicators } from "../store/indicators.ts";
import { seedIngestResult } from "../store/testing.ts";
import { createReviewApp } from "./app.ts";
import { createMeApp, escapeHtml, markSnippet, meApp } from "./me.ts";
import { lineChart, tickStep } from "./me-charts.ts";

const EVIL_DEPARTMENT = '<script>alert("x")</script> хэлтэс';
const EVIL_INDICATOR = "<img src=x onerror=alert(1)> тоо";

let dir: string;
let store: Store;
let indicators: Indicators;
let app: ReturnType<typeof createReviewApp>;
const ids: number[] = [];

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), "tailan-me-web-"));
	store = openStore(join(dir, "t.db"));
	for (const report of makeCorpus({ departments: 2, years: 3, seed: 5 })
		.reports) {
		const outcome = store.importResult(
			ingestMarkdown(corpusMarkdown(report), { file: report.file }),
		);
		ids.push(outcome.reportId);
	}
	// A hostile wording, to check escaping.
	const evil = seedIngestResult(Buffer.from("evil"));
	evil.record.report.department = EVIL_DEPARTMENT;
	evil.record.measures = evil.record.measures.slice(0, 1).map((m) => ({
		...m,
		indicator: EVIL_INDICATOR,
		achievement: "<b>өргөдөл</b> & [x]",
	}));
	store.importResult(evil);
	linkImported(store, ids);
	indicators = openIndicators(store);
	// The pages as the review app serves them: its CSP, host check and nonce.
	app = createReviewApp({
		store,
		mounts: { "/me": createMeApp({ review: { store } }) },
	});
});
afterAll(() => {
	indicators.close();
	store.close();
	rmSync(dir, { recursive: true, force: true });
});

const get = (path: string) =>
	app.request(path, { headers: { host: "localhost" } });

/** The page's HTML after checking what every M&E page must be. */
async function page(path: string, status = 200): Promise<string> {
	const res = await get(path);
	expect(res.status, path).toBe(status);
	const html = await res.text();
	const csp = res.headers.get("content-security-policy") ?? "";
	const nonce = /style-src 'nonce-([^']+)'/.exec(csp)?.[1];
	expect(nonce, path).toBeDefined();
	// One stylesheet, carrying the response's nonce; no inline style attribute; no script.
	expect(html.match(/<style nonce="([^"]+)">/)?.[1], path).toBe(nonce);
	expect(html.match(/<style/g)?.length, path).toBe(1);
	expect(html, path).not.toMatch(/\sstyle=/);
	expect(html, path).not.toMatch(/<script/);
	expect(html, path).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
	return html;
}

const KEY = "Хэрэгжүүлсэн төслийн тоо";
const DEPT = "Төрийн захиргааны удирдлагын хэлтэс";
/** The department whose reports hold KEY in 2022, 2023 and 2024 (reworded in capitals). */
const DEPT2 = "Хөгжлийн бодлого, төлөвлөлтийн хэлтэс";

describe("M&E pages", () => {
	it("should answer at the mount point the header links to (/me/ and /me)", async () => {
		for (const path of ["/me/", "/me"]) {
			const html = await page(path);
			expect(html).toContain("Шалгуур үзүүлэлтүүд");
			expect(html).toContain('<html lang="mn">');
		}
		expect(await page("/me/nothing-here", 404)).toContain("Ийм хуудас алга.");
	});

	it("should list indicators in Mongolian with filters, links to their page, escaped", async () => {
		const html = await page("/me/indicators");
		expect(html).toContain(KEY);
		for (const label of ["Байгууллага", "Хэлтэс", "Он", "Шүүх"])
			expect(html).toContain(label);
		expect(html).toMatch(/href="\/me\/history\/[^"]+"/);
		expect(html).not.toContain("<script>alert");
		expect(html).not.toContain("<img src=x");
		expect(html).toContain("&lt;script&gt;");
		const all = indicators.listIndicators();
		expect(html).toContain(`${all.length} цуваа`);
		// Filters: department, year, search.
		const one = await page(
			`/me/indicators?department=${encodeURIComponent(DEPT2)}&year=2022&search=${encodeURIComponent("төслийн")}`,
		);
		expect(one).toContain(KEY);
		expect(one).toContain(`<td>${DEPT2}</td>`);
		expect(one).not.toContain(`<td>${DEPT}</td>`);
		const none = await page("/me/indicators?year=1999");
		expect(none).toContain("Илэрц алга.");
	});

	it("should speak English with ?lang=en and keep it in its links", async () => {
		const html = await page("/me/indicators?lang=en");
		expect(html).toContain('<html lang="en">');
		expect(html).toContain(">Indicators<");
		expect(html).toMatch(/href="\/me\/pivot\?lang=en"/);
		expect(html).toContain('hreflang="mn" href="/me/indicators"');
	});

	it("should show an indicator across years: reported numbers only, labelled axes, the table under it", async () => {
		const html = await page(
			`/me/history/${encodeURIComponent(KEY)}?department=${encodeURIComponent(DEPT2)}`,
		);
		expect(html).toMatch(
			/<svg class="chart"[^>]*aria-label="Суурь түвшин ба зорилт"/,
		);
		expect(html).toMatch(
			/<svg class="chart"[^>]*aria-label="Биелэлтийн түвшин"/,
		);
		for (const label of [
			"Түвшин (%)",
			">Он<",
			"Бүтэн жилийн зорилт",
			"Суурь түвшин",
		])
			expect(html).toContain(label);
		// The unit of the values axis, and no achieved value made up from target × level.
		expect(html).toMatch(/Суурь түвшин ба зорилт, тоо/);
		expect(html).not.toMatch(/achieved|хүрсэн ≈/i);
		// One series across the three years (linked at import), its rows link to the review item.
		const years = [...html.matchAll(/<td class="n">(20\d\d)<\/td>/g)].map(
			(m) => m[1],
		);
		expect(years).toEqual(["2022", "2023", "2024"]);
		expect(html).toMatch(/href="\/reports\/\d+\/items\/1\.1"/);
		expect(html).toContain("Зөвхөн тайланд бичигдсэн тоо");
		// Across departments: one line per department, metric switch.
		const all = await page(`/me/history/${encodeURIComponent(KEY)}`);
		expect(all).toContain(`${DEPT2} (1.1)`);
		expect(all).toContain(`${DEPT} (1.1)`);
		expect(all).toMatch(/metric=targetHalfYear/);
		expect(
			(await get(`/me/history/${encodeURIComponent("байхгүй зүйл")}`)).status,
		).toBe(404);
		// The list links each series to its own page (?series=): one series of a generic key.
		const generic = indicators
			.listIndicators()
			.filter((i) => i.key === "хэрэгжилтийн хувь");
		const first = generic[0];
		if (!first || generic.length < 2) throw new Error("expected a shared key");
		const one = await page(
			`/me/history/${encodeURIComponent(first.key)}?series=${first.seriesId}`,
		);
		expect(one).toContain("1 цуваа");
		expect(await page("/me/indicators")).toContain(`series=${first.seriesId}`);
	});

	it("should pivot levels department × year and compare several years with a chart", async () => {
		const pivot = await page("/me/pivot");
		expect(pivot).toContain("Төлөвлөгөөний биелэлт: хэлтэс × он");
		expect(pivot).toMatch(
			/<th scope="col" class="n">2022<\/th><th scope="col" class="n">2023<\/th><th scope="col" class="n">2024<\/th>/,
		);
		expect(pivot).toMatch(/class="lv lv-[a-z0-9]+"/);
		const byOrg = await page("/me/pivot?by=organization");
		expect(byOrg).not.toContain(`<td>${DEPT}</td>`);
		const compare = await page("/me/compare?year=2022&year=2024");
		expect(compare).toContain("Онуудыг харьцуулах");
		expect(compare).toContain("Төлөвлөгөөний биелэлт (%)");
		expect(compare).toMatch(
			/<input type="checkbox" name="year" value="2024" checked>/,
		);
		expect(compare).not.toMatch(/value="2023" checked/);
		expect(compare).toContain(DEPT);
	});

	it("should search narratives, link hits to the item and mark matches, escaping the rest", async () => {
		const html = await page(`/me/search?q=${encodeURIComponent("өргөдөл")}`);
		expect(html).toContain("<mark>");
		expect(html).toMatch(
			/<a class="where" href="\/reports\/\d+\/items\/\d+\.\d+">/,
		);
		expect(html).not.toContain("<b>өргөдөл</b>");
		expect(markSnippet('a [b] <i>"c"</i>')).toBe(
			"a <mark>b</mark> &lt;i&gt;&quot;c&quot;&lt;/i&gt;",
		);
		expect(escapeHtml("'&'")).toBe("&#39;&amp;&#39;");
		expect(await page("/me/search")).toContain('name="q"');
	});

	it("should list the link proposals waiting for a person", async () => {
		const html = await page("/me/links");
		expect(html).toContain("Хүн шийдэх холбоосын санал");
		const pending = indicators.listLinks({ pending: true });
		if (pending.length === 0) expect(html).toContain("Хүн шийдэх санал алга.");
		else expect(html).toContain(`tailan links confirm ${pending[0]?.id}`);
	});

	it("should download every page's table as CSV and XLSX, whole and formula-safe", async () => {
		for (const path of [
			"/me/indicators",
			`/me/history/${encodeURIComponent(KEY)}`,
			"/me/pivot",
			"/me/compare",
			`/me/search?q=${encodeURIComponent("өргөдөл")}`,
		]) {
			const sep = path.includes("?") ? "&" : "?";
			const csv = await get(`${path}${sep}format=csv`);
			expect(csv.status, path).toBe(200);
			expect(csv.headers.get("content-disposition"), path).toMatch(
				/^attachment; filename="tailan-[a-z]+\.csv"$/,
			);
			const file = join(dir, "out.csv");
			const { writeFileSync } = await import("node:fs");
			writeFileSync(file, Buffer.from(await csv.arrayBuffer()));
			const records = [];
			for await (const r of readCsv(file)) records.push(r);
			expect(records.length, path).toBeGreaterThan(1);
			const xlsx = await get(`${path}${sep}format=xlsx`);
			expect(xlsx.headers.get("content-type"), path).toContain("spreadsheetml");
			writeFileSync(
				join(dir, "out.xlsx"),
				Buffer.from(await xlsx.arrayBuffer()),
			);
			const rows = [];
			for await (const r of readXlsx(join(dir, "out.xlsx"))) rows.push(r);
			// Same rows as the CSV; XLSX headers in Mongolian.
			expect(rows.length, path).toBe(records.length);
		}
		// The hostile indicator's row: a formula-looking cell is neutralised, text is whole.
		const history = await get(
			`/me/history/${encodeURIComponent(KEY)}?format=csv`,
		);
		const text = await history.text();
		const achievement = indicators.history(KEY).rows[0]?.achievement ?? "";
		expect(text).toContain(achievement.slice(-40));
	});

	it("should serve the same pages on their own with the same policy (meApp)", async () => {
		const res = await meApp(store).request("/me/pivot");
		expect(res.status).toBe(200);
		expect(res.headers.get("content-security-policy")).toMatch(
			/style-src 'nonce-/,
		);
	});
});

describe("M&E charts", () => {
	it("should pick round tick steps", () => {
		expect(tickStep(100)).toBe(20);
		expect(tickStep(4)).toBe(1);
		expect(tickStep(37)).toBe(10);
		expect(tickStep(0)).toBe(1);
	});

	it("should label the axes and escape series names", () => {
		const svg = lineChart({
			title: "t",
			xLabel: "Он",
			yLabel: "Тоо <b>",
			xs: [2022, 2023, 2024],
			series: [
				{
					label: "<script>",
					points: [
						{ x: 2022, y: 1 },
						{ x: 2024, y: 3 },
					],
				},
			],
		});
		expect(svg).toContain("Тоо &lt;b&gt;");
		expect(svg).toContain("&lt;script&gt;");
		expect(svg).not.toContain("<script>");
		// 2023 has no value: the line breaks instead of drawing through it.
		expect(svg).not.toContain("<polyline");
		expect(svg).toContain(">2023<");
	});
});
