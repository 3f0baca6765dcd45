/**
 * The OCR pool shared by a process (or a batch parse thread), and how many workers it gets. Kept
 * apart from the scan parser: the CLI closes and sizes the pool without loading tesseract.js,
 * which is loaded with the pool, on the first scan.
 */
import { availableParallelism } from "node:os";
import type { OcrPoolOptions } from "./ocr.ts";
import type { OcrEngine } from "./types.ts";

let shared: Promise<OcrEngine> | undefined;
let sharedOptions: OcrPoolOptions = {};

/**
 * Options of the shared pool started after this call (a batch worker thread sizes its pool so
 * that all threads together start no more OCR workers than there are cores).
 */
export function configureSharedOcr(options: OcrPoolOptions): void {
	sharedOptions = { ...options };
}

/**
 * OCR workers for each of `jobs` threads parsing at once: the cores shared out, at least one
 * (`--jobs N` never starts more OCR workers than cores in total, unless N is above the cores).
 */
export function ocrWorkersPerJob(
	jobs: number,
	cores: number = availableParallelism(),
): number {
	return Math.max(1, Math.floor(cores / Math.max(1, jobs)));
}

/**
 * The OCR pool shared by the process (the batch importer parses files concurrently; one pool
 * sized to the cores serves them all), created on first use. Close it with
 * {@link closeSharedOcr} before the process ends: its worker threads keep Node running.
 */
export function sharedOcr(): Promise<OcrEngine> {
	if (!shared) {
		const options = sharedOptions;
		const created = import("./ocr.ts").then((m) => m.createOcrPool(options));
		shared = created;
		// A failed start (a missing model file) is not kept: the next call tries again.
		created.catch(() => {
			if (shared === created) shared = undefined;
		});
	}
	return shared;
}

/** Close the shared OCR pool, if one was started (safe to call more than once). */
export async function closeSharedOcr(): Promise<void> {
	const s = shared;
	shared = undefined;
	if (s) await (await s.catch(() => undefined))?.close();
}
