/** Catalogue section: evidence. Keys are "evidence.<name>"; see messages/index.ts. */
import type { Message } from "./message.ts";

export const evidence = {
	"evidence.title": { mn: "Нотолгоо", en: "Evidence" },
	"evidence.page": { mn: "{page}-р хуудас", en: "page {page}" },
	"evidence.pageImage": {
		mn: "{page}-р хуудасны зураг, утгын хүрээ тэмдэглэсэн",
		en: "page {page} with the value's box drawn on it",
	},
	"evidence.zoomIn": { mn: "Томруулах (+)", en: "Zoom in (+)" },
	"evidence.zoomOut": { mn: "Жижигрүүлэх (−)", en: "Zoom out (−)" },
	"evidence.wholePage": { mn: "Бүтэн хуудас (0)", en: "Whole page (0)" },
	"evidence.legend": { mn: "Итгэлцүүр:", en: "Confidence:" },
	"evidence.confExact": {
		mn: "текстийн давхарга (яг)",
		en: "text layer (exact)",
	},
	"evidence.confHigh": { mn: "өндөр (≥ 90)", en: "high (≥ 90)" },
	"evidence.confMid": { mn: "дунд (70–89)", en: "medium (70–89)" },
	"evidence.confLow": { mn: "бага (< 70)", en: "low (< 70)" },
	"evidence.word": {
		mn: "«{word}» — итгэлцүүр {confidence}",
		en: "“{word}” — confidence {confidence}",
	},
	"evidence.source": {
		mn: "Эх файлын текст, {page}-р хуудас",
		en: "Source text, page {page}",
	},
	"evidence.row": {
		mn: "Word файлын {page}-р хуудасны хүснэгтийн мөр",
		en: "Table row on page {page} of the Word file",
	},
	"evidence.none": {
		mn: "{page}-р хуудас: энэ утгын байрлал хадгалагдаагүй",
		en: "page {page}: where this value sits was not kept",
	},
	"evidence.lookalikes": {
		mn: "Кирилл үгэн доторх латин үсэг:",
		en: "Latin letters inside Cyrillic words:",
	},
	"evidence.fixLookalikes": {
		mn: "Кирилл болгох (l)",
		en: "Make them Cyrillic (l)",
	},
	"evidence.fixReason": {
		mn: "Латин үсгийг кирилл болгов",
		en: "Latin look-alike letters made Cyrillic",
	},
} satisfies Record<`evidence.${string}`, Message>;
