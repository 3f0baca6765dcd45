/**
 * Where a scanned import's CPU seconds go (issue 14, speed): the gold's page files of a profile
 * read by parsers/image with a recording OCR engine, then
 *   1. every OCR request replayed one at a time on one worker (CPU per request, by kind),
 *   2. the pages read again with the recorded answers (no OCR): the main thread's own time
 *      (decode, preparation, layout, crops, paragraphs).
 *
 *   npx tsx scripts/profile-scan.ts [--profile clean|copier|fax|phone] [--dpi 300]
 *                                   [--pages 1,2,3,4] [--workers 2] [--dump DIR]
 *                                   [--engine auto|wasm|native] [--levers]
 *
 * --levers reads the pages' text blocks again with the other settings measured for speed (`mon`
 * alone, read at 3/4 or 0.65 of the width, at 225 or 200 dpi, combinations) and prints their CPU
 * seconds and what they change: the blocks and words read otherwise, and the words that cross
 * the text flag's threshold either way (pipeline/ocr-flags.ts WORD_CONFIDENCE: a squeezed
 * reading's own). Which lever keeps the flags that matter is judged on the gold by
 * scripts/scan-accuracy.ts (--squeeze, --text-dpi, --sweep), not here.
 *
 * --dump DIR writes the requests' crops instead (DIR/0000.pgm …, and DIR/manifest.json with each
 * one's languages, mode, squeeze, whitelist, reading and word confidences), to try engine
 * settings on the same crops (native tesseract reads the PGM files too).
 *
 * CPU seconds include the native engine's worker threads (in-process) or its `tesseract`
 * processes (the program, scripts/cpu-time.ts). With the native program, step 1 reads each
 * request alone (a process each, start-up included): an upper bound of its OCR cost, which reads
 * requests in batches; in-process, a request alone costs what it costs in the import.
 *
 * Kinds are "languages psmN", with "bin" for black-on-white crops (typed values) and "sqS" for
 * crops read squeezed to S of their width.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { pagesToDocument } from "../parsers/image/index.ts";
import {
	chooseOcrEngine,
	createOcrPool,
	type OcrEngineChoice,
} from "../parsers/image/ocr.ts";
import { encodePgm, imagePages, shrink } from "../parsers/image/raster.ts";
import type {
	GrayImage,
	OcrEngine,
	OcrRequest,
	OcrResult,
} from "../parsers/image/types.ts";
import { WORD_CONFIDENCE } from "../pipeline/ocr-flags.ts";
import { cpuSeconds } from "./cpu-time.ts";
import { profileScans } from "./make-scan-fixtures.ts";
import type { Profile } from "./scan-profiles.ts";

/** CPU seconds of this process and of the native engine's processes it has waited for. */
const cpuNow = cpuSeconds;

const keyOf = (r: OcrRequest) =>
	createHash("sha1")
		.update(r.image.data)
		.update(JSON.stringify([r.image.width, r.rect, r.langs, r.psm]))
		.digest("hex");

interface Recorded {
	request: OcrRequest;
	result: OcrResult;
}

/** The page images of the profile's page files. */
export async function loadPages(
	profile: Profile,
	dpi: number,
	pages: number[],
): Promise<GrayImage[]> {
	const scans = await profileScans({ profile, dpi, pages });
	const images: GrayImage[] = [];
	for (const f of scans.files)
		for await (const p of imagePages(readFileSync(f), f)) images.push(p.image);
	return images;
}

/** What a request is: its languages, mode, whether it is black on white, its squeeze. */
function kindOf(r: OcrRequest): string {
	const bilevel = r.image.data.every((v) => v === 0 || v === 255);
	return `${r.langs} psm${r.psm}${bilevel ? " bin" : ""}${r.squeeze !== undefined && r.squeeze !== 1 ? ` sq${r.squeeze}` : ""}`;
}

async function main() {
	const { values } = parseArgs({
		options: {
			profile: { type: "string", default: "clean" },
			dpi: { type: "string", default: "300" },
			pages: { type: "string", default: "1,2,3,4" },
			workers: { type: "string", default: "2" },
			dump: { type: "string" },
			engine: { type: "string", default: "auto" },
			levers: { type: "boolean", default: false },
		},
	});
	const engine = values.engine as OcrEngineChoice;
	const chosen = chooseOcrEngine({ engine });
	const pages = values.pages.split(",").map(Number);
	const images = await loadPages(
		values.profile as Profile,
		Number(values.dpi),
		pages,
	);
	const pool = await createOcrPool({ size: Number(values.workers), engine });
	const recorded = new Map<string, Recorded>();
	const recorder: OcrEngine = {
		async recognize(request) {
			const result = await pool.recognize(request);
			recorded.set(keyOf(request), { request, result });
			return result;
		},
		close: () => pool.close(),
	};
	// Warm the workers up (WebAssembly is optimised while it runs).
	await pagesToDocument(images.slice(0, 1), {
		file: "warm",
		ocr: recorder,
		sha256: "0",
		bytes: 0,
	});
	recorded.clear();
	const c0 = cpuNow();
	const t0 = performance.now();
	await pagesToDocument(images, {
		file: "p",
		ocr: recorder,
		sha256: "0",
		bytes: 0,
	});
	const whole = cpuNow() - c0;
	const wall = (performance.now() - t0) / 1000;
	await pool.close();

	if (values.dump) {
		mkdirSync(values.dump, { recursive: true });
		const manifest: unknown[] = [];
		[...recorded.values()].forEach(({ request, result }, i) => {
			const name = `${String(i).padStart(4, "0")}.pgm`;
			writeFileSync(
				join(values.dump as string, name),
				encodePgm(request.image, request.rect),
			);
			manifest.push({
				name,
				langs: request.langs,
				psm: request.psm,
				dpi: request.image.dpi,
				squeeze: request.squeeze ?? 1,
				whitelist: request.whitelist ?? "",
				kind: kindOf(request),
				text: result.text,
				confidence: result.confidence,
				words: result.words.map((w) => [w.text, w.confidence]),
			});
		});
		writeFileSync(
			join(values.dump, "manifest.json"),
			JSON.stringify(manifest, null, 1),
		);
		return;
	}
	if (values.levers) {
		process.stdout.write(
			`${(await levers([...recorded.values()], engine)).join("\n")}\n`,
		);
		return;
	}
	// 1. Each request alone on one worker.
	const one = await createOcrPool({ size: 1, engine });
	const byKind = new Map<
		string,
		{ n: number; cpu: number; px: number; chars: number }
	>();
	for (const { request } of [...recorded.values()].slice(0, 20))
		await one.recognize(request);
	let ocrCpu = 0;
	for (const { request, result } of recorded.values()) {
		const c = cpuNow();
		await one.recognize(request);
		const dt = cpuNow() - c;
		ocrCpu += dt;
		const k = kindOf(request);
		const s = byKind.get(k) ?? { n: 0, cpu: 0, px: 0, chars: 0 };
		s.n++;
		s.cpu += dt;
		s.px += request.image.width * request.image.height;
		s.chars += result.text.replace(/\s/g, "").length;
		byKind.set(k, s);
	}
	await one.close();

	// 2. The main thread alone: the recorded answers.
	const replay: OcrEngine = {
		async recognize(request) {
			const r = recorded.get(keyOf(request));
			if (!r) throw new Error("a request not recorded");
			return r.result;
		},
		close: async () => {},
	};
	const m0 = cpuNow();
	await pagesToDocument(images, {
		file: "p",
		ocr: replay,
		sha256: "0",
		bytes: 0,
	});
	const mainCpu = cpuNow() - m0;
	const n = images.length;
	const out = [
		`OCR engine: ${chosen.why}`,
		`${values.profile} ${values.dpi} dpi, pages ${values.pages}: whole ${(whole / n).toFixed(2)} CPU s/page (wall ${(wall / n).toFixed(2)} s/page, ${values.workers} workers)`,
		`main thread (layout etc., answers replayed) ${(mainCpu / n).toFixed(3)} CPU s/page`,
		`OCR alone ${(ocrCpu / n).toFixed(3)} CPU s/page, ${recorded.size} requests (${(recorded.size / n).toFixed(1)}/page)`,
	];
	for (const [k, s] of [...byKind].sort((a, b) => b[1].cpu - a[1].cpu))
		out.push(
			`  ${k.padEnd(22)} ${String(s.n).padStart(4)} req  ${(s.cpu / n).toFixed(3)} CPU s/page  ${((s.cpu / s.n) * 1000).toFixed(1)} ms/req  ${(s.px / s.n / 1000).toFixed(0)} kpx/req  ${(s.chars / s.n).toFixed(1)} chars/req`,
		);
	process.stdout.write(`${out.join("\n")}\n`);
}

/**
 * The text-block settings tried by --levers: languages, the share of the width read, and the
 * resolution (a crop of a finer page made smaller to it: raster.ts shrink).
 */
const LEVERS: { langs: OcrRequest["langs"]; squeeze: number; dpi?: number }[] =
	[
		{ langs: "mon+eng", squeeze: 1 },
		{ langs: "mon", squeeze: 1 },
		{ langs: "mon+eng", squeeze: 0.75 },
		{ langs: "mon+eng", squeeze: 0.65 },
		{ langs: "mon", squeeze: 0.75 },
		{ langs: "mon+eng", squeeze: 1, dpi: 225 },
		{ langs: "mon+eng", squeeze: 1, dpi: 200 },
		{ langs: "mon+eng", squeeze: 0.75, dpi: 200 },
	];

/** A word's flag threshold (pipeline/ocr-flags.ts), by whether it was read squeezed. */
const textFlag = (squeeze: number) =>
	squeeze < 1 ? WORD_CONFIDENCE.squeezed : WORD_CONFIDENCE.full;

/**
 * --levers: the pages' text blocks (psm 4 and 6, as read) read again on one worker with each of
 * LEVERS, in one batch each: CPU seconds, and against the first (the reader's own settings) the
 * blocks whose text changed, the words read otherwise, and the words on the other side of the
 * flag threshold — flagged only as read (a flag lost) or only with the lever (a flag gained).
 * Words are matched by their place (the middle of one inside the other's box).
 */
async function levers(
	recorded: Recorded[],
	engine: OcrEngineChoice,
): Promise<string[]> {
	const blocks = recorded
		.map((r) => r.request)
		.filter((r) => r.psm === 4 || r.psm === 6);
	const out = [`${blocks.length} text blocks read again on one worker:`];
	let base: OcrResult[] | undefined;
	for (const lever of LEVERS) {
		const pool = await createOcrPool({
			size: 1,
			engine,
			...(engine === "native" ? { nativeReads: "all" as const } : {}),
		});
		const c = cpuNow();
		const results = await Promise.all(
			blocks.map(async (r) => {
				const k =
					lever.dpi && !r.rect && r.image.dpi > lever.dpi
						? Math.max(0.5, lever.dpi / r.image.dpi)
						: 1;
				const { squeeze: _s, ...request } = r;
				const got = await pool.recognize({
					...request,
					...(k < 1 ? { image: shrink(r.image, k), rect: undefined } : {}),
					langs: lever.langs,
					...(lever.squeeze !== 1 ? { squeeze: lever.squeeze } : {}),
				});
				// the words' boxes in the crop's own pixels
				return k === 1
					? got
					: {
							...got,
							words: got.words.map((w) => ({
								...w,
								bbox: w.bbox.map((v) => v / k) as typeof w.bbox,
							})),
						};
			}),
		);
		const cpu = cpuNow() - c;
		await pool.close();
		base ??= results;
		const TEXT_FLAG = textFlag(1);
		let changed = 0;
		let otherwise = 0;
		const lost: string[] = [];
		const gained: string[] = [];
		results.forEach((r, i) => {
			const b = (base as OcrResult[])[i] as OcrResult;
			if (r.text !== b.text) changed++;
			// The word of `in_` at w's place: of the same text if one is there.
			const at = (w: OcrResult["words"][number], in_: OcrResult) => {
				const mx = (w.bbox[0] + w.bbox[2]) / 2;
				const my = (w.bbox[1] + w.bbox[3]) / 2;
				const there = in_.words.filter(
					(v) =>
						mx >= v.bbox[0] &&
						mx <= v.bbox[2] &&
						my >= v.bbox[1] &&
						my <= v.bbox[3],
				);
				return there.find((v) => v.text === w.text) ?? there[0];
			};
			for (const w of b.words) {
				const v = at(w, r);
				if (v?.text !== w.text) otherwise++;
				if (
					w.confidence < TEXT_FLAG &&
					!(v && v.confidence < textFlag(lever.squeeze))
				)
					lost.push(
						`${w.text} ${w.confidence.toFixed(0)}→${v ? v.confidence.toFixed(0) : "-"}`,
					);
			}
			for (const v of r.words) {
				const w = at(v, b);
				if (
					v.confidence < textFlag(lever.squeeze) &&
					!(w && w.confidence < TEXT_FLAG)
				)
					gained.push(`${v.text} ${v.confidence.toFixed(0)}`);
			}
		});
		out.push(
			`  ${`${lever.langs} ${lever.squeeze === 1 ? "full width" : `squeezed ${lever.squeeze}`}${lever.dpi ? ` at ${lever.dpi} dpi` : ""}`.padEnd(36)} ${cpu.toFixed(2)} CPU s  blocks changed ${changed}  words read otherwise ${otherwise}  flags lost ${lost.length}${lost.length ? ` (${lost.slice(0, 6).join(", ")})` : ""}  gained ${gained.length}`,
		);
	}
	return out;
}

await main();
