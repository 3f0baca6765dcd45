/**
 * Archive scans of a report made ANOTHER way than scripts/make-scan-fixtures.ts (so the reader is
 * not only ever tried on the quirks of the generator it was tuned on): the pages are rasterised by
 * poppler (`pdftoppm`, Debian's poppler-utils) instead of pdf.js, and damaged by ImageMagick
 * (`convert`, Debian's imagemagick) instead of our own pixel code, with seeds of their own. One
 * file per page, as a scanner or a phone leaves them, under fixtures/scan/.cache/other-… (git-
 * ignored; made on demand). docs/scan-fixtures.md says how the two makers differ.
 *
 * Profiles (the same names as scripts/scan-profiles.ts, other damage):
 * - clean: 300 dpi gray, a turn of ±0.2–0.6° (ImageMagick's rotation), PNG.
 * - copier: gray at 200 dpi, ±1–4° skew, the paper darkened and the ink lightened towards one
 *   edge by gradients (multiply and screen), a Gaussian blur, Gaussian noise, JPEG at quality
 *   55 re-encoded at 60 (a copy of a copy); pages 4 and 11 upside down.
 * - fax: 200 dpi, ±1.5° skew, pixels spread by up to half a pixel at random (broken thin
 *   strokes), a 55% threshold, impulse specks (about 500 a megapixel), written as a real CCITT
 *   Group 4 TIFF; page 7 upside down.
 * - phone: colour at 240 dpi within the photo: the page on a desk (a plasma texture), its corners
 *   pulled in by up to 4% (keystone) and the whole turned by up to ±3° (ImageMagick's perspective
 *   distortion, EWA resampling), a soft polygonal shadow over one side and a vignette (multiply),
 *   a warm or cool cast and a gamma, a slight motion blur, noise, a JPEG at quality 82 shrunk by
 *   7% and re-encoded at 68, no resolution in the file; page 2 upside down, page 9 sideways
 *   (a landscape page held in portrait).
 *
 *   npx tsx scripts/make-other-scans.ts --profile phone [--dpi 240] [--pages 1,2] [--variant N]
 *
 * Needs `pdftoppm` and ImageMagick 6 or 7 (`magick`, `convert-im6.q16` or `convert`).
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	renameSync,
	rmSync,
	writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { openPdf } from "../parsers/pdf/load.ts";
import { prng } from "./prng.ts";
import type { Profile } from "./scan-profiles.ts";

const root = fileURLToPath(new URL("../", import.meta.url));
const CACHE = join(root, "fixtures/scan/.cache");
const GOLD_PDF = join(root, "fixtures/pdf/gold/input.pdf");

/** Bump when a profile's damage changes: cached pages are then made again. */
const VERSION = 1;

/** The resolution each profile scans at unless told (phone: of the page within the photo). */
export const OTHER_DPI: Readonly<Record<Profile, number>> = {
	clean: 300,
	copier: 200,
	fax: 200,
	phone: 240,
};

/** Quarter turns clockwise of the pages fed or photographed the wrong way, by profile and page. */
export const OTHER_TURNED: Readonly<
	Record<Profile, Readonly<Record<number, number>>>
> = {
	clean: {},
	copier: { 4: 2, 11: 2 },
	fax: { 7: 2 },
	phone: { 2: 2, 9: 1 },
};

const EXT: Record<Profile, string> = {
	clean: "png",
	copier: "jpg",
	fax: "tif",
	phone: "jpg",
};

/** The external tools, or a message naming the Debian packages that give them. */
export function otherTools(): { convert: string; pdftoppm: string } {
	const has = (bin: string) => {
		try {
			execFileSync(bin, ["-version"], { stdio: "ignore" });
			return true;
		} catch {
			return false;
		}
	};
	const convert = ["magick", "convert-im6.q16", "convert"].find(has);
	let pdftoppm = false;
	try {
		execFileSync("pdftoppm", ["-v"], { stdio: "ignore" });
		pdftoppm = true;
	} catch {}
	if (!convert || !pdftoppm)
		throw new Error(
			`scripts/make-other-scans.ts needs ${[!pdftoppm && "pdftoppm", !convert && "ImageMagick"].filter(Boolean).join(" and ")}: apt-get install -y poppler-utils imagemagick`,
		);
	return { convert, pdftoppm: "pdftoppm" };
}

/** The seeded parameters of one page (a seed of its own, not the first maker's). */
export function otherPage(
	profile: Profile,
	page: number,
	variant = 0,
): {
	seed: number;
	angle: number;
	turns: number;
	edge: number;
	/** phone: the inward pull of each corner, a fraction of the side [TLx, TLy, TRx, …] */
	pull: number[];
	rand: () => number;
} {
	// (clean and copier share their first letter: clean's seeds are moved apart)
	const seed =
		(0x9e3779b1 ^
			(page * 2654435761) ^
			(profile.charCodeAt(0) << 20) ^
			(profile === "clean" ? 0x2c1b3c6d : 0)) +
		variant * 97;
	const rand = prng(seed >>> 0);
	const max = { clean: 0.6, copier: 4, fax: 1.5, phone: 3 }[profile];
	const min = { clean: 0.2, copier: 1, fax: 0.3, phone: 0.5 }[profile];
	const angle = (rand() < 0.5 ? -1 : 1) * (min + (max - min) * rand());
	return {
		seed: seed >>> 0,
		angle,
		turns: OTHER_TURNED[profile][page] ?? 0,
		edge: Math.floor(rand() * 4),
		pull: Array.from({ length: 8 }, () => 0.04 * rand()),
		rand,
	};
}

const f2 = (v: number) => v.toFixed(2);

/**
 * A 5 × 5 convolution kernel smearing along a line of `length` pixels at `degrees` (a hand's
 * shake during the exposure), as ImageMagick's "5x5: …" kernel text.
 */
export function motionKernel(length: number, degrees: number): string {
	const k = new Float64Array(25);
	const a = (degrees * Math.PI) / 180;
	const steps = 32;
	for (let i = 0; i <= steps; i++) {
		const t = (i / steps - 0.5) * length;
		const x = Math.round(2 + t * Math.cos(a));
		const y = Math.round(2 + t * Math.sin(a));
		k[y * 5 + x] = (k[y * 5 + x] as number) + 1;
	}
	const sum = k.reduce((s, v) => s + v, 0);
	return `5x5: ${[...k].map((v) => (v / sum).toFixed(4)).join(",")}`;
}

/** ImageMagick arguments damaging `input` (a poppler PNG of the page) into `output`. */
function damageArgs(
	profile: Profile,
	input: string,
	output: string,
	p: ReturnType<typeof otherPage>,
	size: { width: number; height: number },
	dpi: number,
): string[][] {
	const { rand } = p;
	const turn = p.turns ? ["-rotate", String(90 * p.turns)] : [];
	const seed = ["-seed", String(p.seed % 100000)];
	// a gradient from `from` at the edge p.edge to `to` opposite, as big as the page
	const dir = ["West", "North", "East", "South"][p.edge] as string;
	// the page on a canvas of its own size, gray, turned by its skew about its centre
	const placed = (background: string) => [
		input,
		"-colorspace",
		"Gray",
		"-background",
		background,
		"-rotate",
		f2(p.angle),
		"-gravity",
		"center",
		"-extent",
		`${size.width}x${size.height}`,
		"+repage",
	];
	switch (profile) {
		case "clean":
			return [
				[
					...placed("white"),
					...turn,
					"-units",
					"PixelsPerInch",
					"-density",
					String(dpi),
					"-depth",
					"8",
					`png:${output}`,
				],
			];
		case "copier": {
			const mid = `${output}.1.jpg`;
			return [
				[
					...placed("gray(96%)"),
					// the paper darker towards one edge…
					"(",
					"-size",
					`${size.width}x${size.height}`,
					"-define",
					`gradient:direction=${dir}`,
					`gradient:gray(${88 + Math.floor(6 * rand())}%)-gray(100%)`,
					")",
					"-compose",
					"Multiply",
					"-composite",
					// …and the ink lighter there (screen lifts the dark end)
					"(",
					"-size",
					`${size.width}x${size.height}`,
					"-define",
					`gradient:direction=${dir}`,
					`gradient:gray(${18 + Math.floor(10 * rand())}%)-gray(0%)`,
					")",
					"-compose",
					"Screen",
					"-composite",
					"-blur",
					`0x${f2(0.5 + 0.3 * rand())}`,
					...seed,
					"-attenuate",
					f2(0.4 + 0.3 * rand()),
					"+noise",
					"Gaussian",
					"-colorspace",
					"Gray",
					...turn,
					"-quality",
					"55",
					`jpg:${mid}`,
				],
				[
					mid,
					"-units",
					"PixelsPerInch",
					"-density",
					String(dpi),
					"-quality",
					"60",
					`jpg:${output}`,
				],
			];
		}
		case "fax":
			return [
				[
					...placed("white"),
					"-blur",
					"0x0.5",
					...seed,
					"-spread",
					"0.5",
					"-threshold",
					"55%",
					"-attenuate",
					"0.01",
					"+noise",
					"Impulse",
					"-threshold",
					"50%",
					...turn,
					"-type",
					"Bilevel",
					"-units",
					"PixelsPerInch",
					"-density",
					String(dpi),
					"-compress",
					"Group4",
					`tiff:${output}`,
				],
			];
		case "phone": {
			const page =
				p.turns % 2
					? { w: size.height, h: size.width }
					: { w: size.width, h: size.height };
			const W = Math.round(page.w * 1.14);
			const H = Math.round(Math.max(page.h * 1.16, (W * 3) / 4));
			const cx = W / 2;
			const cy = H / 2;
			const a = (p.angle * Math.PI) / 180;
			const src = [
				[0, 0],
				[page.w, 0],
				[page.w, page.h],
				[0, page.h],
			] as const;
			const dst = src.map(([x, y], i) => {
				const px = x - page.w / 2;
				const py = y - page.h / 2;
				const qx = px - Math.sign(px) * (p.pull[2 * i] as number) * page.w;
				const qy = py - Math.sign(py) * (p.pull[2 * i + 1] as number) * page.h;
				return [
					cx + qx * Math.cos(a) - qy * Math.sin(a),
					cy + qx * Math.sin(a) + qy * Math.cos(a),
				];
			});
			// the page is first centred in the frame: shift the source corners by the margin
			const ox = (W - page.w) / 2;
			const oy = (H - page.h) / 2;
			const pairs = src
				.map(
					([x, y], i) =>
						`${f2(x + ox)},${f2(y + oy)} ${f2((dst[i] as number[])[0] as number)},${f2((dst[i] as number[])[1] as number)}`,
				)
				.join("  ");
			// a soft shadow (a hand, the phone) over one side: a polygon from that edge, blurred
			const depth = 0.25 + 0.2 * rand();
			const shadow =
				p.edge === 0
					? [
							[0, 0],
							[W * depth, 0],
							[W * (depth + 0.1), H],
							[0, H],
						]
					: p.edge === 1
						? [
								[0, 0],
								[W, 0],
								[W, H * (depth + 0.1)],
								[0, H * depth],
							]
						: p.edge === 2
							? [
									[W, 0],
									[W * (1 - depth - 0.1), 0],
									[W * (1 - depth), H],
									[W, H],
								]
							: [
									[0, H],
									[W, H],
									[W, H * (1 - depth)],
									[0, H * (1 - depth - 0.1)],
								];
			const warm = rand() < 0.6;
			const mid = `${output}.1.jpg`;
			return [
				[
					"(",
					"-size",
					`${Math.round(W / 5)}x${Math.round(H / 5)}`,
					...seed,
					"plasma:#7a5536-#4a3322",
					"-modulate",
					"100,45",
					"-resize",
					`${W}x${H}!`,
					")",
					"(",
					input,
					...turn,
					"-alpha",
					"set",
					"-background",
					"none",
					"-gravity",
					"center",
					"-extent",
					`${W}x${H}`,
					"+gravity",
					"-virtual-pixel",
					"transparent",
					"-distort",
					"Perspective",
					pairs,
					")",
					"-compose",
					"Over",
					"-composite",
					"(",
					"-size",
					`${Math.round(W / 10)}x${Math.round(H / 10)}`,
					"xc:white",
					"-fill",
					`gray(${60 + Math.floor(12 * rand())}%)`,
					"-draw",
					`polygon ${shadow.map(([x, y]) => `${f2((x as number) / 10)},${f2((y as number) / 10)}`).join(" ")}`,
					"-blur",
					`0x${Math.round(W / 250)}`,
					"-resize",
					`${W}x${H}!`,
					")",
					"-compose",
					"Multiply",
					"-composite",
					"(",
					"-size",
					`${W}x${H}`,
					"radial-gradient:white-gray(78%)",
					")",
					"-compose",
					"Multiply",
					"-composite",
					"-channel",
					"R",
					"-evaluate",
					"multiply",
					warm ? "1.0" : "0.9",
					"-channel",
					"B",
					"-evaluate",
					"multiply",
					warm ? f2(0.8 + 0.06 * rand()) : "1.0",
					"+channel",
					"-gamma",
					f2(0.85 + 0.25 * rand()),
					"-morphology",
					"Convolve",
					motionKernel(1 + 1.5 * rand(), 180 * rand()),
					"-attenuate",
					"0.3",
					"+noise",
					"Gaussian",
					"-quality",
					"82",
					`jpg:${mid}`,
				],
				[mid, "-resize", "93%", "-strip", "-quality", "68", `jpg:${output}`],
			];
		}
	}
}

export interface OtherScans {
	profile: Profile;
	dpi: number;
	pages: number[];
	/** One file per page, in page order. */
	files: string[];
}

/** Scans of `source` (default the gold report's PDF) made the other way, if missing or stale. */
export async function otherScans(options: {
	profile: Profile;
	dpi?: number;
	pages?: readonly number[];
	variant?: number;
	source?: string;
	dir?: string;
	log?: (line: string) => void;
}): Promise<OtherScans> {
	const { profile } = options;
	const dpi = options.dpi ?? OTHER_DPI[profile];
	const variant = options.variant ?? 0;
	const source = options.source ?? GOLD_PDF;
	const dir = options.dir ?? CACHE;
	const log = options.log ?? (() => {});
	const bytes = readFileSync(source);
	const key = createHash("sha256")
		.update(bytes)
		.update(JSON.stringify({ VERSION, profile, dpi, variant }))
		.digest("hex")
		.slice(0, 16);
	const pdf = await openPdf(bytes, source);
	const count = pdf.numPages;
	await pdf.close();
	const pages = options.pages
		? [...options.pages]
		: Array.from({ length: count }, (_, i) => i + 1);
	const stem = source === GOLD_PDF ? "gold" : `doc-${key.slice(0, 8)}`;
	const folder = join(
		dir,
		`other-${stem}-${profile}-${dpi}${variant ? `-v${variant}` : ""}`,
	);
	mkdirSync(folder, { recursive: true });
	const files = pages.map((n) =>
		join(folder, `page-${String(n).padStart(2, "0")}.${EXT[profile]}`),
	);
	const stamp = (file: string) => `${file}.key`;
	const missing = pages.filter((_, i) => {
		const f = files[i] as string;
		return (
			!existsSync(f) ||
			!existsSync(stamp(f)) ||
			readFileSync(stamp(f), "utf8") !== key
		);
	});
	if (missing.length === 0) return { profile, dpi, pages, files };
	const tools = otherTools();
	const tmp = mkdtempSync(join(tmpdir(), "tailan-other-"));
	try {
		for (const n of missing) {
			log(`page ${n}: ${profile} at ${dpi} dpi (poppler + ImageMagick)`);
			const raster = join(tmp, `r-${n}`);
			execFileSync(tools.pdftoppm, [
				"-r",
				String(dpi),
				"-f",
				String(n),
				"-l",
				String(n),
				"-singlefile",
				...(profile === "phone" ? [] : ["-gray"]),
				"-png",
				source,
				raster,
			]);
			const png = `${raster}.png`;
			const head = readFileSync(png);
			const size = {
				width: head.readUInt32BE(16),
				height: head.readUInt32BE(20),
			};
			const file = files[pages.indexOf(n)] as string;
			const out = join(tmp, `o-${n}.${EXT[profile]}`);
			for (const args of damageArgs(
				profile,
				png,
				out,
				otherPage(profile, n, variant),
				size,
				dpi,
			))
				execFileSync(tools.convert, args, {
					stdio: ["ignore", "ignore", "pipe"],
				});
			writeFileSync(`${file}.tmp`, readFileSync(out));
			renameSync(`${file}.tmp`, file);
			writeFileSync(stamp(file), key);
		}
	} finally {
		rmSync(tmp, { recursive: true, force: true });
	}
	return { profile, dpi, pages, files };
}

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			profile: { type: "string", default: "phone" },
			dpi: { type: "string" },
			pages: { type: "string" },
			variant: { type: "string" },
		},
	});
	const t0 = performance.now();
	const out = await otherScans({
		profile: values.profile as Profile,
		...(values.dpi ? { dpi: Number(values.dpi) } : {}),
		...(values.pages ? { pages: values.pages.split(",").map(Number) } : {}),
		...(values.variant ? { variant: Number(values.variant) } : {}),
		log: (line) => console.log(line),
	});
	console.log(
		`${out.files.length} ${out.profile} pages at ${out.dpi} dpi in ${join(out.files[0] ?? "", "..")} (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
	);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1])
	await main();
