/**
 * A parse worker: receives {id, file} messages, runs the pipeline (ingest), posts {id, page}
 * as a scan's pages are read, and posts back the result without the document's pages (the store needs only its sha256, name, format and size,
 * and the pages are most of the bytes to copy between threads) or the error as data.
 */
import { parentPort, workerData } from "node:worker_threads";
import { closeSharedOcr, configureSharedOcr } from "../parsers/image/shared.ts";
import { asLoadError } from "../parsers/index.ts";
import { DocumentLoadError } from "../pipeline/document.ts";
import { ingest } from "../pipeline/ingest.ts";
import type { ErrorData, WorkerReply, WorkerTask } from "./engine.ts";

const port = parentPort;
if (!port) throw new Error("batch/worker.ts must run in a worker thread");

// Scans: this thread's share of the cores for its OCR pool (batch/engine.ts passes it).
const ocrWorkers = (workerData as { ocrWorkers?: number } | null)?.ocrWorkers;
if (ocrWorkers) configureSharedOcr({ size: ocrWorkers });

port.on("message", async (task: WorkerTask | { close: true }) => {
	if ("close" in task) {
		// The batch is done: end the OCR workers this thread started, then the thread.
		await closeSharedOcr();
		process.exit(0);
	}
	let reply: WorkerReply;
	try {
		// A scan's pages as they are read: the main thread's progress line counts them.
		const result = await ingest(task.file, {
			onPage: (page) => port.postMessage({ id: task.id, page }),
		});
		reply = {
			id: task.id,
			ok: true,
			result: { ...result, document: { ...result.document, pages: [] } },
		};
	} catch (error) {
		// The engine's limits past the parsers (a string or array too long while stitching) are
		// the file's size, named as such; the parsers' own failures already are DocumentLoadErrors.
		const named =
			error instanceof RangeError
				? asLoadError(task.file, error, "report")
				: error;
		reply = { id: task.id, ok: false, error: errorToData(named) };
	}
	port.postMessage(reply);
});
port.postMessage({ ready: true });

function errorToData(error: unknown): ErrorData {
	if (error instanceof DocumentLoadError) {
		return {
			name: "DocumentLoadError",
			file: error.file,
			reason: error.reason,
			fix: error.fix ?? null,
			message: error.message,
			code: null,
		};
	}
	const code = (error as { code?: unknown } | null)?.code;
	return {
		name: error instanceof Error ? error.name : "Error",
		file: null,
		reason: null,
		fix: null,
		message: error instanceof Error ? error.message : String(error),
		code: typeof code === "string" ? code : null,
	};
}
