import { loadImage } from "@napi-rs/canvas";
import { expect, it } from "vitest";
import { pagePreview } from "./preview.ts";
import type { GrayImage } from "./types.ts";

/** A 300-dpi page with a black bar at a known place. */
function page(): GrayImage {
	const width = 1200;
	const height = 900;
	const data = new Uint8Array(width * height).fill(255);
	for (let y = 300; y < 360; y++)
		for (let x = 600; x < 900; x++) data[y * width + x] = 0;
	return { width, height, data, dpi: 300 };
}

it("should reduce a page to a JPEG at the preview resolution, keeping where things are", async () => {
	const preview = pagePreview(page(), 3);
	expect(preview).toMatchObject({
		page: 3,
		sourceWidth: 1200,
		sourceHeight: 900,
		sourceDpi: 300,
		width: 600,
		height: 450,
		mime: "image/jpeg",
	});
	expect([...preview.bytes.slice(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
	const img = await loadImage(Buffer.from(preview.bytes));
	expect([img.width, img.height]).toEqual([600, 450]);
	const { createCanvas } = await import("@napi-rs/canvas");
	const canvas = createCanvas(img.width, img.height);
	const ctx = canvas.getContext("2d");
	ctx.drawImage(img, 0, 0);
	const at = (x: number, y: number) => ctx.getImageData(x, y, 1, 1).data[0];
	// The bar (scan 600..900 × 300..360) is at half the coordinates in the preview.
	expect(at(375, 165)).toBeLessThan(40);
	expect(at(100, 100)).toBeGreaterThan(215);
	expect(at(375, 200)).toBeGreaterThan(215);
});

it("should never enlarge a scan below the preview resolution", () => {
	const low = { ...page(), dpi: 100 };
	expect(pagePreview(low, 1)).toMatchObject({ width: 1200, height: 900 });
});
