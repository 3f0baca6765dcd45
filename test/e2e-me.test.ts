/**
 * The M&E pages in a real headless Chromium (Debian's /usr/bin/chromium through playwright-core),
 * served by the review app over `npx tailan import samples/`: every page answers 200, is styled
 * (computed styles from the app's stylesheet), logs no console error and no Content-Security-
 * Policy violation, and speaks Mongolian. SCREENSHOTS=1 also writes docs/me-*.png.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../cli/main.ts";
import { type RunningServer, startReviewServer } from "../review/server.ts";
import { openStore, type Store } from "../store/index.ts";
import { CHROMIUM, launchChromium } from "./chromium.ts";

const SAMPLES = fileURLToPath(new URL("../samples/", import.meta.url));
const DOCS = fileURLToPath(new URL("../docs/", import.meta.url));
const KEY = "Хэрэгжүүлсэн төслийн тоо";

const PAGES: { name: string; path: string; heading: RegExp }[] = [
	{ name: "indicators", path: "/me/", heading: /Шалгуур үзүүлэлтүүд/ },
	{
		name: "indicator",
		path: `/me/history/${encodeURIComponent(KEY)}`,
		heading: /Шалгуур үзүүлэлт: Хэрэгжүүлсэн төслийн тоо/,
	},
	{
		name: "indicator-department",
		path: `/me/history/${encodeURIComponent(KEY)}?department=${encodeURIComponent("Төрийн захиргааны удирдлагын хэлтэс")}`,
		heading: /Хэрэгжүүлсэн төслийн тоо/,
	},
	{ name: "pivot", path: "/me/pivot", heading: /хэлтэс × он/ },
	{
		name: "compare",
		path: "/me/compare?year=2022&year=2023&year=2024",
		heading: /Онуудыг харьцуулах/,
	},
	{
		name: "search",
		path: `/me/search?q=${encodeURIComponent("өргөдөл гомдол")}`,
		heading: /Тайлангаас хайх/,
	},
	{ name: "links", path: "/me/links", heading: /холбоосын санал/ },
];

describe.skipIf(!existsSync(CHROMIUM))("M&E pages in Chromium", () => {
	let dir: string;
	let store: Store;
	let server: RunningServer;
	let browser: Browser;
	let page: Page;
	const problems: string[] = [];

	beforeAll(async () => {
		dir = mkdtempSync(join(tmpdir(), "tailan-me-e2e-"));
		const db = join(dir, "tailan.db");
		let err = "";
		const code = await main(["import", SAMPLES, "--db", db, "--jobs", "1"], {
			stdout: () => {},
			stderr: (t) => {
				err += t;
			},
		});
		expect(code, err).toBe(0);
		store = openStore(db, { mustExist: true });
		server = await startReviewServer({ store, port: 0, who: "e2e" });
		browser = await launchChromium();
		page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
		page.on("console", (m) => {
			if (m.type() === "error" || m.type() === "warning")
				problems.push(`${m.type()}: ${m.text()}`);
		});
		page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
		page.setDefaultTimeout(15_000);
		// A CSP violation is reported to the page as an event too (besides the console).
		await page.addInitScript(() => {
			document.addEventListener("securitypolicyviolation", (e) =>
				console.error(`CSP violation: ${e.violatedDirective}`),
			);
		});
	}, 120_000);

	afterAll(async () => {
		await browser?.close();
		await server?.close();
		store?.close();
		if (dir) rmSync(dir, { recursive: true, force: true });
	});

	const base = () => server.url.replace(/\/$/, "");

	it("should reach the M&E pages from the review app's header link", async () => {
		await page.goto(server.url);
		await page.click("header.top nav a[href='/me/']");
		await page.waitForSelector("main.me h1");
		expect(await page.locator("main.me h1").textContent()).toMatch(
			/Шалгуур үзүүлэлтүүд/,
		);
	});

	for (const p of PAGES)
		it(`should show ${p.name} styled, in Mongolian, without console errors or CSP violations`, async () => {
			problems.length = 0;
			const response = await page.goto(`${base()}${p.path}`);
			expect(response?.status()).toBe(200);
			expect(await page.locator("html").getAttribute("lang")).toBe("mn");
			expect(await page.locator("main.me h1").textContent()).toMatch(p.heading);
			const styles = await page.evaluate(() => {
				const header = document.querySelector("header.top") as Element;
				const link = document.querySelector("header.top nav a") as Element;
				const th = document.querySelector("table.data th, ol.hits li");
				return {
					header: getComputedStyle(header).backgroundColor,
					display: getComputedStyle(header).display,
					linkMargin: getComputedStyle(link).marginRight,
					cell: th ? getComputedStyle(th).backgroundColor : "none",
					sheets: document.styleSheets.length,
				};
			});
			expect(styles.header).toBe("rgb(32, 48, 63)");
			expect(styles.display).toBe("flex");
			expect(styles.linkMargin).not.toBe("0px");
			if (p.name !== "links") expect(styles.cell).not.toBe("rgba(0, 0, 0, 0)");
			expect(styles.sheets).toBe(1);
			expect(await page.locator("[style]").count()).toBe(0);
			expect(problems).toEqual([]);
			if (process.env.SCREENSHOTS)
				await page.screenshot({
					path: join(DOCS, `me-${p.name}.png`),
					// The indicator list is long: its first screen shows what it is.
					fullPage: p.name !== "indicators",
				});
		});

	it("should draw the indicator's chart with labelled axes and ticks, and link rows to the item", async () => {
		await page.goto(
			`${base()}/me/history/${encodeURIComponent(KEY)}?department=${encodeURIComponent("Төрийн захиргааны удирдлагын хэлтэс")}`,
		);
		const level = page.locator("#chart-level svg");
		expect(await level.locator("text").allTextContents()).toEqual(
			expect.arrayContaining(["Түвшин (%)", "Он", "0", "100", "2022", "2024"]),
		);
		const values = await page
			.locator("#chart-values svg text")
			.allTextContents();
		expect(values).toEqual(
			expect.arrayContaining([
				"Суурь түвшин",
				"Бүтэн жилийн зорилт",
				"Хагас жилийн зорилт",
			]),
		);
		expect(values.some((t) => /тоо/.test(t))).toBe(true);
		const box = await level.boundingBox();
		expect(box?.width).toBeGreaterThan(500);
		const fontSize = await level
			.locator("text")
			.first()
			.evaluate((e) => Number.parseFloat(getComputedStyle(e).fontSize));
		expect(fontSize).toBeGreaterThanOrEqual(12);
		const href = await page
			.locator("table.data tbody tr")
			.first()
			.locator("a")
			.first()
			.getAttribute("href");
		expect(href).toMatch(/^\/reports\/\d+\/items\/1\.1$/);
		await page.click(`table.data a[href='${href}']`);
		await page.waitForSelector("#item-no");
	});

	it("should download every table from its page", async () => {
		for (const path of [
			"/me/indicators",
			`/me/history/${encodeURIComponent(KEY)}`,
			"/me/pivot",
			"/me/compare",
			`/me/search?q=${encodeURIComponent("гомдол")}`,
		]) {
			await page.goto(`${base()}${path}`);
			for (const format of ["CSV", "XLSX"]) {
				const [download] = await Promise.all([
					page.waitForEvent("download"),
					page.click(`.downloads a:text-is("${format}")`),
				]);
				expect(download.suggestedFilename()).toMatch(
					new RegExp(`^tailan-[a-z]+\\.${format.toLowerCase()}$`),
				);
			}
		}
	});
});
