/** Catalogue section: evidence. Keys are "evidence.<name>"; see messages/index.ts. */
import type { Message } from "./message.ts";

export const evidence = {
	"evidence.title": { mn: "Нотолгоо", en: "Evidence" },
} satisfies Record<`evidence.${string}`, Message>;
