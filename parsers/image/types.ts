/**
 * Shared types of the scanned-report parser (parsers/image): a page raster, and the OCR engine
 * contract between the table reader (grid.ts, index.ts) and the tesseract.js pool (ocr.ts).
 */

/** An 8-bit grayscale raster, row-major, 0 = black, 255 = white. */
export interface GrayImage {
	width: number;
	height: number;
	data: Uint8Array;
	/** Resolution the page was scanned or rendered at (dots per inch); 300 when unknown. */
	dpi: number;
}

/** [x0, y0, x1, y1] in image pixels, x1/y1 exclusive. */
export type Box = [number, number, number, number];

/**
 * Language order: the first is tesseract's primary language ("mon" alone: for measuring, see
 * scripts/profile-scan.ts --levers).
 */
export type OcrLangs = "mon+eng" | "eng+mon" | "mon";

export interface OcrRequest {
	image: GrayImage;
	/** Region to read (default: the whole image). Words' boxes are in the image's coordinates. */
	rect?: Box;
	langs: OcrLangs;
	/** Page segmentation mode: 6 = a block of text, 7 = a single line, 4 = a column of lines. */
	psm: 4 | 6 | 7 | 8 | 13;
	/**
	 * Only these characters may be read (tesseract's tessedit_char_whitelist), for a constrained
	 * second reading of a typed cell ("0123456789%.,-"); default: any.
	 */
	whitelist?: string;
	/**
	 * Horizontal scale the region is read at, 0.5–1 (default 1): narrower costs less OCR time
	 * (parsers/image/ocr.ts). The words' boxes come back in the image's own pixels.
	 */
	squeeze?: number;
}

export interface OcrWord {
	text: string;
	/** 0..100 */
	confidence: number;
	bbox: Box;
}

export interface OcrResult {
	/** Recognised text, lines joined by "\n" (paragraphs by "\n\n"), trailing whitespace trimmed. */
	text: string;
	/** Mean word confidence 0..100 (100 when there are no words). */
	confidence: number;
	words: OcrWord[];
}

export interface OcrEngine {
	recognize(request: OcrRequest): Promise<OcrResult>;
	/** Terminates the workers. */
	close(): Promise<void>;
}
