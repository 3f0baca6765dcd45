/**
 * The image format of a file by its signature: kept apart from the decoders (raster.ts loads the
 * canvas and UTIF) so that choosing a parser loads nothing heavy.
 */
export type ImageKind = "png" | "jpeg" | "tiff";

const startsWith = (b: Uint8Array, sig: readonly number[]) =>
	sig.every((x, i) => b[i] === x);

/** The image format of these bytes by their signature, or null. */
export function sniffImage(bytes: Uint8Array): ImageKind | null {
	if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
		return "png";
	if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "jpeg";
	if (
		startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) ||
		startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])
	)
		return "tiff";
	return null;
}
