/**
 * A printed dash in a cell of our own kind of fax (a bilevel page whose strokes are whole, so not
 * smoothed: prepare.ts), found by its shape and place where grid.ts cellInk gives up. On such a
 * page a budget's "-" comes out 4–7 × 2–3 pixels at 200 dpi, and the cell around it holds the
 * fax's specks — up to dozens in a tall row, some in pairs that survive the lone-speck filter, one
 * as large as 3 × 4 — so cellInk (one dash and at most four crumbs) calls the cell ink, the OCR
 * reads nothing in it, and the budget is stored "?" (flagged); or the dash is worn to 4 × 3 and
 * taken for one more speck, the cell empty (stored "" for a printed "-", unflagged).
 *
 * The rule: every blob of the cell is a speck (at most four specks' area, 12 pixels at 200 dpi,
 * and 1/30 inch each way: the fax's specks in clusters come 6 × 4) but one, or none;
 * the dash is that one, or else the topmost blob that is wider than tall, and it lies where the
 * cell's value begins — its top within 1/8 inch of the cell's inner top (the first line), its
 * left within 1/10 inch of the inner left — and is flat (at most 0.03 inch tall, 1/50–0.16 inch
 * long, wider than tall). Specks elsewhere in the cell are noise. A speck at the value's place
 * that happens to be flat is the one error the place cannot rule out; on a budget that is "-"
 * for "" (no amount either way).
 */
import { type Blob, blobs, type InkImage, speckArea } from "./grid.ts";
import type { Box } from "./types.ts";

/** The box of a printed dash at the value's place of a cell holding only it and specks. */
export function faxDash(
	ink: InkImage,
	inner: Box,
	dpi: number,
): Box | undefined {
	const found = blobs(ink, inner, speckArea(dpi));
	if (found.length === 0) return undefined;
	const side = dpi / 30;
	const speck = (b: Blob) =>
		b.area <= 4 * speckArea(dpi) &&
		b.box[2] - b.box[0] <= side &&
		b.box[3] - b.box[1] <= side;
	const flat = (b: Blob) => {
		const w = b.box[2] - b.box[0];
		const h = b.box[3] - b.box[1];
		return h <= dpi * 0.03 && w > h && w >= dpi / 50 && w <= dpi * 0.16;
	};
	const atValue = (b: Blob) =>
		b.box[1] - inner[1] <= dpi / 8 && b.box[0] - inner[0] <= dpi / 10;
	const solid = found.filter((b) => !speck(b));
	if (solid.length > 1) return undefined;
	const dash =
		solid[0] ??
		found
			.filter((b) => flat(b) && atValue(b))
			.sort((a, b) => a.box[1] - b.box[1])[0];
	if (!dash || !flat(dash) || !atValue(dash)) return undefined;
	return dash.box;
}
