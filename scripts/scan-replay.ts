/**
 * Whether a change to the scan reader's own work (preparation, layout, crops, which requests it
 * makes) changes any document: the pages of a profile read once with the OCR and every answer
 * recorded, then read again — by other code — with those answers, the two documents compared
 * byte for byte (JSON, page previews as hashes). A request the recording never saw is a miss
 * (read as nothing) and named in the count. Also the main thread's CPU a page (three reads).
 *
 *   npx tsx scripts/scan-replay.ts record  --profile copier --dpi 200 [--pages 1,2,3] --out /tmp/x
 *   npx tsx scripts/scan-replay.ts compare --profile copier --dpi 200 [--pages 1,2,3] --out /tmp/x
 *
 * Record with the code before (another checkout of the commit before), compare with the code
 * after. The OCR engine is the pool's (TAILAN_OCR): answers are replayed whatever read them.
 */
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { pagesToDocument } from "../parsers/image/index.ts";
import { createOcrPool } from "../parsers/image/ocr.ts";
import { imagePages } from "../parsers/image/raster.ts";
import type {
	OcrEngine,
	OcrRequest,
	OcrResult,
} from "../parsers/image/types.ts";
import { cpuSeconds } from "./cpu-time.ts";
import { profileScans } from "./make-scan-fixtures.ts";
import { PROFILES, type Profile } from "./scan-profiles.ts";

/** A request's identity: the pixels it reads and how. */
function keyOf(r: OcrRequest): string {
	const [x0, y0, x1, y1] = r.rect ?? [0, 0, r.image.width, r.image.height];
	const h = createHash("sha1");
	for (let y = y0; y < y1; y++)
		h.update(
			r.image.data.subarray(y * r.image.width + x0, y * r.image.width + x1),
		);
	const how = [
		x1 - x0,
		y1 - y0,
		r.langs,
		r.psm,
		r.whitelist ?? "",
		r.squeeze ?? 1,
		r.image.dpi,
	];
	return h.update(JSON.stringify(how)).digest("hex");
}

const { positionals, values } = parseArgs({
	allowPositionals: true,
	options: {
		profile: { type: "string", default: "clean" },
		dpi: { type: "string", default: "300" },
		pages: {
			type: "string",
			default: "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17",
		},
		out: { type: "string" },
	},
});
const mode = positionals[0];
const profile = values.profile as Profile;
if (
	(mode !== "record" && mode !== "compare") ||
	!values.out ||
	!PROFILES.includes(profile)
) {
	process.stderr.write(
		"usage: scan-replay.ts record|compare --profile clean|copier|fax|phone --dpi N [--pages 1,2] --out PATH\n",
	);
	process.exit(2);
}
const out = values.out;
const set = await profileScans({
	profile,
	dpi: Number(values.dpi),
	pages: values.pages.split(",").map(Number),
});
const answers: Record<string, OcrResult> =
	mode === "compare"
		? JSON.parse(readFileSync(`${out}.answers.json`, "utf8"))
		: {};
const pool = mode === "record" ? await createOcrPool() : undefined;
let requests = 0;
let misses = 0;
const ocr: OcrEngine = {
	async recognize(r) {
		requests++;
		const key = keyOf(r);
		if (pool) {
			const result = await pool.recognize(r);
			answers[key] = result;
			return result;
		}
		const found = answers[key];
		if (found) return found;
		misses++;
		return { text: "", confidence: 0, words: [] };
	},
	close: async () => {},
};
async function* pages() {
	for (const f of set.files)
		for await (const p of imagePages(new Uint8Array(readFileSync(f)), f))
			yield p.image;
}
let doc: unknown;
for (let i = 0; i < (pool ? 1 : 3); i++) {
	requests = 0;
	const c0 = cpuSeconds();
	doc = await pagesToDocument(pages(), {
		file: "scan",
		ocr,
		sha256: "",
		bytes: 0,
	});
	const cpu = (cpuSeconds() - c0) / set.files.length;
	process.stdout.write(
		`read ${i + 1}: ${cpu.toFixed(3)} CPU s/page${pool ? " (with the OCR)" : " (the main thread)"}, ${requests} OCR requests${pool ? "" : `, ${misses} not recorded`}\n`,
	);
}
await pool?.close();
const json = JSON.stringify(doc, (_, v) =>
	v instanceof Uint8Array ? createHash("sha1").update(v).digest("hex") : v,
);
if (pool) {
	writeFileSync(`${out}.answers.json`, JSON.stringify(answers));
	writeFileSync(`${out}.doc.json`, json);
} else {
	writeFileSync(`${out}.after.json`, json);
	const same = readFileSync(`${out}.doc.json`, "utf8") === json;
	process.stdout.write(
		`${same ? "the same document" : "a DIFFERENT document"} (${out}.doc.json, ${out}.after.json)\n`,
	);
	process.exitCode = same && misses === 0 ? 0 : 1;
}
