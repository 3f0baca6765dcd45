/** Catalogue section: me. Keys are "me.<name>"; see messages/index.ts. */
import type { Message } from "./message.ts";

export const me = {
	"me.title": {
		mn: "Хяналт-шинжилгээ, үнэлгээ",
		en: "Monitoring and evaluation",
	},
} satisfies Record<`me.${string}`, Message>;
