/**
 * The scan fixtures are deterministic and cached: the same page scanned twice gives the same
 * bytes, a second call rewrites nothing, and each page is turned by its own small seeded angle.
 * (Low resolution here to stay quick; the bench and the accuracy script scan at 300 and 200 dpi.)
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { imageHeaders, imagePages } from "../parsers/image/raster.ts";
import {
	degradationOf,
	profileScans,
	scanFixtures,
} from "./make-scan-fixtures.ts";
import { profilePage, TURNED } from "./scan-profiles.ts";

const dirs: string[] = [];
const fresh = () => {
	const d = mkdtempSync(join(tmpdir(), "tailan-scan-fixtures-"));
	dirs.push(d);
	return d;
};
afterAll(() => {
	for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("scanFixtures", () => {
	it("should scan the same page to the same bytes, and not again when cached", async () => {
		const [a, b] = [fresh(), fresh()];
		const first = await scanFixtures({
			dir: a,
			dpis: [60],
			pages: [2],
			formats: ["tiff"],
		});
		const png = first.sets[0]?.png[0] as string;
		const before = statSync(png).mtimeMs;
		const again = await scanFixtures({
			dir: a,
			dpis: [60],
			pages: [2],
			formats: ["tiff"],
		});
		expect(again).toEqual(first);
		expect(statSync(png).mtimeMs).toBe(before);
		const other = await scanFixtures({ dir: b, dpis: [60], pages: [2] });
		expect(readFileSync(other.sets[0]?.png[0] as string)).toEqual(
			readFileSync(png),
		);
		// an A4 landscape page at 60 dpi, its resolution written into the PNG
		expect(imageHeaders(readFileSync(png), png)).toEqual([
			{ width: 702, height: 496, dpi: 60 },
		]);
		// the TIFF holds the same pixels as the PNG
		const fromTiff = [];
		for await (const p of imagePages(
			readFileSync(first.tiff as string),
			"t.tif",
		))
			fromTiff.push(p.image);
		const fromPng = [];
		for await (const p of imagePages(readFileSync(png), png))
			fromPng.push(p.image);
		expect(fromTiff).toHaveLength(1);
		expect(Buffer.from(fromTiff[0]?.data ?? [])).toEqual(
			Buffer.from(fromPng[0]?.data ?? []),
		);
	});

	it("should turn each page by its own seeded angle of 0.2–0.7° either way", () => {
		const angles = Array.from(
			{ length: 17 },
			(_, i) => degradationOf(i + 1, 300).angle,
		);
		for (const a of angles) {
			expect(Math.abs(a)).toBeGreaterThanOrEqual(0.2);
			expect(Math.abs(a)).toBeLessThanOrEqual(0.7);
		}
		expect(new Set(angles.map((a) => a.toFixed(6))).size).toBe(17);
		expect(angles.some((a) => a < 0) && angles.some((a) => a > 0)).toBe(true);
		expect(degradationOf(5, 300)).toEqual(degradationOf(5, 300));
		expect(degradationOf(5, 200).angle).not.toBe(degradationOf(5, 300).angle);
	});

	it("should write each archive profile's pages the same way twice: copier JPEG with pages fed sideways, fax 1-bit TIFF, phone colour JPEG with no resolution", async () => {
		const [a, b] = [fresh(), fresh()];
		const copier = await profileScans({
			profile: "copier",
			dpi: 60,
			pages: [1, 5],
			dir: a,
		});
		expect(copier.files.map((f) => f.slice(a.length))).toEqual([
			"/gold-copier-60/page-01.jpg",
			"/gold-copier-60/page-05.jpg",
		]);
		const again = await profileScans({
			profile: "copier",
			dpi: 60,
			pages: [1, 5],
			dir: b,
		});
		expect(readFileSync(again.files[1] as string)).toEqual(
			readFileSync(copier.files[1] as string),
		);
		// page 5 was fed a quarter turn: portrait; page 1 landscape, both at 60 dpi
		expect(TURNED.copier[5]).toBe(1);
		expect(
			imageHeaders(readFileSync(copier.files[0] as string), "1.jpg"),
		).toEqual([{ width: 702, height: 496, dpi: 60 }]);
		expect(
			imageHeaders(readFileSync(copier.files[1] as string), "5.jpg"),
		).toEqual([{ width: 496, height: 702, dpi: 60 }]);
		const fax = await profileScans({
			profile: "fax",
			dpi: 60,
			pages: [3],
			dir: a,
		});
		const faxPages = [];
		for await (const p of imagePages(
			readFileSync(fax.files[0] as string),
			"3.tif",
		))
			faxPages.push(p.image);
		expect(faxPages).toHaveLength(1);
		expect(faxPages[0]?.data.every((v) => v === 0 || v === 255)).toBe(true);
		const phone = await profileScans({
			profile: "phone",
			dpi: 60,
			pages: [1],
			dir: a,
		});
		// the page within a larger photo; a phone states no resolution (the reader's default)
		const [header] = imageHeaders(
			readFileSync(phone.files[0] as string),
			"1.jpg",
		);
		expect(header?.width).toBe(Math.round(702 * 1.12));
		expect(header?.dpi).toBe(300);
		// each page's skew within its profile's bound, seeded
		for (let page = 1; page <= 17; page++) {
			expect(
				Math.abs(profilePage("copier", page, 200).angle),
			).toBeLessThanOrEqual(5);
			expect(
				Math.abs(profilePage("phone", page, 200).angle),
			).toBeLessThanOrEqual(3);
			expect(
				Math.max(...profilePage("phone", page, 200).pull),
			).toBeLessThanOrEqual(0.04);
		}
	});
});
