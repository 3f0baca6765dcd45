/**
 * Debian's Chromium for the browser tests (test/e2e-*.test.ts): where it is, and one way to start
 * it headless, offline (no background networking, no updates, no sync).
 */
import { type Browser, chromium } from "playwright-core";

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
