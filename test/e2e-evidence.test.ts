/**
 * Evidence on the page, in a real headless Chromium (Debian's /usr/bin/chromium through
 * playwright-core): the seed report as a scan (page 14 of the 300-dpi scan of the gold, read by
 * OCR), as a text PDF and as a Word file, each in its own database. For 6.5's budget flag the item
 * view shows the page image with the value's box (scan, PDF) or the Word row with the cell marked;
 * the page zooms with the keys; look-alike letters are fixed with one key. No console error (a CSP
 * violation is one). SCREENSHOTS=1 also writes docs/review-evidence-{scan,pdf,word}.png.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { foldLookalikes } from "../normalizers/text.ts";
import { type RunningServer, startReviewServer } from "../review/server.ts";
import { scanFixtures } from "../scripts/make-scan-fixtures.ts";
import { openStore, type Store } from "../store/index.ts";
import { CHROMIUM, launchChromium } from "./chromium.ts";
import { runCli } from "./cli.ts";

const fixture = (path: string) =>
	fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url));
const DOCS = fileURLToPath(new URL("../docs/", import.meta.url));

const cli = (argv: string[]) => runCli(argv);

type Format = "scan" | "scan-1" | "pdf" | "word";

interface Served {
	store: Store;
	server: RunningServer;
}

describe.skipIf(!existsSync(CHROMIUM))(
	"evidence on the page in Chromium",
	() => {
		let dir: string;
		let browser: Browser;
		let page: Page;
		const served = new Map<Format, Served>();
		const errors: string[] = [];
		const images: { url: string; status: number; type: string }[] = [];

		const ocrEngine = process.env.TAILAN_OCR;
		beforeAll(async () => {
			// The OCR flag drawn below is tesseract.js's reading of page 1 ("Ниншя", "Хуй-ӨЗО-д" at
			// 79); native tesseract, where installed, reads the same words at 90 or more (no flag).
			process.env.TAILAN_OCR = "wasm";
			dir = mkdtempSync(join(tmpdir(), "tailan-evidence-"));
			const scan = await scanFixtures({ dpis: [300], pages: [1, 14] });
			const files = {
				scan: scan.sets[0]?.png[1] as string,
				"scan-1": scan.sets[0]?.png[0] as string,
				pdf: fixture("pdf/gold/input.pdf"),
				word: fixture("docx/per-page/input.docx"),
			};
			for (const [format, file] of Object.entries(files) as [
				Format,
				string,
			][]) {
				const copy = join(
					dir,
					`seed-${format}${file.slice(file.lastIndexOf("."))}`,
				);
				copyFileSync(file, copy);
				const db = join(dir, `${format}.db`);
				// A scan page alone is a continuation page: --one-report imports it as the report.
				const imported = await cli([
					"import",
					copy,
					"--db",
					db,
					...(format.startsWith("scan") ? ["--one-report"] : []),
				]);
				expect(imported.code, imported.stderr).toBe(0);
				const store = openStore(db, { mustExist: true });
				served.set(format, {
					store,
					server: await startReviewServer({ store, port: 0, who: "e2e" }),
				});
			}
			browser = await launchChromium();
			page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
			// The browser asks for /favicon.ico by itself (the app has none): not the page's error.
			await page.route("**/favicon.ico", (r) => r.fulfill({ status: 204 }));
			page.on("console", (m) => {
				if (m.type() === "error") errors.push(m.text());
			});
			page.on("pageerror", (e) => errors.push(e.message));
			page.on("response", (r) => {
				if (r.url().includes("/pages/"))
					images.push({
						url: r.url(),
						status: r.status(),
						type: r.headers()["content-type"] ?? "",
					});
			});
			page.setDefaultTimeout(15_000);
		}, 240_000);

		afterAll(async () => {
			if (ocrEngine === undefined) delete process.env.TAILAN_OCR;
			else process.env.TAILAN_OCR = ocrEngine;
			await browser?.close();
			for (const { server, store } of served.values()) {
				await server.close();
				store.close();
			}
			if (dir) rmSync(dir, { recursive: true, force: true });
		});

		const base = (format: Format) =>
			(served.get(format) as Served).server.url.replace(/\/$/, "");

		/** The budget flag's evidence of 6.5: its figure, the box's rect and the page it shows. */
		async function openBudgetFlag(format: Format) {
			const { store } = served.get(format) as Served;
			const flag = store
				.listFlags({ reportId: 1 })
				.find((f) => f.item === "6.5" && f.kind === "ambiguous-number");
			expect(flag, `${format}: 6.5's ambiguous budget`).toBeDefined();
			await page.goto(`${base(format)}/reports/1/items/6.5?flag=${flag?.id}`);
			await page.waitForSelector("#item-no");
			return page.locator("#field-budget-amountMnt td.evidence");
		}

		async function checkPageView(format: "scan" | "pdf", boxClass: RegExp) {
			images.length = 0;
			errors.length = 0;
			const evidence = await openBudgetFlag(format);
			const figure = evidence.locator("figure.ev-page").first();
			await figure.waitFor();
			const svg = figure.locator("svg.ev-svg");
			const href = await svg.locator("image").getAttribute("href");
			expect(href).toMatch(/^\/reports\/1\/pages\/\d+$/);
			// The image arrived and was drawn: a JPEG, and the SVG is laid out at the column's width.
			await page.waitForFunction(
				(h) =>
					performance
						.getEntriesByType("resource")
						.some((e) => e.name.endsWith(h as string)),
				href,
			);
			expect(images.filter((i) => i.url.endsWith(href as string))).toEqual([
				expect.objectContaining({ status: 200, type: "image/jpeg" }),
			]);
			const size = await svg.boundingBox();
			expect(size?.width).toBeGreaterThan(200);
			expect(size?.height).toBeGreaterThan(100);
			// The box: inside the page, within the view, coloured by its confidence.
			const rect = svg.locator("rect.ev-box");
			expect(await rect.getAttribute("class")).toMatch(boxClass);
			const [w, h] = [
				Number(await figure.getAttribute("data-w")),
				Number(await figure.getAttribute("data-h")),
			];
			const attr = async (a: string) => Number(await rect.getAttribute(a));
			const [x, y, rw, rh] = [
				await attr("x"),
				await attr("y"),
				await attr("width"),
				await attr("height"),
			];
			expect(x).toBeGreaterThanOrEqual(0);
			expect(y).toBeGreaterThanOrEqual(0);
			expect(x + rw).toBeLessThanOrEqual(w);
			expect(y + rh).toBeLessThanOrEqual(h);
			const drawn = await rect.boundingBox();
			expect(drawn?.width).toBeGreaterThan(10);
			// Zoom with the keys: + narrows the view, 0 shows the whole page.
			const viewBox = async () =>
				((await svg.getAttribute("viewBox")) ?? "").split(" ").map(Number);
			const before = await viewBox();
			await page.keyboard.press("+");
			expect((await viewBox())[2]).toBeLessThan(before[2] as number);
			await page.keyboard.press("0");
			expect(await viewBox()).toEqual([0, 0, w, h]);
			if (process.env.SCREENSHOTS) {
				await page.keyboard.press("+");
				await page.keyboard.press("+");
				await page.keyboard.press("+");
				await figure.scrollIntoViewIfNeeded();
				await page.screenshot({
					path: join(DOCS, `review-evidence-${format}.png`),
				});
			}
			expect(errors).toEqual([]);
		}

		it("should show a scan flag's page image with the value's box", async () => {
			await checkPageView("scan", /\bc-high\b/);
		});

		it("should draw the exact words of an OCR flag, coloured by their confidence", async () => {
			errors.length = 0;
			const { store } = served.get("scan-1") as Served;
			const flag = store
				.listFlags({ reportId: 1 })
				.find((f) => f.kind === "ocr-low-confidence");
			expect(flag).toBeDefined();
			await page.goto(
				`${base("scan-1")}/reports/1/items/${flag?.item}?flag=${flag?.id}`,
			);
			const figure = page
				.locator(`div.fl[data-flag="${flag?.id}"] figure.ev-page`)
				.first();
			await figure.waitFor();
			const words = figure.locator("rect.ev-word");
			const named = flag?.evidence.words as string[];
			expect(await words.count()).toBe(named.length);
			for (let i = 0; i < named.length; i++) {
				const title = await words.nth(i).locator("title").textContent();
				expect(title).toContain(named[i]);
				const confidence = Number(/(\d+)$/.exec(title ?? "")?.[1]);
				expect(await words.nth(i).getAttribute("class")).toContain(
					confidence >= 90 ? "c-high" : confidence >= 70 ? "c-mid" : "c-low",
				);
				const drawn = await words.nth(i).boundingBox();
				expect(drawn?.width).toBeGreaterThan(5);
			}
			// A look-alike flag ("ХХК", read with confidence): its word too, not only the cell.
			const lookalike = store
				.listFlags({ reportId: 1 })
				.find((f) => f.kind === "ocr-lookalike" && f.item === flag?.item);
			expect(lookalike).toBeDefined();
			const word = page.locator(
				`div.fl[data-flag="${lookalike?.id}"] figure.ev-page rect.ev-word`,
			);
			expect(await word.count()).toBeGreaterThan(0);
			expect(await word.first().locator("title").textContent()).toContain(
				String((lookalike?.evidence.words as string[] | undefined)?.[0]),
			);
			if (process.env.SCREENSHOTS) {
				await figure.scrollIntoViewIfNeeded();
				await page.screenshot({
					path: join(DOCS, "review-evidence-ocr-words.png"),
				});
			}
			expect(errors).toEqual([]);
		});

		it("should show a text PDF flag's page, drawn by pdf.js, with the box from the text layer", async () => {
			await checkPageView("pdf", /\bc-exact\b/);
		});

		it("should show a Word flag's table row with the flagged cell marked", async () => {
			errors.length = 0;
			const evidence = await openBudgetFlag("word");
			const row = evidence.locator("figure.ev-row").first();
			await row.waitFor();
			expect(await row.locator("td.hit mark").textContent()).toBe(
				"1.276.0 Байгууллагын төсөв",
			);
			// The whole row as the document has it: the activity and the indicator beside the budget.
			const cells = await row.locator("td").allTextContents();
			expect(cells.length).toBeGreaterThanOrEqual(5);
			expect(cells.join(" ")).toContain("Хаягийн тоо");
			expect(await evidence.textContent()).not.toMatch(/page 10:\s*$/);
			if (process.env.SCREENSHOTS) {
				await row.scrollIntoViewIfNeeded();
				await page.screenshot({ path: join(DOCS, "review-evidence-word.png") });
			}
			expect(errors).toEqual([]);
		});

		it("should mark look-alike letters and fix them all with one key", async () => {
			errors.length = 0;
			const { store } = served.get("word") as Served;
			const flag = store
				.listFlags({ reportId: 1 })
				.find((f) => f.item === "2.6" && f.field === "activity");
			expect(flag).toBeDefined();
			await page.goto(`${base("word")}/reports/1/items/2.6?flag=${flag?.id}`);
			const note = page.locator('p.lookalikes[data-field="activity"]');
			await note.waitFor();
			expect(await note.locator("mark.latin").count()).toBeGreaterThan(0);
			const before = await page.locator("#in-activity").inputValue();
			await page.keyboard.press("l");
			await page.waitForFunction(
				() => document.activeElement?.id === "in-activity",
			);
			expect(await page.locator("#in-activity").inputValue()).toBe(
				foldLookalikes(before),
			);
			await page.keyboard.press("Control+Enter");
			await page.waitForURL(/saved=activity/);
			expect(
				await page.locator('p.lookalikes[data-field="activity"]').count(),
			).toBe(0);
			expect(errors).toEqual([]);
		});
	},
);
