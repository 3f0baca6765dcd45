/**
 * The scans made another way (poppler and ImageMagick) are what docs/scan-renderings.md says:
 * a fax page is a real 1-bit CCITT Group 4 TIFF at its resolution, turned as listed; a phone
 * photo is a colour JPEG with no resolution, larger than the page (a desk around it); the same
 * page made twice has the same pixels, and a made page is not made again. (Low resolution here to
 * stay quick.)
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { imagePages } from "../parsers/image/raster.ts";
import { OTHER_TURNED, otherScans } from "./make-other-scans.ts";

const dirs: string[] = [];
const fresh = () => {
	const d = mkdtempSync(join(tmpdir(), "tailan-other-scans-"));
	dirs.push(d);
	return d;
};
afterAll(() => {
	for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** The value of a TIFF tag of the first directory (little-endian, SHORT or LONG). */
function tiffTag(bytes: Uint8Array, tag: number): number | undefined {
	const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const le = bytes[0] === 0x49;
	const ifd = v.getUint32(4, le);
	const n = v.getUint16(ifd, le);
	for (let k = 0; k < n; k++) {
		const at = ifd + 2 + 12 * k;
		if (v.getUint16(at, le) !== tag) continue;
		return v.getUint16(at + 2, le) === 3
			? v.getUint16(at + 8, le)
			: v.getUint32(at + 8, le);
	}
	return undefined;
}

async function firstPage(file: string) {
	for await (const p of imagePages(new Uint8Array(readFileSync(file)), file))
		return p.image;
	throw new Error(`no page in ${file}`);
}

describe("otherScans", () => {
	it("should write a fax page as a 1-bit Group 4 TIFF at its resolution, the same pixels twice, and not make it again", async () => {
		const [a, b] = [fresh(), fresh()];
		expect(OTHER_TURNED.fax[7]).toBe(2);
		const one = await otherScans({
			profile: "fax",
			dpi: 60,
			pages: [7],
			dir: a,
		});
		const file = one.files[0] as string;
		const bytes = new Uint8Array(readFileSync(file));
		expect(tiffTag(bytes, 259)).toBe(4); // Compression: CCITT T.6 (Group 4)
		expect(tiffTag(bytes, 258)).toBe(1); // BitsPerSample
		const page = await firstPage(file);
		expect(page.dpi).toBe(60);
		// an A4 landscape page at 60 dpi
		expect(Math.abs(page.width - 702)).toBeLessThanOrEqual(2);
		expect(Math.abs(page.height - 496)).toBeLessThanOrEqual(2);
		expect(page.data.every((v) => v === 0 || v === 255)).toBe(true);
		const before = statSync(file).mtimeMs;
		await otherScans({ profile: "fax", dpi: 60, pages: [7], dir: a });
		expect(statSync(file).mtimeMs).toBe(before);
		const two = await otherScans({
			profile: "fax",
			dpi: 60,
			pages: [7],
			dir: b,
		});
		expect(Buffer.from((await firstPage(two.files[0] as string)).data)).toEqual(
			Buffer.from(page.data),
		);
	}, 120_000);

	it("should photograph a page as a colour JPEG with no resolution, the page on a larger desk", async () => {
		const out = await otherScans({
			profile: "phone",
			dpi: 50,
			pages: [1],
			dir: fresh(),
		});
		const bytes = new Uint8Array(readFileSync(out.files[0] as string));
		expect([bytes[0], bytes[1]]).toEqual([0xff, 0xd8]);
		// no JFIF density in dots per inch (units 1) or per cm (units 2)
		const jfif = Buffer.from(bytes).indexOf("JFIF\0");
		if (jfif >= 0) expect(bytes[jfif + 7]).toBe(0);
		const page = await firstPage(out.files[0] as string);
		// the A4 landscape page at 50 dpi is 585 × 413; the photo is larger (×1.14, then 93%)
		expect(page.width).toBeGreaterThan(600);
		// the desk is darker than the paper at the middle
		const at = (x: number, y: number) =>
			page.data[y * page.width + x] as number;
		expect(at(2, 2)).toBeLessThan(at(page.width >> 1, page.height >> 2) - 40);
	}, 120_000);
});
