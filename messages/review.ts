/** Catalogue section: review. Keys are "review.<name>"; see messages/index.ts. */
import type { Message } from "./message.ts";

export const review = {
	"review.title": { mn: "Хяналт", en: "Review" },

	// Layout
	"review.brand": { mn: "tailan · хяналт", en: "tailan review" },
	"review.signedAs": { mn: "Хэрэглэгч: {who}", en: "signed as {who}" },
	"review.keys": {
		mn: "j/k шилжих · Enter хүлээн зөвшөөрөх · x татгалзах · e засах · m хэсгийг зөөх · o нээх · u дараалал · Ctrl+Z шийдвэрээ буцаах",
		en: "j/k move · Enter accept · x reject · e edit · m move fragment · o open · u queue · Ctrl+Z undo the last decision",
	},
	"review.lang.switch": { mn: "Англи хэлээр", en: "Монгол хэлээр" },
	"review.lang.switchTitle": {
		mn: "Англи хэл рүү шилжих",
		en: "Монгол хэл рүү шилжих (switch to Mongolian)",
	},
	"review.nav.me": {
		mn: "Хяналт-шинжилгээ, үнэлгээ",
		en: "Monitoring and evaluation",
	},

	// Statuses, severities, periods
	"review.status.open": { mn: "нээлттэй", en: "open" },
	"review.status.accepted": { mn: "хүлээн зөвшөөрсөн", en: "accepted" },
	"review.status.corrected": { mn: "зассан", en: "corrected" },
	"review.status.rejected": { mn: "татгалзсан", en: "rejected" },
	"review.status.all": { mn: "бүгд", en: "all" },
	"review.severity.error": { mn: "алдаа", en: "error" },
	"review.severity.warning": { mn: "анхааруулга", en: "warning" },
	"review.severity.info": { mn: "мэдээлэл", en: "info" },
	"review.period.annual": { mn: "жилийн эцсийн", en: "annual" },
	"review.period.half-year": { mn: "хагас жилийн", en: "half-year" },

	// Queue
	"review.queue.title": { mn: "Хяналтын дараалал", en: "Review queue" },
	"review.queue.pageTitle": { mn: "Дараалал", en: "Queue" },
	"review.queue.heading": { mn: "{status} асуудал", en: "{status} questions" },
	"review.queue.headingAll": { mn: "бүх асуудал", en: "questions" },
	"review.filter.report": { mn: "Тайлан", en: "Report" },
	"review.filter.allReports": { mn: "бүх тайлан", en: "all reports" },
	"review.filter.kind": { mn: "Төрөл", en: "Kind" },
	"review.filter.allKinds": { mn: "бүх төрөл", en: "all kinds" },
	"review.filter.status": { mn: "Төлөв", en: "Status" },
	"review.filter.submit": { mn: "Шүүх", en: "Filter" },
	"review.filter.reset": { mn: "шүүлтүүрийг арилгах", en: "reset" },
	"review.pager.label": { mn: "дарааллын хуудсууд", en: "queue pages" },
	"review.pager.range": {
		mn: "{total} асуудлаас {from}–{to}",
		en: "questions {from}–{to} of {total}",
	},
	"review.pager.previous": { mn: "‹ өмнөх", en: "‹ previous" },
	"review.pager.next": { mn: "дараах ›", en: "next ›" },
	"review.pager.page": {
		mn: "{pages} хуудасны {page}-р хуудас",
		en: "page {page} of {pages}",
	},
	"review.queue.empty": {
		mn: "Энд {status} асуудал алга.",
		en: "No {status} questions here.",
	},
	"review.queue.emptyAll": {
		mn: "Энд асуудал алга.",
		en: "No questions here.",
	},
	"review.queue.allDone": {
		mn: "Бүгдийг хянаж дууссан.",
		en: "Everything is reviewed.",
	},
	"review.col.severity": { mn: "Зэрэглэл", en: "severity" },
	"review.col.item": { mn: "Арга хэмжээ", en: "item" },
	"review.col.field": { mn: "Талбар", en: "field" },
	"review.col.kind": { mn: "Төрөл", en: "kind" },
	"review.col.message": { mn: "Асуудал", en: "message" },
	"review.col.status": { mn: "Төлөв", en: "status" },
	"review.col.actions": { mn: "Шийдвэр", en: "actions" },
	"review.queue.group": {
		mn: "Тайлан {id} · {year} он · {department} · {period} · {document} — {n} асуудал",
		en: "Report {id} · {year} · {department} · {period} · {document} — {n} questions",
	},
	"review.queue.reportLevel": { mn: "тайлан", en: "report" },
	"review.queue.also": {
		mn: "Мөн энд: {places}",
		en: "Also at: {places}",
	},
	"review.queue.alsoTitle": {
		mn: "Нэг асуулт: шийдвэр эдгээр {n} тэмдэглэгээг хамтад нь хаана",
		en: "One question: the decision closes these {n} flags together",
	},

	// Decisions
	"review.action.accept": { mn: "Хүлээн зөвшөөрөх", en: "Accept" },
	"review.action.acceptTitle": {
		mn: "Хүлээн зөвшөөрөх: утга зөв (Enter)",
		en: "Accept: the value is right (Enter)",
	},
	"review.action.reject": { mn: "Татгалзах", en: "Reject" },
	"review.action.rejectTitle": {
		mn: "Татгалзах: худал дохио (x)",
		en: "Reject: a false alarm (x)",
	},
	"review.action.reopen": { mn: "Дахин нээх", en: "Reopen" },
	"review.action.edit": { mn: "Засах", en: "Edit" },
	"review.action.editTitle": { mn: "Засах (e)", en: "Edit (e)" },
	"review.action.editField": { mn: "Засах: {field}", en: "Edit {field}" },
	"review.action.move": { mn: "Хэсгийг зөөх", en: "Move fragment" },
	"review.action.save": { mn: "Хадгалах", en: "Save" },
	"review.action.cancel": { mn: "Болих", en: "Cancel" },
	"review.action.undo": { mn: "Буцаах", en: "Undo" },
	"review.action.undoTitle": {
		mn: "Хуучин утгыг сэргээх шинэ засвар",
		en: "A new correction back to the old value",
	},

	// Held report's columns
	"review.columns.notConfirmed": {
		mn: "Энэ тайлангийн баганууд баталгаажаагүй байна.",
		en: "The columns of this report are not confirmed.",
	},
	"review.columns.proposed": {
		mn: "Санал болгож буй хуваарь:",
		en: "Proposed mapping:",
	},
	"review.columns.column": { mn: "багана", en: "column" },
	"review.columns.header": { mn: "толгойн бичвэр", en: "header text" },
	"review.columns.role": { mn: "санал болгож буй үүрэг", en: "proposed role" },
	"review.columns.score": { mn: "оноо", en: "score" },
	"review.columns.from": { mn: "юунаас", en: "from" },
	"review.columns.content": { mn: "агуулга", en: "content" },
	"review.columns.blank": { mn: "(хоосон)", en: "(blank)" },
	"review.columns.explain": {
		mn: "Зөв бол доорх тэмдэглэгээг (шалтгааныг бичиж) хүлээн зөвшөөрнө үү. Үгүй бол баганыг дахин хуваарилж — багана бүрт нэг үүрэг, ийм дарааллаар ({roles}) — файлыг өөрийн өгөгдлийн сангийн {db} сонголттой дахин импортлоно уу; тайлан шинэ хувилбар болж, засварууд нь дахин хэрэглэгдэнэ:",
		en: "If it is right, accept the hold's flag below (with a reason). Otherwise reassign the columns — one role per column, in this order ({roles}) — and import the file again, with your database's {db}; the report is re-derived as a new version, its corrections re-applied:",
	},
	"review.columns.cli": {
		mn: "Эсвэл тушаалын мөрөөс: {command}.",
		en: "Or from the command line: {command}.",
	},

	// Item page
	"review.item.title": { mn: "Арга хэмжээ {item}", en: "Item {item}" },
	"review.item.toQueue": { mn: "← дараалал", en: "← queue" },
	"review.item.report": { mn: "тайлан {id}", en: "report {id}" },
	"review.item.nextFlag": {
		mn: "асуудалтай дараагийн арга хэмжээ: {item} ⇥",
		en: "next flagged item: {item} ⇥",
	},
	"review.item.flags": { mn: "Асуудлууд", en: "Flags" },
	"review.item.openCount": { mn: "{n} нээлттэй", en: "{n} open" },
	"review.item.noFlags": {
		mn: "Энэ арга хэмжээнд асуудал алга.",
		en: "No flags on this item.",
	},
	"review.item.fields": { mn: "Талбарууд", en: "Fields" },
	"review.item.fieldsNote": {
		mn: "хүчинтэй утга (баримтаас уншсан утгын оронд хамгийн сүүлийн засвар), эх бичвэр, эх сурвалж",
		en: "effective value (latest correction over the extracted one), raw text, source",
	},
	"review.item.extracted": {
		mn: "баримтаас уншсан: {value}",
		en: "extracted: {value}",
	},
	"review.item.column9": {
		mn: "9-р баганад бичигдсэнээр: {value}",
		en: "column 9 as written: {value}",
	},
	"review.item.raw": { mn: "эх бичвэр: {value}", en: "raw: {value}" },
	"review.item.sourceOne": {
		mn: "эх сурвалж (1 хэсэг, {page}-р хуудас)",
		en: "source (1 piece, page {page})",
	},
	"review.item.sourceMany": {
		mn: "эх сурвалж ({n} хэсэг, {page}-р хуудас)",
		en: "source ({n} pieces, page {page})",
	},
	"review.item.page": {
		mn: "{page}-р хуудас: {text}",
		en: "page {page}: {text}",
	},
	"review.item.scanPage": {
		mn: "скан, {page}-р хуудас",
		en: "scan, page {page}",
	},
	"review.item.newValue": {
		mn: "Шинэ утга: {field}",
		en: "New value of {field}",
	},
	"review.item.reason": {
		mn: "шалтгаан (заавал биш)",
		en: "reason (optional)",
	},
	"review.item.yes": { mn: "тийм", en: "yes" },
	"review.item.no": { mn: "үгүй", en: "no" },
	"review.item.unitNone": { mn: "(нэгжгүй)", en: "(none)" },
	"review.item.unit.percent": { mn: "хувь", en: "percent" },
	"review.item.unit.count": { mn: "тоо", en: "count" },
	"review.item.history": {
		mn: "{item} дугаарын засварууд",
		en: "Corrections of {item}",
	},
	"review.history.when": { mn: "хэзээ", en: "when" },
	"review.history.who": { mn: "хэн", en: "who" },
	"review.history.field": { mn: "талбар", en: "field" },
	"review.history.change": { mn: "хуучин → шинэ", en: "old → new" },
	"review.history.reason": { mn: "шалтгаан", en: "reason" },
	"review.narrative.title": {
		mn: "Хүрсэн түвшний тайлбарын хэсгүүд",
		en: "Narrative fragments",
	},
	"review.narrative.order": {
		mn: "унших дараалал: {previous} · {item} · {next}",
		en: "reading order: {previous} · {item} · {next}",
	},
	"review.narrative.ends": {
		mn: "{item} дугаарын төгсгөл",
		en: "{item} ends",
	},
	"review.narrative.begins": {
		mn: "{item} дугаарын эхлэл",
		en: "{item} begins",
	},
	"review.narrative.moveUp": {
		mn: "↑ {item} дугаарт зөөх",
		en: "↑ move to {item}",
	},
	"review.narrative.moveDown": {
		mn: "↓ {item} дугаарт зөөх",
		en: "↓ move to {item}",
	},
	"review.narrative.moveTitle": {
		mn: "Энэ хэсгийг {item} дугаарт зөөх (m)",
		en: "Move this fragment to {item} (m)",
	},

	// Field labels (store/fields.ts CORRECTABLE_FIELDS and the heads flags name)
	"review.field.item": { mn: "Дугаар", en: "Item number" },
	"review.field.activity": { mn: "Үйл ажиллагаа", en: "Activity" },
	"review.field.budget": { mn: "Төсөв", en: "Budget" },
	"review.field.budget.raw": {
		mn: "Төсөв (эх бичвэр)",
		en: "Budget (raw)",
	},
	"review.field.budget.amountMnt": {
		mn: "Төсвийн дүн, төгрөг",
		en: "Budget amount, MNT",
	},
	"review.field.budget.source": {
		mn: "Төсвийн эх үүсвэр",
		en: "Budget source",
	},
	"review.field.indicator": { mn: "Шалгуур үзүүлэлт", en: "Indicator" },
	"review.field.baseline": { mn: "Суурь түвшин", en: "Baseline" },
	"review.field.baseline.raw": {
		mn: "Суурь түвшин (эх бичвэр)",
		en: "Baseline (raw)",
	},
	"review.field.baseline.value": {
		mn: "Суурь түвшний утга",
		en: "Baseline value",
	},
	"review.field.baseline.unit": {
		mn: "Суурь түвшний нэгж",
		en: "Baseline unit",
	},
	"review.field.targetHalfYear": {
		mn: "Хагас жилийн зорилтот түвшин",
		en: "Half-year target",
	},
	"review.field.targetHalfYear.raw": {
		mn: "Хагас жилийн зорилтот түвшин (эх бичвэр)",
		en: "Half-year target (raw)",
	},
	"review.field.targetHalfYear.value": {
		mn: "Хагас жилийн зорилтот түвшний утга",
		en: "Half-year target value",
	},
	"review.field.targetHalfYear.unit": {
		mn: "Хагас жилийн зорилтот түвшний нэгж",
		en: "Half-year target unit",
	},
	"review.field.targetFullYear": {
		mn: "Жилийн зорилтот түвшин",
		en: "Full-year target",
	},
	"review.field.targetFullYear.raw": {
		mn: "Жилийн зорилтот түвшин (эх бичвэр)",
		en: "Full-year target (raw)",
	},
	"review.field.targetFullYear.value": {
		mn: "Жилийн зорилтот түвшний утга",
		en: "Full-year target value",
	},
	"review.field.targetFullYear.unit": {
		mn: "Жилийн зорилтот түвшний нэгж",
		en: "Full-year target unit",
	},
	"review.field.performancePct": {
		mn: "Хэрэгжилтийн түвшин, %",
		en: "Performance level, %",
	},
	"review.field.notDue": { mn: "Хугацаа болоогүй", en: "Not yet due" },
	"review.field.goal": { mn: "Зорилт", en: "Goal" },
	"review.field.achievement": {
		mn: "Хүрсэн түвшин (тайлбар)",
		en: "Achievement (narrative)",
	},

	// What a clerk typed (review/values.ts)
	"review.value.notNumber": {
		mn: '"{text}" тоо биш байна: цифрээр бичнэ үү, жишээ нь 1276000 эсвэл 12.5 (утгагүй бол хоосон)',
		en: '"{text}" is not a number: write digits, e.g. 1276000 or 12.5 (empty for none)',
	},
	"review.value.notLevel": {
		mn: '"{text}" хэрэгжилтийн түвшин биш байна: 100, 90, 80, 70, 30 эсвэл 0 гэж бичнэ үү (үнэлээгүй бол хоосон)',
		en: '"{text}" is not a level: write 100, 90, 80, 70, 30 or 0 (empty when not assessed)',
	},
	"review.value.notUnit": {
		mn: '"{text}" нэгж биш байна: хувь эсвэл тоо гэж бичих, эсвэл хоосон орхино уу',
		en: '"{text}" is not a unit: write percent, count or leave it empty',
	},
	"review.value.notYesNo": {
		mn: '"{text}" нь тийм эсвэл үгүй биш байна',
		en: '"{text}" is not yes or no',
	},
	"review.value.notGoal": {
		mn: '"{text}" зорилтын дугаар биш байна',
		en: '"{text}" is not a goal number',
	},
	"review.value.invalid": {
		mn: '"{text}" энэ талбарт тохирохгүй байна: {detail}',
		en: '"{text}": {detail}',
	},

	// Narrative moves refused (store/review.ts move)
	"review.move.empty": {
		mn: "зөөх хэсэг хоосон байна",
		en: "the fragment is empty",
	},
	"review.move.noNeighbour": {
		mn: "{item} дугаарын {direction} арга хэмжээ байхгүй тул хэсгийг зөөх газар алга",
		en: "{item} has no {direction} item to move the fragment to",
	},
	"review.move.previous": { mn: "өмнөх", en: "previous" },
	"review.move.next": { mn: "дараах", en: "next" },
	"review.move.notFirst": {
		mn: "энэ хэсэг {item} дугаарын тайлбарыг эхлүүлдэггүй; зөвхөн эхний догол мөрүүдийг {target} дугаарт зөөж болно (хэсгүүд унших дарааллаа хадгална)",
		en: "the fragment does not open {item}'s narrative; only its first paragraphs can move to {target} (fragments keep their reading order)",
	},
	"review.move.notLast": {
		mn: "энэ хэсэг {item} дугаарын тайлбарыг төгсгөдөггүй; зөвхөн сүүлийн догол мөрүүдийг {target} дугаарт зөөж болно (хэсгүүд унших дарааллаа хадгална)",
		en: "the fragment does not close {item}'s narrative; only its last paragraphs can move to {target} (fragments keep their reading order)",
	},

	// Answers of the app (errors a clerk may see)
	"review.error.busy": {
		mn: "алдаа: өгөгдлийн сан завгүй байна (импорт тайлан хадгалж байна) — юу ч хадгалагдсангүй; буцаад {seconds} секундын дараа өөрчлөлтөө дахин илгээнэ үү",
		en: "error: the database is busy (an import is storing reports) — nothing was saved; go back and send your change again in {seconds} seconds",
	},
	"review.error.failed": {
		mn: "алдаа: хяналтын апп ажиллаж чадсангүй; түүнийг ажиллуулж буй терминалыг харна уу",
		en: "error: the review app failed; see its terminal",
	},
	"review.error.localOnly": {
		mn: "алдаа: энэ хяналтын апп зөвхөн localhost дээр хариулна — бусадтай хуваалцахын тулд --host ба --token сонголттой эхлүүлнэ үү",
		en: "error: this review app answers only on localhost — start it with --host and --token to share it",
	},
	"review.error.token": {
		mn: "алдаа: нэвтрэх түлхүүр шаардлагатай — `tailan review`-ийн хэвлэсэн хаягийг нээнэ үү (?token=… гэж төгсдөг)",
		en: "error: a token is required — open the address printed by `tailan review` (it ends in ?token=…)",
	},
	"review.error.tooLarge": {
		mn: "алдаа: хүсэлт хэт том байна",
		en: "error: request too large",
	},
	"review.error.crossOrigin": {
		mn: "алдаа: өөр сайтаас ирсэн хүсэлтийг хүлээж авсангүй",
		en: "error: cross-origin request refused",
	},
	"review.error.notForm": {
		mn: "алдаа: маягт хүлээж байсан",
		en: "error: expected a form",
	},
	"review.error.csrf": {
		mn: "алдаа: маягтын хамгаалалтын түлхүүр (CSRF) алга эсвэл буруу — хуудсаа дахин ачаалаад дахин оролдоно уу",
		en: "error: missing or wrong CSRF token — reload the page and try again",
	},
	"review.error.badFilter": {
		mn: "алдаа: шүүлтүүр буруу: {issues}",
		en: "error: bad filter: {issues}",
	},
	"review.error.badForm": {
		mn: "алдаа: маягт буруу: {issues}",
		en: "error: bad form: {issues}",
	},
	"review.error.noItem": {
		mn: "алдаа: ийм арга хэмжээ алга",
		en: "error: no such item",
	},
	"review.error.reportHasNoItem": {
		mn: "алдаа: {id}-р тайланд {item} дугаартай арга хэмжээ алга",
		en: "error: report {id} has no item {item}",
	},
	"review.error.noPage": {
		mn: "алдаа: ийм хуудасны зураг алга",
		en: "error: no such page image",
	},
	"review.error.noCorrection": {
		mn: "алдаа: ийм засвар алга",
		en: "error: no such correction",
	},
	"review.error.noFlag": {
		mn: "алдаа: ийм тэмдэглэгээ алга",
		en: "error: no such flag",
	},
	"review.error.noReport": {
		mn: "алдаа: ийм тайлан алга",
		en: "error: no such report",
	},
	"review.error.noLink": {
		mn: "алдаа: ийм холбоос алга",
		en: "error: no such link",
	},
	"review.error.refused": {
		mn: "алдаа: өөрчлөлтийг хүлээж авсангүй: {reason}",
		en: "error: the change was refused: {reason}",
	},
	"review.error.heldFlag": {
		mn: "алдаа: {flag}-р тэмдэглэгээ {id}-р тайланг тооцоонд оруулахгүй барьж байна; тайланг хэн, яагаад гэдгийг бичиж хүлээн зөвшөөрнө үү (энэ тэмдэглэгээг шалтгаантай хүлээн зөвшөөрөх, эсвэл `tailan reports accept {id} --reason …`)",
		en: "error: the change was refused: flag {flag} holds report {id} out of the queries; accept the report with who and why (accept this flag with a reason, or `tailan reports accept {id} --reason …`)",
	},
	"review.saved.defaultReason": {
		mn: "хяналтын аппад зассан",
		en: "corrected in the review app",
	},
	"review.held.defaultReason": {
		mn: "хяналтын аппад хүлээн зөвшөөрсөн",
		en: "accepted in the review app",
	},
	"review.undo.button": {
		mn: "Сүүлийн шийдвэрээ буцаах",
		en: "Undo my last decision",
	},
	"review.undo.title": {
		mn: "Таны сүүлийн шийдвэрийг ({n} тэмдэглэгээ) буцаана; түүх хадгалагдана (Ctrl+Z)",
		en: "Takes back your last decision ({n} flags); the trail keeps both (Ctrl+Z)",
	},
	"review.undo.done": {
		mn: "Сүүлийн шийдвэрийг буцаалаа: {n} тэмдэглэгээ өмнөх төлөвтөө орлоо.",
		en: "Your last decision is undone: {n} flags are back to what they were.",
	},
	"review.undo.none": {
		mn: "Буцаах шийдвэр алга.",
		en: "There is no decision of yours to undo.",
	},
	"review.undo.refused": {
		mn: "Буцааж чадсангүй: шийдвэрийн дараа тэмдэглэгээ өөрчлөгдсөн (өөр шийдвэр, засвар эсвэл дахин импорт). Юу ч өөрчлөгдсөнгүй.",
		en: "Could not undo: a flag of that decision changed since (another decision, a correction or a re-import). Nothing was changed.",
	},
	"review.undo.held": {
		mn: "Буцааж чадсангүй: таны сүүлийн шийдвэр барьж буй тайланг хүлээн зөвшөөрсөн бөгөөд хүлээн зөвшөөрөлт хадгалагдана (тайлангийн шинэ хувилбарыг импортлож дахин үнэлнэ). Юу ч өөрчлөгдсөнгүй.",
		en: "Could not undo: your last decision accepted a held report, and an acceptance is kept (import a new version of the report to re-evaluate it). Nothing was changed.",
	},
	"review.trail.decision": { mn: "шийдвэрлэсэн:", en: "decided by" },
	"review.trail.correction": { mn: "зассан:", en: "corrected by" },
	"review.trail.hold": {
		mn: "тайланг хүлээн зөвшөөрсөн:",
		en: "report accepted by",
	},
	"review.bulk.button": {
		mn: "Шүүлтүүрийн бүх {n} асуултыг хүлээн зөвшөөрөх…",
		en: "Accept all {n} questions of this filter…",
	},
	"review.bulk.title": {
		mn: "Олноор нь хүлээн зөвшөөрөх",
		en: "Accept a group",
	},
	"review.bulk.confirm": {
		mn: "{questions} асуулт ({flags} тэмдэглэгээ)-ыг нэг дор хүлээн зөвшөөрөх үү? Нэг шийдвэр болж бүртгэгдэх тул нэг удаа буцааж болно.",
		en: "Accept {questions} questions ({flags} flags) at once? They are recorded as one decision, and one undo takes them back.",
	},
	"review.bulk.held": {
		mn: "Барьж буй тайлангийн {n} тэмдэглэгээг оруулаагүй: тэдгээрийг нэг бүрчлэн хүлээн зөвшөөрнө.",
		en: "{n} flags holding a report are left out: those are accepted one by one.",
	},
	"review.bulk.reason": { mn: "Шалтгаан", en: "Reason" },
	"review.bulk.reasonMissing": {
		mn: "Яагаад хүлээн зөвшөөрч байгаагаа бичнэ үү.",
		en: "Say why these are accepted.",
	},
	"review.bulk.changed": {
		mn: "Дараалал өөрчлөгдсөн байна: доорх тоог дахин шалгана уу.",
		en: "The queue changed meanwhile: check the numbers below again.",
	},
	"review.bulk.submit": {
		mn: "Тийм, бүгдийг хүлээн зөвшөөрөх",
		en: "Yes, accept them all",
	},
	"review.bulk.cancel": { mn: "Болих", en: "Cancel" },
	"review.bulk.done": {
		mn: "{n} тэмдэглэгээг хүлээн зөвшөөрлөө (нэг шийдвэр; Ctrl+Z буцаана).",
		en: "{n} flags accepted (one decision; Ctrl+Z takes it back).",
	},
	"review.bulk.nothing": {
		mn: "Хүлээн зөвшөөрөх нээлттэй асуулт алга.",
		en: "There is no open question to accept.",
	},
	// Several clerks: sign-in, a decision someone else made first, progress
	"review.signin.title": { mn: "Нэвтрэх", en: "Sign in" },
	"review.signin.intro": {
		mn: "Нэр, түлхүүрээ оруулна уу. Түлхүүрийг {command} тушаал нэг удаа хэвлэдэг.",
		en: "Enter your name and token. {command} prints the token once.",
	},
	"review.signin.name": { mn: "Нэр", en: "Name" },
	"review.signin.token": { mn: "Түлхүүр", en: "Token" },
	"review.signin.submit": { mn: "Нэвтрэх", en: "Sign in" },
	"review.signin.wrong": {
		mn: "Нэр эсвэл түлхүүр буруу, эсвэл энэ хэрэглэгчийг хаасан байна.",
		en: "The name or the token is wrong, or this clerk is disabled.",
	},
	"review.signin.needed": {
		mn: "алдаа: эхлээд нэвтэрнэ үү (/signin)",
		en: "error: sign in first (/signin)",
	},
	"review.signout": { mn: "Гарах", en: "Sign out" },
	"review.conflict.title": {
		mn: "Өөр хэрэглэгч шийдсэн",
		en: "Already decided",
	},
	"review.conflict.body": {
		mn: "{flag}-р тэмдэглэгээг таныг үзэх үед «{seen}» байсан, одоо «{status}» байна: {by} {at}-д шийдсэн. Юу ч дарж бичээгүй.",
		en: "Flag {flag} was «{seen}» when you saw it and is «{status}» now: {by} decided it at {at}. Nothing was overwritten.",
	},
	"review.conflict.someone": { mn: "өөр хэрэглэгч", en: "someone else" },
	"review.conflict.back": { mn: "Дараалал руу буцах", en: "Back to the queue" },
	"review.progress.title": { mn: "Явц", en: "Progress" },
	"review.progress.byClerk": { mn: "Хэрэглэгч бүрээр", en: "By clerk" },
	"review.progress.byReport": { mn: "Тайлан бүрээр", en: "By report" },
	"review.progress.clerk": { mn: "Хэрэглэгч", en: "Clerk" },
	"review.progress.accepted": { mn: "Хүлээн зөвшөөрсөн", en: "Accepted" },
	"review.progress.rejected": { mn: "Татгалзсан", en: "Rejected" },
	"review.progress.reopened": { mn: "Дахин нээсэн", en: "Reopened" },
	"review.progress.corrections": { mn: "Засвар", en: "Corrections" },
	"review.progress.report": { mn: "Тайлан", en: "Report" },
	"review.progress.open": { mn: "Нээлттэй", en: "Open" },
	"review.progress.decided": { mn: "Шийдсэн", en: "Decided" },
	"review.progress.total": { mn: "Нийт", en: "Total" },
	"review.progress.none": {
		mn: "Одоогоор шийдвэр алга.",
		en: "No decisions yet.",
	},
} satisfies Record<`review.${string}`, Message>;
