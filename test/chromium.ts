/**
 * Debian's Chromium for the browser tests (test/e2e-*.test.ts): where it is, and one way to start
 * it headless, offline (no background networking, no updates, no sync).
 */
import { type Browser, chromium, type Page } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";

/** Chromium started headless for a test; close it in afterAll. */
export function launchChromium(): Promise<Browser> {
	return chromium.launch({
		executablePath: CHROMIUM,
		args: [
			"--headless",
			"--no-sandbox",
			"--disable-gpu",
			"--no-first-run",
			"--disable-background-networking",
			"--disable-component-update",
			"--disable-sync",
		],
	});
}

/** Latin words a Mongolian page may show: the program's name and a key cap. */
const ALLOWED = ["tailan", "Enter", "Ctrl"];

/**
 * English words a reader sees on the page: text and shown attributes (title, placeholder,
 * aria-label) outside script, style and elements marked translate="no" (document text).
 */
export async function englishInPage(page: Page): Promise<string[]> {
	return page.evaluate((allowed) => {
		const shown: string[] = [];
		const hidden = (el: Element | null) =>
			el?.closest("script, style, [translate='no']") != null;
		const walker = document.createTreeWalker(
			document.documentElement,
			NodeFilter.SHOW_TEXT,
		);
		for (let node = walker.nextNode(); node; node = walker.nextNode())
			if (!hidden(node.parentElement)) shown.push(node.textContent ?? "");
		shown.push(document.title);
		for (const el of Array.from(document.querySelectorAll("*")))
			if (!hidden(el))
				for (const a of ["title", "placeholder", "aria-label", "alt"]) {
					const value = el.getAttribute(a);
					if (value) shown.push(value);
				}
		return shown
			.flatMap((text) => text.match(/[A-Za-z]{2,}/g) ?? [])
			.filter((w) => !allowed.includes(w));
	}, ALLOWED);
}
