/**
 * The review app end to end in a real headless Chromium (Debian's /usr/bin/chromium through
 * playwright-core): open the queue, correct 4.6's stray level with the keyboard, move a
 * narrative fragment from 3.3 to 3.4, fix 6.5's budget with the mouse, check the database and
 * `tailan export`, re-import the document (same bytes, then a new version) and check that the
 * corrections hold. SCREENSHOTS=1 also writes docs/review-queue.png and docs/review-item.png.
 */
import {
	existsSync,
	mkdtempSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ReportRecord } from "../pipeline/records.ts";
import { type RunningServer, startReviewServer } from "../review/server.ts";
import {
	decisionsOfFlag,
	openStore,
	questionKeys,
	type Store,
} from "../store/index.ts";
import { CHROMIUM, englishInPage, launchChromium } from "./chromium.ts";
import { runCli } from "./cli.ts";

const SEED = fileURLToPath(
	new URL("../fixtures/markdown/seed/input.md", import.meta.url),
);
const XSS = fileURLToPath(
	new URL("../fixtures/markdown/xss/input.md", import.meta.url),
);
const DOCS = fileURLToPath(new URL("../docs/", import.meta.url));
const FRAGMENT = "Үнэлгээний нийт зөвлөмжийн хэрэгжилтийг сум байгууллага бүр";

const cli = (argv: string[]) => runCli(argv);

describe.skipIf(!existsSync(CHROMIUM))("review app in Chromium", () => {
	let dir: string;
	let db: string;
	let store: Store;
	let server: RunningServer;
	let browser: Browser;
	let page: Page;
	const dialogs: string[] = [];

	beforeAll(async () => {
		dir = mkdtempSync(join(tmpdir(), "tailan-review-"));
		db = join(dir, "tailan.db");
		writeFileSync(join(dir, "input.md"), readFileSync(SEED));
		writeFileSync(join(dir, "xss.md"), readFileSync(XSS));
		// One at a time, so the seed is report 1 whatever the import's parallelism.
		for (const file of ["input.md", "xss.md"]) {
			const imported = await cli(["import", join(dir, file), "--db", db]);
			expect(imported.code, imported.stderr).toBe(0);
		}
		store = openStore(db, { mustExist: true });
		server = await startReviewServer({ store, port: 0, who: "e2e" });
		browser = await launchChromium();
		page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
		page.on("dialog", (d) => {
			dialogs.push(d.message());
			void d.dismiss();
		});
		page.setDefaultTimeout(15_000);
	});

	afterAll(async () => {
		await browser?.close();
		await server?.close();
		store?.close();
		if (dir) rmSync(dir, { recursive: true, force: true });
	});

	const base = () => server.url.replace(/\/$/, "");
	const exported = async (): Promise<ReportRecord> => {
		const result = await cli([
			"export",
			"--db",
			db,
			"--format",
			"json",
			"--report",
			"1",
		]);
		expect(result.code, result.stderr).toBe(0);
		return JSON.parse(result.stdout) as ReportRecord;
	};
	const measure = (record: ReportRecord, item: string) =>
		record.measures.find((m) => m.item === item);

	it("should list every flag the import raised in the queue, one line per question, in Mongolian", async () => {
		await page.goto(`${server.url}?report=1`);
		await page.waitForSelector("tr.flag.sel");
		const open = store.listFlags({ reportId: 1, status: "open" });
		const keys = questionKeys(store, 1);
		const questions = new Set(open.map((f) => keys.get(f.id))).size;
		expect(await page.locator("tr.flag").count()).toBe(questions);
		const held = await page
			.locator("tr.flag")
			.evaluateAll((rows) =>
				rows.reduce((n, r) => n + Number(r.getAttribute("data-flags")), 0),
			);
		expect(held).toBe(open.length);
		expect(await page.locator("#total").textContent()).toBe(String(questions));
		expect(await page.locator("html").getAttribute("lang")).toBe("mn");
		expect(await page.locator("h1").textContent()).toContain(
			"Хяналтын дараалал",
		);
		if (process.env.SCREENSHOTS)
			await page.screenshot({ path: join(DOCS, "review-queue.png") });
	});

	it("should show no English word on the queue and the item pages, outside document text", async () => {
		const paths = ["/", "/?status=all"];
		for (const m of store.exportRecords(1)[0]?.measures ?? [])
			paths.push(`/reports/1/items/${m.item}`);
		for (const path of paths) {
			await page.goto(`${base()}${path}`);
			expect(await englishInPage(page), path).toEqual([]);
		}
	});

	it("should switch to English and back with the link at the top, remembered across pages", async () => {
		await page.goto(`${base()}/reports/1/items/6.5`);
		await page.click("#lang-switch");
		await page.waitForURL(/lang=en/);
		expect(await page.locator("html").getAttribute("lang")).toBe("en");
		expect(await page.locator("h1").textContent()).toContain("Item 6.5");
		await page.click("#to-queue");
		await page.waitForSelector("tr.flag");
		expect(await page.locator("h1").textContent()).toContain("Review queue");
		expect(await page.locator("tr.flag td.msg").first().textContent()).toMatch(
			/[A-Za-z]{4,}/,
		);
		await page.click("#lang-switch");
		await page.waitForURL(/lang=mn/);
		expect(await page.locator("h1").textContent()).toContain(
			"Хяналтын дараалал",
		);
		await page.goto(`${base()}/reports/1/items/6.5`);
		expect(await page.locator("h1").textContent()).toContain("Арга хэмжээ 6.5");
	});

	it("should undo a decision with Ctrl+Z, the flags back as they were and the trail kept", async () => {
		const before = store.listFlags().map((f) => [f.id, f.status]);
		await page.goto(`${base()}/?kind=narrative-moved`);
		await page.waitForSelector("tr.flag.sel");
		const first = Number(
			(await page.locator("tr.flag.sel").getAttribute("id"))?.replace(
				"flag-",
				"",
			),
		);
		await page.keyboard.press("x");
		await page.waitForSelector("#undo-decision");
		expect(store.listFlags().find((f) => f.id === first)?.status).toBe(
			"rejected",
		);
		await page.keyboard.press("Control+z");
		await page.waitForURL(/done=undo&n=\d+/);
		expect(await page.locator("p.notice").textContent()).toContain(
			"шийдвэрийг буцаалаа",
		);
		expect(store.listFlags().map((f) => [f.id, f.status])).toEqual(before);
		expect(decisionsOfFlag(store, first).map((d) => d.decision)).toEqual([
			"reject",
			"undo",
		]);
	});

	it("should correct 4.6's stray level with the keyboard, showing a validation error first", async () => {
		await page.goto(`${base()}/?kind=level-not-on-scale`);
		await page.waitForSelector("tr.flag.sel");
		expect(await page.locator("tr.flag.sel").textContent()).toContain("4.6");
		await page.keyboard.press("e");
		await page.waitForURL(/\/items\/4\.6\?.*edit=performancePct/);
		await page.waitForFunction(
			() => document.activeElement?.id === "in-performancePct",
		);
		await page.keyboard.type("9");
		await page.keyboard.press("Enter");
		const error = page.locator("#err-performancePct");
		await error.waitFor();
		expect(await error.textContent()).toContain("хэрэгжилтийн түвшин биш");
		await page.waitForFunction(
			() => document.activeElement?.id === "in-performancePct",
		);
		await page.keyboard.press("Control+A");
		await page.keyboard.type("90");
		await page.keyboard.press("Enter");
		await page.waitForURL(/saved=performancePct/);
		expect(
			await page.locator('[data-testid="value-performancePct"]').textContent(),
		).toBe("90");
	});

	it("should move a narrative fragment from 3.3 to 3.4 with m", async () => {
		await page.goto(`${base()}/reports/1/items/3.3`);
		await page.waitForSelector("li.flag.sel");
		const flags = await page.locator("li.flag").allTextContents();
		const target = flags.findIndex((t) =>
			t.includes("3.4 дугаараас 3.3 дугаарт"),
		);
		const about = (from: string, to: string) =>
			store
				.listFlags({ reportId: 1 })
				.filter(
					(f) =>
						f.kind === "narrative-moved" &&
						f.evidence.from === from &&
						f.evidence.to === to,
				);
		expect(target).toBeGreaterThanOrEqual(0);
		const start = await page
			.locator("li.flag")
			.evaluateAll((els) => els.findIndex((e) => e.classList.contains("sel")));
		for (let i = start; i < target; i++) await page.keyboard.press("j");
		for (let i = start; i > target; i--) await page.keyboard.press("k");
		await page.keyboard.press("m");
		await page.waitForURL(/moved=3\.4/);
		// The move answers its own question (both sides) and no flag about another paragraph.
		expect(about("3.4", "3.3").map((f) => f.status)).toEqual([
			"corrected",
			"corrected",
		]);
		for (const [from, to] of [
			["3.3", "3.2"],
			["3.5", "3.4"],
		] as const)
			expect(about(from, to).map((f) => f.status)).toEqual(["open", "open"]);
		expect(await page.locator(".fragments").textContent()).not.toContain(
			FRAGMENT,
		);
		await page.goto(`${base()}/reports/1/items/3.4`);
		expect(await page.locator(".fragments li").first().textContent()).toContain(
			FRAGMENT,
		);
	});

	it("should fix 6.5's budget with the mouse", async () => {
		await page.goto(`${base()}/reports/1/items/6.5`);
		await page.click("#field-budget-amountMnt .edit-btn");
		await page.fill("#in-budget-amountMnt", "1 276 000");
		await page.fill(
			"#field-budget-amountMnt input[name=reason]",
			"1.276.0 thousand ₮ per the finance office",
		);
		await page.click("#field-budget-amountMnt button.save");
		await page.waitForURL(/saved=budget\.amountMnt/);
		expect(
			await page
				.locator('[data-testid="value-budget-amountMnt"]')
				.textContent(),
		).toBe("1276000");
		if (process.env.SCREENSHOTS) {
			await page.goto(`${base()}/reports/1/items/6.5?edit=budget.amountMnt`);
			await page.evaluate(() => window.scrollTo(0, 0));
			await page.screenshot({ path: join(DOCS, "review-item.png") });
		}
	});

	it("should have stored the corrections and changed the export", async () => {
		const corrections = store.listCorrections(1);
		expect(corrections.map((c) => `${c.item} ${c.field} ${c.who}`)).toEqual([
			"4.6 performancePct e2e",
			"3.3 achievement e2e",
			"3.4 achievement e2e",
			"6.5 budget.amountMnt e2e",
		]);
		const record = await exported();
		expect(measure(record, "4.6")?.performancePct).toBe(90);
		expect(measure(record, "6.5")?.budget.amountMnt).toBe(1276000);
		expect(measure(record, "3.3")?.achievement).not.toContain(FRAGMENT);
		expect(measure(record, "3.4")?.achievement.startsWith(FRAGMENT)).toBe(true);
		// The cross-checks re-ran: 42 items at 100 now, where the summary says 43.
		await page.goto(`${base()}/?report=1&kind=summary-level-count`);
		expect(await page.locator("tr.flag").count()).toBeGreaterThan(0);
	});

	it("should keep the corrections when the same document and then a new version are imported", async () => {
		const again = await cli(["import", join(dir, "input.md"), "--db", db]);
		expect(again.stdout).toMatch(/^duplicate /);
		const v2 = join(dir, "input-v2.md");
		writeFileSync(
			v2,
			readFileSync(SEED, "utf8").replace(
				"1.276.0 Байгууллагын",
				"1,276.0 Байгууллагын",
			),
		);
		const newer = await cli(["import", v2, "--db", db]);
		expect(newer.code, newer.stderr).toBe(0);
		const record = await exported();
		expect(measure(record, "4.6")?.performancePct).toBe(90);
		expect(measure(record, "6.5")?.budget).toEqual({
			raw: "1,276.0 Байгууллагын төсөв",
			amountMnt: 1276000,
			source: "Байгууллагын төсөв",
		});
		expect(measure(record, "3.4")?.achievement.startsWith(FRAGMENT)).toBe(true);
		// The new version reads 6.5's amount differently under the correction: a flag says so.
		await page.goto(`${base()}/?kind=correction-base-changed`);
		await page.waitForSelector("tr.flag");
		expect(await page.locator("tr.flag").first().textContent()).toContain(
			"6.5",
		);
	});

	it("should render the XSS fixture's payloads as text", async () => {
		const report = store
			.listReports()
			.find((r) => r.department?.startsWith("Хууль"));
		expect(report).toBeDefined();
		for (const item of ["1.1", "1.2", "2.1"]) {
			await page.goto(`${base()}/reports/${report?.id}/items/${item}`);
			await page.waitForSelector("#item-no");
			expect(await page.locator("script").count()).toBe(1);
			expect(
				await page.locator("img, svg, a[href^='javascript']").count(),
			).toBe(0);
		}
		expect(await page.locator("body").textContent()).toContain(
			"</td></tr></table><script>alert(7)</script>",
		);
		await page.goto(`${base()}/reports/${report?.id}/items/1.1`);
		expect(await page.locator("body").textContent()).toContain(
			'"><img src=x onerror=alert(2)>',
		);
		expect(dialogs).toEqual([]);
	});
	it("should accept a filtered group in bulk with a reason, as one decision that Ctrl+Z takes back", async () => {
		const open = () =>
			store
				.listFlags({ reportId: 1, status: "open" })
				.filter((f) => f.kind === "narrative-uncertain");
		const ids = open().map((f) => f.id);
		expect(ids.length).toBeGreaterThan(1);
		await page.goto(`${base()}/?report=1&kind=narrative-uncertain`);
		await page.locator("button.bulk-accept").click();
		await page.waitForSelector("#bulk-summary");
		expect(await page.locator("#bulk-summary").textContent()).toContain(
			`(${ids.length} тэмдэглэгээ)`,
		);
		// The reason is required: the browser does not send the form without it.
		await page.locator("form.bulk-confirm button.accept").click();
		expect(await page.locator("#bulk-summary").count()).toBe(1);
		expect(open().length).toBe(ids.length);
		await page
			.locator("form.bulk-confirm textarea[name=reason]")
			.fill("Өгүүлбэрүүдийг эх баримттай тулгаж шалгасан");
		await page.locator("form.bulk-confirm button.accept").click();
		await page.waitForURL(/done=bulk&n=\d+/);
		expect(await page.locator("p.notice").textContent()).toContain(
			`${ids.length} тэмдэглэгээг хүлээн зөвшөөрлөө`,
		);
		expect(open()).toEqual([]);
		const trails = ids.map((id) => decisionsOfFlag(store, id));
		for (const trail of trails) {
			expect(trail.map((d) => [d.decision, d.who, d.reason])).toEqual([
				["accept", "e2e", "Өгүүлбэрүүдийг эх баримттай тулгаж шалгасан"],
			]);
		}
		expect(new Set(trails.map((t) => t[0]?.unit)).size).toBe(1);
		await page.keyboard.press("Control+z");
		await page.waitForURL(/done=undo&n=\d+/);
		expect(open().map((f) => f.id)).toEqual(ids);
		expect(dialogs).toEqual([]);
	});
});
