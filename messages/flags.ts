/** Catalogue section: flags. Keys are "flags.<name>"; see messages/index.ts. */
import type { Message } from "./message.ts";

export const flags = {
	"flags.title": { mn: "Тэмдэглэгээ", en: "Flags" },
} satisfies Record<`flags.${string}`, Message>;
