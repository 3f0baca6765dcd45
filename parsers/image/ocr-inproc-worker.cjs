// One worker thread of the in-process native OCR pool (ocr-inproc.ts): libtesseract's C API
// through koffi, one TessBaseAPI per language order, each initialised once (the models read from
// the pool's unpacked folder) and kept until the pool closes. A request is a crop's 8-bit pixels
// and its languages, mode, resolution and whitelist (set on the API only when they change); the
// answer is Tesseract's TSV, parsed by the pool as the program's (ocr.ts fromTsv). Calls are
// synchronous on this thread: the pool's main thread never waits on them. A recognition that
// runs past its deadline is cancelled by Tesseract itself (a monitor's deadline); the pool also
// terminates this thread if it does not answer soon after.
//
// OMP_THREAD_LIMIT=1 must be in the process's environment before the library loads (the pool
// sets it): Debian's libtesseract is built with OpenMP.
"use strict";
const { parentPort, workerData } = require("node:worker_threads");
const koffi = require("koffi");

const { library, tessdata, parameters } = workerData;
const lib = koffi.load(library);
const Create = lib.func("void *TessBaseAPICreate()");
const Init2 = lib.func(
	"int TessBaseAPIInit2(void *api, const char *datapath, const char *language, int oem)",
);
const SetVariable = lib.func(
	"int TessBaseAPISetVariable(void *api, const char *name, const char *value)",
);
const SetPageSegMode = lib.func(
	"void TessBaseAPISetPageSegMode(void *api, int mode)",
);
const SetImage = lib.func(
	"void TessBaseAPISetImage(void *api, const uint8_t *data, int width, int height, int bpp, int bpl)",
);
const Recognize = lib.func(
	"int TessBaseAPIRecognize(void *api, void *monitor)",
);
const GetTsvText = lib.func("void *TessBaseAPIGetTsvText(void *api, int page)");
const DeleteText = lib.func("void TessDeleteText(void *text)");
const Clear = lib.func("void TessBaseAPIClear(void *api)");
const End = lib.func("void TessBaseAPIEnd(void *api)");
const Delete = lib.func("void TessBaseAPIDelete(void *api)");
const MonitorCreate = lib.func("void *TessMonitorCreate()");
const MonitorDelete = lib.func("void TessMonitorDelete(void *monitor)");
const SetDeadline = lib.func(
	"void TessMonitorSetDeadlineMSecs(void *monitor, int msecs)",
);

/** OEM_LSTM_ONLY, as the program is run (--oem 1). */
const LSTM_ONLY = 1;
/** langs → { api, psm, dpi, whitelist } */
const apis = new Map();
let monitor = null;

function apiFor(langs) {
	let slot = apis.get(langs);
	if (slot) return slot;
	const api = Create();
	if (Init2(api, tessdata, langs, LSTM_ONLY) !== 0) {
		End(api);
		Delete(api);
		throw new Error(`could not load the models "${langs}" from ${tessdata}`);
	}
	for (const [k, v] of Object.entries(parameters))
		if (!SetVariable(api, k, v)) {
			End(api);
			Delete(api);
			throw new Error(`Tesseract has no parameter "${k}"`);
		}
	slot = { api, psm: -1, dpi: -1, whitelist: null };
	apis.set(langs, slot);
	return slot;
}

function read(m) {
	const slot = apiFor(m.langs);
	const { api } = slot;
	if (slot.psm !== m.psm) {
		SetPageSegMode(api, m.psm);
		slot.psm = m.psm;
	}
	if (slot.dpi !== m.dpi) {
		// 0: no hint (Tesseract estimates), as the program without user_defined_dpi.
		SetVariable(api, "user_defined_dpi", String(m.dpi));
		slot.dpi = m.dpi;
	}
	if (slot.whitelist !== m.whitelist) {
		SetVariable(api, "tessedit_char_whitelist", m.whitelist);
		slot.whitelist = m.whitelist;
	}
	const pixels = new Uint8Array(m.buffer, m.offset, m.width * m.height);
	monitor ??= MonitorCreate();
	try {
		SetImage(api, pixels, m.width, m.height, 1, m.width);
		SetDeadline(monitor, Math.max(1, Math.min(2_147_483_647, m.deadlineMs)));
		if (Recognize(api, monitor) !== 0)
			throw new Error(
				`recognition failed or did not finish within ${m.deadlineMs} ms`,
			);
		const text = GetTsvText(api, 0);
		if (!text) throw new Error("no TSV text");
		try {
			return koffi.decode(text, "char", -1);
		} finally {
			DeleteText(text);
		}
	} finally {
		Clear(api);
	}
}

function close() {
	for (const { api } of apis.values()) {
		End(api);
		Delete(api);
	}
	apis.clear();
	if (monitor) MonitorDelete(monitor);
	monitor = null;
}

parentPort.on("message", (m) => {
	if (m.type === "close") {
		close();
		parentPort.postMessage({ type: "closed" });
		parentPort.close();
		return;
	}
	try {
		parentPort.postMessage({ id: m.id, tsv: read(m) });
	} catch (e) {
		parentPort.postMessage({
			id: m.id,
			error: e instanceof Error ? e.message : String(e),
		});
	}
});
parentPort.postMessage({ type: "ready" });
