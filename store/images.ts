/**
 * Page images of scanned reports and text PDFs (migration 006): stored with the document on import, read by the
 * review step to show the pixels under a flagged value.
 */

import type { PageImage } from "../pipeline/document.ts";
import { type Connected, databaseOf } from "./connection.ts";
import type { Handle } from "./handle.ts";

/** The page images of a document (a re-import of known bytes replaces them). */
export function savePageImages(
	db: Handle,
	documentId: number,
	images: readonly PageImage[] | undefined,
): void {
	if (!images || images.length === 0) return;
	const insert = db.prepare(
		`INSERT INTO page_images (document_id, page, source_width, source_height, source_dpi, width, height, mime, bytes)
		VALUES (@document_id, @page, @source_width, @source_height, @source_dpi, @width, @height, @mime, @bytes)
		ON CONFLICT (document_id, page) DO UPDATE SET source_width = excluded.source_width,
			source_height = excluded.source_height, source_dpi = excluded.source_dpi, width = excluded.width,
			height = excluded.height, mime = excluded.mime, bytes = excluded.bytes`,
	);
	for (const image of images)
		insert.run({
			document_id: documentId,
			page: image.page,
			source_width: image.sourceWidth,
			source_height: image.sourceHeight,
			source_dpi: image.sourceDpi,
			width: image.width,
			height: image.height,
			mime: image.mime,
			bytes: Buffer.from(
				image.bytes.buffer,
				image.bytes.byteOffset,
				image.bytes.byteLength,
			),
		});
}

interface PageImageRow {
	page: number;
	source_width: number;
	source_height: number;
	source_dpi: number;
	width: number;
	height: number;
	mime: string;
}

/** Sizes of the page images of a report's current document, by page (empty unless a scan). */
export function pageImageSizes(
	store: Connected,
	reportId: number,
): Map<number, { sourceWidth: number; sourceHeight: number }> {
	const rows = databaseOf(store)
		.prepare<{ id: number }, PageImageRow>(
			`SELECT p.page, p.source_width, p.source_height, p.source_dpi, p.width, p.height, p.mime
			FROM reports r JOIN page_images p ON p.document_id = r.document_id WHERE r.id = @id`,
		)
		.all({ id: reportId });
	return new Map(
		rows.map((r) => [
			r.page,
			{ sourceWidth: r.source_width, sourceHeight: r.source_height },
		]),
	);
}

/** One page image of a report's current document, or undefined. */
export function pageImage(
	store: Connected,
	reportId: number,
	page: number,
): { mime: string; bytes: Uint8Array } | undefined {
	const row = databaseOf(store)
		.prepare<{ id: number; page: number }, { mime: string; bytes: Buffer }>(
			`SELECT p.mime, p.bytes FROM reports r JOIN page_images p ON p.document_id = r.document_id
			WHERE r.id = @id AND p.page = @page`,
		)
		.get({ id: reportId, page });
	return row ? { mime: row.mime, bytes: new Uint8Array(row.bytes) } : undefined;
}
