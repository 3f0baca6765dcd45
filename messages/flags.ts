/**
 * Catalogue section: flags. Keys are "flags.<name>"; see messages/index.ts. A flag is stored
 * with its English message (the CLI and the flags sheet show that); the review app renders it
 * from the flag's kind and evidence with these messages (messages/flag-text.ts). Document text
 * (a paragraph, a token, a raw cell) is a placeholder, never part of a message.
 */
import type { Message } from "./message.ts";

export const flags = {
	"flags.title": { mn: "Тэмдэглэгээ", en: "Flags" },

	// Kinds, as the queue's filter and the flag lists name them.
	"flags.kind.ambiguous-number": {
		mn: "Тоо хоёрдмол утгатай",
		en: "Ambiguous number",
	},
	"flags.kind.percent-over-100": {
		mn: "100-аас их хувь",
		en: "Percent above 100",
	},
	"flags.kind.level-ambiguous": {
		mn: "Түвшин тодорхойгүй",
		en: "Level ambiguous",
	},
	"flags.kind.level-not-on-scale": {
		mn: "Түвшин хуваарьт нийцэхгүй",
		en: "Level not on the scale",
	},
	"flags.kind.level-missing": {
		mn: "Түвшин алга",
		en: "Level missing",
	},
	"flags.kind.mixed-script": {
		mn: "Латин, кирилл холилдсон",
		en: "Mixed scripts",
	},
	"flags.kind.invalid-record": {
		mn: "Бичлэг буруу",
		en: "Invalid record",
	},
	"flags.kind.ocr-low-confidence": {
		mn: "Скан танилт эргэлзээтэй",
		en: "OCR unsure",
	},
	"flags.kind.ocr-repaired": {
		mn: "Скан танилтыг засварласан",
		en: "OCR repaired",
	},
	"flags.kind.ocr-readings-differ": {
		mn: "Хоёр уншлага зөрсөн",
		en: "OCR readings differ",
	},
	"flags.kind.ocr-mark-over-value": {
		mn: "Утга дээр тамга, зураас",
		en: "Mark over the value",
	},
	"flags.kind.ocr-not-a-value": {
		mn: "Тоо биш",
		en: "Not a number",
	},
	"flags.kind.ocr-unit-unread": {
		mn: "Нэгж уншигдаагүй",
		en: "Unit not read",
	},
	"flags.kind.ocr-budget-scale": {
		mn: "Төсөв эргэлзээтэй",
		en: "Budget doubtful",
	},
	"flags.kind.ocr-value-with-words": {
		mn: "Утгад үг орсон",
		en: "Words in a value",
	},
	"flags.kind.ocr-year-unlikely": {
		mn: "Он эргэлзээтэй",
		en: "Year unlikely",
	},
	"flags.kind.ocr-latin-as-cyrillic": {
		mn: "Латин үг кириллээр",
		en: "Latin word in Cyrillic",
	},
	"flags.kind.ocr-stray-letter": {
		mn: "Ганц үсэг",
		en: "Stray letter",
	},
	"flags.kind.ocr-stop-as-comma": {
		mn: "Цэг таслал болсон",
		en: "Full stop read as comma",
	},
	"flags.kind.ocr-word-broken": {
		mn: "Үг тасарсан",
		en: "Word read apart",
	},
	"flags.kind.ocr-stray-mark": {
		mn: "Илүү тэмдэг",
		en: "Stray mark",
	},
	"flags.kind.ocr-lookalike": {
		mn: "Адил төстэй үсэг",
		en: "Look-alike letters",
	},
	"flags.kind.summary-missing": {
		mn: "Товчоо алга",
		en: "Summary missing",
	},
	"flags.kind.summary-item-count": {
		mn: "Товчооны тоо зөрсөн",
		en: "Summary item count",
	},
	"flags.kind.summary-level-count": {
		mn: "Товчооны түвшний тоо зөрсөн",
		en: "Summary level count",
	},
	"flags.kind.summary-completion": {
		mn: "Товчооны биелэлт зөрсөн",
		en: "Summary completion",
	},
	"flags.kind.evaluation-missing": {
		mn: "Үнэлгээний хуудас алга",
		en: "Evaluation missing",
	},
	"flags.kind.evaluation-completion": {
		mn: "Үнэлгээний биелэлт зөрсөн",
		en: "Evaluation completion",
	},
	"flags.kind.evaluation-plan-score": {
		mn: "Төлөвлөгөөний оноо зөрсөн",
		en: "Evaluation plan score",
	},
	"flags.kind.evaluation-total": {
		mn: "Үнэлгээний нийлбэр зөрсөн",
		en: "Evaluation total",
	},
	"flags.kind.header-unreadable": {
		mn: "Хүснэгтийн толгой уншигдаагүй",
		en: "Header unreadable",
	},
	"flags.kind.column-content-mismatch": {
		mn: "Баганын агуулга зөрсөн",
		en: "Column content mismatch",
	},
	"flags.kind.column-role-inherited": {
		mn: "Баганын хуваарийг өмнөх хуудаснаас авсан",
		en: "Column role inherited",
	},
	"flags.kind.column-note": {
		mn: "Баганын тэмдэглэл",
		en: "Column note",
	},
	"flags.kind.orphan-row": {
		mn: "Эзэнгүй мөр",
		en: "Orphan row",
	},
	"flags.kind.unmapped-cell": {
		mn: "Баганаас гадуурх нүд",
		en: "Unmapped cell",
	},
	"flags.kind.item-number-unreadable": {
		mn: "Дугаар уншигдаагүй",
		en: "Item number unreadable",
	},
	"flags.kind.narrative-moved": {
		mn: "Тайлбарын хэсэг зөөгдсөн",
		en: "Narrative moved",
	},
	"flags.kind.narrative-uncertain": {
		mn: "Тайлбарын хэсэг эргэлзээтэй",
		en: "Narrative uncertain",
	},
	"flags.kind.narrative-cut": {
		mn: "Тайлбар тасарсан",
		en: "Narrative cut",
	},
	"flags.kind.row-joined": {
		mn: "Мөр нэгтгэгдсэн",
		en: "Row joined",
	},
	"flags.kind.item-number-inferred": {
		mn: "Дугаарыг таамагласан",
		en: "Item number inferred",
	},
	"flags.kind.item-identity-unresolved": {
		mn: "Давхардсан дугаар",
		en: "Item identity unresolved",
	},
	"flags.kind.repeated-item": {
		mn: "Давтагдсан арга хэмжээ",
		en: "Repeated item",
	},
	"flags.kind.correction-orphaned": {
		mn: "Засвар хэрэглэгдээгүй",
		en: "Correction orphaned",
	},
	"flags.kind.correction-base-changed": {
		mn: "Засварын суурь өөрчлөгдсөн",
		en: "Correction base changed",
	},
	"flags.kind.incomplete-items": {
		mn: "Арга хэмжээ дутуу",
		en: "Incomplete items",
	},
	"flags.kind.items-missing": {
		mn: "Дугаарлалт тасалдсан",
		en: "Items missing",
	},
	"flags.kind.table-cut": {
		mn: "Хүснэгт тасарсан",
		en: "Table cut",
	},
	"flags.kind.end-missing": {
		mn: "Төгсгөл алга",
		en: "End missing",
	},
	"flags.kind.scan-unreliable": {
		mn: "Скан найдваргүй уншигдсан",
		en: "Scan read unreliably",
	},
	"flags.kind.item-identity": {
		mn: "Дугаар давхардсан",
		en: "Item identity",
	},
	"flags.kind.columns-unconfirmed": {
		mn: "Багана баталгаажаагүй",
		en: "Columns unconfirmed",
	},
	"flags.kind.metadata-missing": {
		mn: "Тайлангийн мэдээлэл дутуу",
		en: "Metadata missing",
	},
	"flags.kind.other": { mn: "Бусад ({kind})", en: "Other ({kind})" },

	// Messages, by kind: placeholders come from the flag's evidence.
	"flags.msg.ambiguous-budget": {
		mn: 'Төсөв "{raw}" дахь тоог хоёр янзаар уншиж болно; дүнг хоосон үлдээв.',
		en: 'Budget "{raw}" has an ambiguous number; amount left empty.',
	},
	"flags.msg.ambiguous-number": {
		mn: '"{raw}" дахь тоог хоёр янзаар уншиж болно; утгыг хоосон үлдээв.',
		en: '"{raw}" has an ambiguous number; value left empty.',
	},
	"flags.msg.percent-over-100": {
		mn: "{field} 100-аас их хувь байна ({raw}).",
		en: "{field} is a percent above 100 ({raw}).",
	},
	"flags.msg.level-ambiguous": {
		mn: '"{raw}" нь 90 ба 80-ын аль алиных нь үгийг тоогүйгээр агуулж байна; түвшин хадгалаагүй.',
		en: '"{raw}" names the words of both 90 and 80 without the number; no level is stored.',
	},
	"flags.msg.level-not-on-scale": {
		mn: 'Гүйцэтгэлийн баганад буй "{raw}" нь хэрэгжилтийн түвшин биш (100/90/80/70/30/0); тооцоогүй.',
		en: '"{raw}" in the performance column is not a level (100/90/80/70/30/0); ignored.',
	},
	"flags.msg.level-missing": {
		mn: "Энэ арга хэмжээнд хэрэгжилтийн түвшин олдсонгүй.",
		en: "No performance level was found for this item.",
	},
	"flags.msg.mixed-script": {
		mn: "{tokens} үгэнд латин, кирилл үсэг холилдсон байна (скан танилтын адил төстэй үсэг).",
		en: "Latin and Cyrillic letters mixed in {tokens} (OCR look-alikes).",
	},
	"flags.msg.invalid-record": {
		mn: "Бичлэг шалгалтыг давсангүй; талбаруудыг шалгана уу.",
		en: "Record failed validation; check the fields.",
	},
	"flags.msg.ocr-low-words": {
		mn: "Скан танилт {words} гэж уншсандаа эргэлзэж байна (итгэл {confidence}); скантай тулгаж шалгана уу.",
		en: "OCR is unsure of {words} (confidence {confidence}); check against the scan.",
	},
	"flags.msg.ocr-low-value": {
		mn: 'Скан танилт "{text}" гэж {confidence} итгэлтэй уншсан; скантай тулгаж шалгана уу.',
		en: 'OCR read "{text}" with confidence {confidence}; check against the scan.',
	},
	"flags.msg.ocr-repaired": {
		mn: "Скан танилт {raw} гэж уншсаныг засварласан; скантай тулгаж шалгана уу.",
		en: "OCR read {raw}; repaired — check against the scan.",
	},
	"flags.msg.ocr-readings-differ": {
		mn: 'Скан танилт энэ утгыг хоёр янзаар уншсан: {readings}; "{text}"-г авсан — скантай тулгаж шалгана уу.',
		en: 'OCR read this value two ways: {readings}; "{text}" is kept — check against the scan.',
	},
	"flags.msg.ocr-mark-over-value": {
		mn: '"{text}" утгын дээрх тамга, үзгийн зураасыг уншихдаа орхисон; скантай тулгаж шалгана уу.',
		en: 'A stamp or a pen mark over "{text}" was left out of its reading; check against the scan.',
	},
	"flags.msg.ocr-not-a-value": {
		mn: 'Скан танилт "{text}" гэж уншсан нь тоо биш; скантай тулгаж шалгана уу.',
		en: 'OCR read "{text}", which is not a number; check against the scan.',
	},
	"flags.msg.ocr-unit-unread": {
		mn: '"{text}" утгыг нэгжгүй хадгалсан: нэгжийг заадаг шалгуур үзүүлэлтийг (тоо, хувь) итгэлтэй уншаагүй; нэгжийг скантай тулгаж шалгана уу.',
		en: '"{text}" is stored without a unit: its indicator, which gives the unit (тоо, хувь), was not read with confidence; check the unit against the scan.',
	},
	"flags.msg.ocr-unit-number": {
		mn: '"{text}" утгыг нэгжгүй хадгалсан: шалгуур үзүүлэлт нэгжийг заах үгийн (тоо, хувь) оронд тоогоор төгссөн; нэгжийг скантай тулгаж шалгана уу.',
		en: '"{text}" is stored without a unit: its indicator ends in a number where the word giving the unit (тоо, хувь) stands; check the unit against the scan.',
	},
	"flags.msg.ocr-budget-scale": {
		mn: 'Төсөв "{text}" нь {amount} ₮ болж байна: тооны дараах нэгж (мянга, сая, тэрбум) уншигдаагүй; скантай тулгаж шалгана уу.',
		en: 'The budget "{text}" gives {amount} ₮: no scale word (мянга, сая, тэрбум) was read after the number; check against the scan.',
	},
	"flags.msg.ocr-budget-mark": {
		mn: 'Төсвийг "{text}" гэж уншсан нь зураас, үг, дүн аль нь ч биш; скантай тулгаж шалгана уу.',
		en: 'The budget was read as "{text}", neither a dash nor words nor an amount; check against the scan.',
	},
	"flags.msg.ocr-value-with-words": {
		mn: '"{text}" утгад тоо болон үг хоёулаа орсон: гарчиг эсвэл өөр нүдний үг утгад орж уншигдсан байж магадгүй; скантай тулгаж шалгана уу.',
		en: "\"{text}\" holds a number and words: a heading's or another cell's words may have been read into the value; check against the scan.",
	},
	"flags.msg.ocr-year-unlikely": {
		mn: "{words}: тайлан ийм он дурдахгүй; цифр буруу уншигдсан байж магадгүй; скантай тулгаж шалгана уу.",
		en: "{words} names a year no report of its year names: a digit may be misread; check against the scan.",
	},
	"flags.msg.ocr-latin-as-cyrillic": {
		mn: "{words} үгийг латин нэр (файлын төрөл, систем, стандарт, хаяг) байх газарт кирилл үсгээр уншсан; латин үг буруу уншигдсан байж магадгүй; скантай тулгаж шалгана уу.",
		en: "{words} is read in Cyrillic letters where a Latin name (a file format, a system, a standard, an address) stands; it may be a Latin word misread; check against the scan.",
	},
	"flags.msg.ocr-stray-letter": {
		mn: "{words} нь ганц үсэгтэй үг: толбо эсвэл үзгийн зураас үсэг болж уншигдсан байж магадгүй; скантай тулгаж шалгана уу.",
		en: "{words} is a word of one letter: a speck or a pen's mark may have been read as a letter; check against the scan.",
	},
	"flags.msg.ocr-stop-as-comma": {
		mn: "{words}: өгүүлбэр таслалаар төгсөж, дараа нь том үсэг байна: цэгийг таслал гэж уншсан байж магадгүй; скантай тулгаж шалгана уу.",
		en: "{words} ends a sentence with a comma before a capital: a full stop may have been read as a comma; check against the scan.",
	},
	"flags.msg.ocr-stray-mark": {
		mn: "{words}: монгол бичигт тэмдэг тавьдаггүй газар тэмдэг байна (хосгүй хашилт, ташуу зураас, хэллэг доторх таслал, зураас, төгсгөлийн таслал): толбо эсвэл зай тэмдэг болж уншигдсан байж магадгүй; скантай тулгаж шалгана уу.",
		en: "{words} holds a mark where Mongolian writes none (a quote or a slash without its pair, a comma or a hyphen inside a phrase, a comma ending the text): a speck or a space may have been read as a mark; check against the scan.",
	},
	"flags.msg.ocr-word-broken": {
		mn: "{words} үг монгол үг эхэлдэггүй үсгээр эхэлж байна: үг тасарч уншигдсан байж магадгүй; скантай тулгаж шалгана уу.",
		en: "{words} begins with a letter no Mongolian word begins with: a word may have been read apart; check against the scan.",
	},
	"flags.msg.ocr-lookalike": {
		mn: "{words} үгэнд адил төстэй үсэг, цифр орсон байж магадгүй (латин/кирилл, ром тоо, ь/ъ, том, жижиг үсэг); скантай тулгаж шалгана уу.",
		en: "{words} may be read with look-alike letters or digits (Latin, Cyrillic, Roman numerals, ь/ъ, a capital's small twin); check against the scan.",
	},
	"flags.msg.summary-missing": {
		mn: "Тайланд биелэлтийн товчоо (БИЕЛЭЛТИЙН ТОВЧОО) алга.",
		en: "The report has no summary (БИЕЛЭЛТИЙН ТОВЧОО).",
	},
	"flags.msg.summary-item-count": {
		mn: "Товчоонд {stated} арга хэмжээг хянасан гэжээ; хүснэгтэд {counted} байна.",
		en: "The summary monitors {stated} items; the table has {counted}.",
	},
	"flags.msg.summary-level-count": {
		mn: "Товчоонд {level}%-ийн түвшинд {stated} арга хэмжээ гэж тоолсон; хүснэгтэд {counted} байна.",
		en: "The summary counts {stated} items at {level}%; the table has {counted}.",
	},
	"flags.msg.summary-not-due-count": {
		mn: "Товчоонд хугацаа болоогүй {stated} арга хэмжээ гэж тоолсон; хүснэгтэд {counted} байна.",
		en: "The summary counts {stated} items not yet due; the table has {counted}.",
	},
	"flags.msg.summary-completion": {
		mn: "Товчоонд төлөвлөгөөний биелэлтийг {stated}% гэжээ; хүснэгтээс {computed}% гарч байна.",
		en: "The summary states {stated}% plan completion; the table gives {computed}%.",
	},
	"flags.msg.evaluation-missing": {
		mn: "Тайланд үнэлгээний хуудас алга.",
		en: "The report has no evaluation sheet.",
	},
	"flags.msg.evaluation-completion": {
		mn: "Үнэлгээний хуудсанд биелэлтийг {evaluation}% гэжээ; товчоонд {summary}%.",
		en: "The evaluation sheet states {evaluation}% completion; the summary {summary}%.",
	},
	"flags.msg.evaluation-plan-score": {
		mn: "{completion}% × {max} = {computed}, харин хуудсанд {stated} гэжээ.",
		en: "{completion}% × {max} gives {computed}, the sheet says {stated}.",
	},
	"flags.msg.evaluation-total": {
		mn: "Хэсгүүдийн нийлбэр {sum}; хуудасны нийт оноо {total}.",
		en: "The parts add up to {sum}; the sheet's total is {total}.",
	},
	"flags.msg.header-unreadable": {
		mn: "Төлөвлөгөөний хүснэгтийн толгойг уншиж чадсангүй; баганын үүргийг агуулгаар нь тогтоосон тул хүн баталгаажуулах хэрэгтэй.",
		en: "The plan table's header could not be read; the columns' roles were inferred from their content and wait for a person's confirmation.",
	},
	"flags.msg.column-content-mismatch": {
		mn: "Баганын агуулга толгойн нэртэй нь таарахгүй байна; баганын хуваарийг шалгана уу.",
		en: "A column's content does not match its header; check the column mapping.",
	},
	"flags.msg.column-role-inherited": {
		mn: 'Энэ хуудасны {column}-р баганын толгой ("{header}") аль ч баганыг нэрлэхгүй байна; өөр хуудасны толгойн ижил байрлалтай баганын адил "{field}" гэж уншив — баганыг шалгана уу.',
		en: 'Column {column} on this page has a header that names no column ("{header}"); it is read as "{field}", the column at the same place under another page\'s header — check the column.',
	},
	"flags.msg.column-role-place": {
		mn: "Энэ хуудасны хүснэгт {columns} баганатай, өмнөх хуудасных {before}: баганууд нь өмнөх хуудасны ижил байрлалтай баганын хуваарийг авав — багануудыг шалгана уу.",
		en: "This page's table has {columns} columns, the page before {before}: its columns were given the roles of the columns at the same place on the page before — check the columns.",
	},
	"flags.msg.column-note": {
		mn: "Баганын хуваарийн талаарх тэмдэглэл; хуваарийг шалгана уу.",
		en: "A note on the column mapping; check it.",
	},
	"flags.msg.orphan-row": {
		mn: "Үргэлжлэл мөр аль ч арга хэмжээнд хамаарахгүй байна; бичвэрийг нь энд хадгалав: {text}",
		en: "A continuation row has no item to belong to; its text is kept here: {text}",
	},
	"flags.msg.unmapped-cell": {
		mn: "Хүснэгтийн баганаас гадуурх нүдэнд бичвэр байна; нотолгоонд хадгалав: {text}",
		en: "Text in a cell outside the table's columns; kept in the evidence: {text}",
	},
	"flags.msg.item-number-unreadable": {
		mn: '№ нүдэн дэх "{text}" нь арга хэмжээний дугаар биш; мөрийг үргэлжлэл гэж үзэв.',
		en: 'The № cell "{text}" is not an item number; the row is treated as a continuation.',
	},
	"flags.msg.narrative-moved": {
		mn: 'Тайлбарын догол мөрийг {from} дугаараас {to} дугаарт шилжүүлэв: "{text}"',
		en: 'A narrative paragraph was moved from {from} to {to}: "{text}"',
	},
	"flags.msg.narrative-uncertain": {
		mn: 'Энэ догол мөр {assigned} эсвэл {alternative} дугаарын алинд хамаарахыг тогтоож чадсангүй: "{text}"',
		en: 'Unsure whether this paragraph belongs to {assigned} or {alternative}: "{text}"',
	},
	"flags.msg.narrative-topic": {
		mn: '{item} дугаарыг эхлүүлж буй догол мөр агуулгаараа {before} дугаартай илүү ойр байна (сэдэв {topicBefore}, өөрийнх {topicOwn}): "{text}"',
		en: 'The paragraph opening {item} reads like {before} (topic {topicBefore} vs {topicOwn}): "{text}"',
	},
	"flags.msg.narrative-topic-plain": {
		mn: 'Энэ догол мөр өмнөх арга хэмжээнд хамаарах байж магадгүй: "{text}"',
		en: 'This paragraph may belong to the item before: "{text}"',
	},
	"flags.msg.more-paragraphs": {
		mn: "(өөр {n} догол мөр)",
		en: "(and {n} more paragraphs)",
	},
	"flags.msg.narrative-cut": {
		mn: '{item} дугаарын тайлбар өгүүлбэрийн дундуур тасарсан: "…{text}"; үлдсэн хэсэг нь алга болсон эсвэл {next} дугаарт хэвлэгдсэн байж магадгүй.',
		en: 'The narrative of {item} ends mid-sentence: "…{text}"; its end may be lost or printed in {next}.',
	},
	"flags.msg.narrative-cut-last": {
		mn: '{item} дугаарын тайлбар өгүүлбэрийн дундуур тасарсан: "…{text}"; үлдсэн хэсэг нь алга болсон байж магадгүй.',
		en: 'The narrative of {item} ends mid-sentence: "…{text}"; its end may be lost.',
	},
	"flags.msg.item-number-inferred": {
		mn: "Дугаарыг таамагласан: энэ мөр {printed} гэж хэвлэгдсэн боловч өмнөх мөр энэ дугаартай тул дарааллаар нь {inferred} гэж хадгалав — дугаарыг шалгана уу.",
		en: "Item number inferred: this row is printed as {printed}, a number an earlier row already has; it is stored as {inferred} — check the number.",
	},
	"flags.msg.item-number-point": {
		mn: '№ нүдэнд "{printed}" гэж уншигдсан; {after}-ийн дараах мөр тул {inferred} гэж авав (цэг нь уншигдаагүй) — дугаарыг шалгана уу.',
		en: 'Item number inferred: the № cell reads "{printed}"; after {after} it is taken as {inferred} (its point not read) — check the number.',
	},
	"flags.msg.item-number-sequence": {
		mn: '№ нүдэнд "{printed}" гэж уншигдсан; {before}, {next}-ийн хооронд байгаа тул {inferred} гэж авав — дугаарыг шалгана уу.',
		en: 'Item number inferred: the № cell reads "{printed}"; between {before} and {next} it is taken as {inferred} — check the number.',
	},
	"flags.msg.row-joined": {
		mn: 'Дугаар нь уншигдаагүй мөрийг {item} дугаарт нэгтгэв: түүний утга "{text}" дээрх утган дээр нэмэгдэв — энэ мөр тусдаа арга хэмжээ эсэхийг шалгана уу.',
		en: 'A row with no readable item number was joined to item {item}: its value "{text}" was added to the value above — check whether the row is an item of its own.',
	},
	"flags.msg.row-two-values": {
		mn: '{item} дугаарын нүдэнд хоёр утга байна: "{text}" — хоёр мөрийн хоорондох шугам уншигдаагүй, эсвэл тэмдэглэгээг утга гэж уншсан байж магадгүй; аль утга нь энэ арга хэмжээнийх болохыг шалгана уу.',
		en: "Item {item}'s cell holds two values, \"{text}\": the line between two rows may be lost, or a mark was read as a value — check which value is the item's.",
	},
	"flags.msg.item-identity-unresolved": {
		mn: "{printed} дугаар өөр агуулгатайгаар дахин хэвлэгдсэн бөгөөд дугаарлалтад хаана орохыг тогтоож чадсангүй: хоёр мөрийг хоёуланг хадгалж, энэ мөрийг {key} гэж тэмдэглэв. Аль арга хэмжээ болохыг заана уу (бусад талбарыг засах, эсвэл тайланг байгаагаар нь хүлээн зөвшөөрөх).",
		en: "Item {printed} is printed again with other content, and its place in the numbering cannot be told: both rows are stored, this one as {key}. Say which item it is (correct the other fields, or accept the report as it is).",
	},
	"flags.msg.repeated-item": {
		mn: "{item} дугаар ижил агуулгатайгаар хоёр удаа гарсан — хуудсыг давхар хэвлэсэн эсвэл сканнердсан уу? Нэг удаа хадгалж, давхардлыг энэ тэмдэглэгээний нотолгоонд үлдээв.",
		en: "Item {item} appears twice with the same content — a page printed or scanned twice? It is stored once; the repeat is in this flag's evidence.",
	},
	"flags.msg.correction-orphaned": {
		mn: "Тайлангийн шинэ хувилбарт {item} дугаар алга; {field} талбарыг {value} болгосон засварыг (#{id}) дахин хэрэглэсэнгүй.",
		en: "The new version of this report has no item {item}; the correction of {field} to {value} (#{id}) was not re-applied.",
	},
	"flags.msg.correction-base-changed": {
		mn: "Шинэ хувилбар {item} дугаарын {field} талбарыг {newValue} гэж уншсан, харин засвар хийсэн хувилбарт {oldValue} байсан; {correction} гэсэн засварыг дахин хэрэглэв — шалгана уу.",
		en: "The new version reads {field} of {item} as {newValue} where the corrected version read {oldValue}; the correction to {correction} was re-applied — check it.",
	},
	"flags.msg.held": {
		mn: "Хүн хүлээн зөвшөөрөх хүртэл тайланг тооцоонд оруулахгүй.",
		en: "The report is kept out of the queries until a person accepts it.",
	},
	"flags.msg.incomplete-items": {
		mn: "Товчоонд {stated} арга хэмжээ гэсэн боловч хүснэгтэд {found} байна: мөр эсвэл хуудас дутуу байж магадгүй.",
		en: "The summary states {stated} items but the table holds {found}: rows or pages may be missing.",
	},
	"flags.msg.items-missing": {
		mn: "Арга хэмжээний дугаарлалт тасалдсан ({missing}): мөр эсвэл хуудас дутуу байж магадгүй.",
		en: "The item numbering has gaps ({missing}): rows or pages may be missing.",
	},
	"flags.msg.table-cut": {
		mn: "Баримт төлөвлөгөөний хүснэгтийн дунд дуусч байна (сүүлийн арга хэмжээ {last}): гарын үсэг, товчоо, үнэлгээ алга — файл дутуу байж магадгүй.",
		en: "The document ends inside the plan table (last item {last}): no signatures, summary or evaluation follow it — the file may be cut short.",
	},
	"flags.msg.end-missing": {
		mn: "Төлөвлөгөөний хүснэгтийн дараа товчоо, үнэлгээний хуудас, гарын үсэг алга (сүүлийн арга хэмжээ {last}): баримтын төгсгөл дутуу байж магадгүй.",
		en: "No summary, evaluation sheet or signatures follow the plan table (last item {last}): the end of the document may be missing.",
	},
	"flags.msg.scan-unreliable": {
		mn: "Төлөвлөгөөний хүснэгтийн {fields} талбарын {flagged} ({percent}%) нь шалгах тэмдэгтэй: скан хэт муу уншигдсан тул тайланг байгаагаар нь тооцохгүй.",
		en: "{flagged} of the plan table's {fields} fields ({percent}%) are flagged: the scan was read too poorly to count it as it is.",
	},
	"flags.msg.item-identity": {
		mn: "{n} мөрийн дугаар давхар хэвлэгдсэн бөгөөд таамаглах боломжгүй ({rows}).",
		en: "{n} rows' item numbers are printed twice and cannot be inferred ({rows}).",
	},
	"flags.msg.columns-unconfirmed": {
		mn: "Төлөвлөгөөний хүснэгтийн багануудыг итгэлтэй тогтоож чадсангүй; тайланг тооцохоос өмнө баталгаажуулах эсвэл дахин хуваарилна уу.",
		en: "The plan table's columns could not be mapped with confidence; confirm or reassign them before the report is counted.",
	},
	"flags.msg.metadata-missing": {
		mn: "Тайлангийн {missing} олдсонгүй; тайланг тооцохоос өмнө оруулна уу.",
		en: "The report's {missing} could not be found; enter it before the report is counted.",
	},
	"flags.msg.department": { mn: "нэгж (хэлтэс)", en: "department" },
	"flags.msg.year": { mn: "он", en: "year" },
	"flags.msg.and": { mn: " ба ", en: " and " },
	"flags.msg.none": { mn: "байхгүй", en: "none" },
	"flags.msg.other": {
		mn: "Шалгах шаардлагатай асуудал ({kind}); дэлгэрэнгүйг англи хэлээр харна уу.",
		en: "A question to check ({kind}).",
	},
} satisfies Record<`flags.${string}`, Message>;
