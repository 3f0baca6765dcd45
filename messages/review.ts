/** Catalogue section: review. Keys are "review.<name>"; see messages/index.ts. */
import type { Message } from "./message.ts";

export const review = {
	"review.title": { mn: "Хяналт", en: "Review" },
} satisfies Record<`review.${string}`, Message>;
