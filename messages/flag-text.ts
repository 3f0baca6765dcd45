/**
 * A review flag's message in the reader's language, rendered from its kind and evidence through
 * the catalogue (messages/flags.ts). English is the message stored with the flag, word for word
 * (what `tailan flags` and the flags sheet show); Mongolian is rendered here. Document text in a
 * message (a paragraph, a token, a raw cell) is a placeholder named in `data`, so that a page can
 * mark it as text not to translate.
 */
import { catalogue, type Lang, type MessageKey, t } from "./index.ts";

/** What a flag's message is rendered from. */
export interface FlagLike {
	kind: string;
	item: string | null;
	field: string | null;
	message: string;
	evidence: Record<string, unknown>;
}

/** A message to render: its key, its placeholders, and which of them are document text. */
export interface FlagMessage {
	key: MessageKey;
	vars: Record<string, string | number>;
	/** Placeholders holding document text (mark them translate="no" on a page). */
	data: string[];
	/** Paragraphs more than the one quoted (narrative flags over several paragraphs). */
	suffix?: number;
}

const isKey = (key: string): key is MessageKey => Object.hasOwn(catalogue, key);

/** The kind of a flag as a reader names it ("narrative-moved" → "Тайлбарын хэсэг зөөгдсөн"). */
export function kindLabel(lang: Lang, kind: string): string {
	const key = `flags.kind.${kind}`;
	return isKey(key) ? t(lang, key) : t(lang, "flags.kind.other", { kind });
}

/** A field (or the head a flag names: "budget") as a reader names it; the name itself if unknown. */
export function fieldLabel(lang: Lang, field: string): string {
	const key = `review.field.${field}`;
	return isKey(key) ? t(lang, key) : field;
}

const str = (value: unknown): string | undefined =>
	typeof value === "string" ? value : undefined;
const num = (value: unknown): number | undefined =>
	typeof value === "number" && Number.isFinite(value) ? value : undefined;
const round = (value: number, digits: number) =>
	Number(value.toFixed(digits)).toString();
const quoted = (values: unknown): string | undefined =>
	Array.isArray(values) && values.length > 0
		? values.map((v) => `"${String(v)}"`).join(", ")
		: undefined;

/** The first paragraph of a narrative text, cut at 80 characters (as the stored message does). */
function excerpt(text: string): string {
	const first = (text.split("\n")[0] ?? "").replace(/\s+/g, " ").trim();
	return first.length > 80 ? `${first.slice(0, 78)}…` : first;
}

/**
 * The catalogue message of a flag, with its placeholders; undefined when the evidence does not
 * hold what the message needs (the caller falls back to the kind's generic message).
 */
export function flagMessage(
	lang: Lang,
	flag: FlagLike,
): FlagMessage | undefined {
	const e = flag.evidence;
	const field = (name: string | null | undefined) =>
		name ? fieldLabel(lang, name) : "";
	const value = (v: unknown) =>
		v === null || v === undefined || v === ""
			? t(lang, "flags.msg.none")
			: `"${String(v)}"`;
	const held = (key: MessageKey, vars: FlagMessage["vars"], data: string[]) =>
		({ key, vars, data }) satisfies FlagMessage;
	switch (flag.kind) {
		case "ambiguous-number": {
			const raw = str(e.raw);
			if (raw === undefined) return undefined;
			return flag.field === "budget"
				? { key: "flags.msg.ambiguous-budget", vars: { raw }, data: ["raw"] }
				: { key: "flags.msg.ambiguous-number", vars: { raw }, data: ["raw"] };
		}
		case "percent-over-100": {
			const raw = str(e.raw);
			if (raw === undefined) return undefined;
			return {
				key: "flags.msg.percent-over-100",
				vars: { field: field(flag.field), raw },
				data: ["raw"],
			};
		}
		case "level-ambiguous":
		case "level-not-on-scale": {
			const raw = str(e.raw);
			if (raw === undefined) return undefined;
			return {
				key: `flags.msg.${flag.kind}` as const,
				vars: { raw },
				data: ["raw"],
			};
		}
		case "level-missing":
		case "invalid-record":
		case "summary-missing":
		case "evaluation-missing":
		case "header-unreadable":
		case "column-content-mismatch":
		case "column-note":
		case "columns-unconfirmed":
			return { key: `flags.msg.${flag.kind}` as const, vars: {}, data: [] };
		case "column-role-inherited": {
			const columns = num(e.columns);
			const before = num(e.before);
			if (columns !== undefined && before !== undefined)
				return {
					key: "flags.msg.column-role-place",
					vars: { columns, before },
					data: [],
				};
			const column = num(e.column);
			const header = str(e.header);
			if (column === undefined || header === undefined) return undefined;
			return {
				key: "flags.msg.column-role-inherited",
				vars: { column, header, field: field(flag.field) },
				data: ["header"],
			};
		}
		case "mixed-script": {
			const tokens = quoted(e.tokens);
			if (tokens === undefined) return undefined;
			return {
				key: "flags.msg.mixed-script",
				vars: { tokens },
				data: ["tokens"],
			};
		}
		case "ocr-low-confidence": {
			const confidence = num(e.confidence);
			if (confidence === undefined) return undefined;
			const words = quoted(e.words);
			if (words !== undefined)
				return {
					key: "flags.msg.ocr-low-words",
					vars: { words, confidence: Math.round(confidence) },
					data: ["words"],
				};
			const text = str(e.text);
			if (text === undefined) return undefined;
			return {
				key: "flags.msg.ocr-low-value",
				vars: { text, confidence: Math.round(confidence) },
				data: ["text"],
			};
		}
		case "ocr-repaired": {
			const raw = quoted(e.raw);
			if (raw === undefined) return undefined;
			return { key: "flags.msg.ocr-repaired", vars: { raw }, data: ["raw"] };
		}
		case "ocr-readings-differ": {
			const readings = quoted(e.readings);
			const text = str(e.text);
			if (readings === undefined || text === undefined) return undefined;
			return {
				key: "flags.msg.ocr-readings-differ",
				vars: { readings, text },
				data: ["readings", "text"],
			};
		}
		case "ocr-mark-over-value":
		case "ocr-unit-unread":
		case "ocr-value-with-words":
		case "ocr-not-a-value": {
			const text = str(e.text);
			if (text === undefined) return undefined;
			return {
				// A plain number under an indicator ending in a number has its own wording.
				key:
					flag.kind === "ocr-unit-unread" && e.endsInNumber === true
						? "flags.msg.ocr-unit-number"
						: (`flags.msg.${flag.kind}` as const),
				vars: { text },
				data: ["text"],
			};
		}
		case "ocr-year-unlikely":
		case "ocr-latin-as-cyrillic":
		case "ocr-stray-letter":
		case "ocr-stop-as-comma":
		case "ocr-word-broken":
		case "ocr-stray-mark":
		case "ocr-lookalike": {
			const words = quoted(e.words);
			if (words === undefined) return undefined;
			return {
				key: `flags.msg.${flag.kind}` as const,
				vars: { words },
				data: ["words"],
			};
		}
		case "summary-item-count":
		case "evaluation-completion": {
			const [a, b] =
				flag.kind === "summary-item-count"
					? (["stated", "counted"] as const)
					: (["evaluation", "summary"] as const);
			return {
				key: `flags.msg.${flag.kind}` as const,
				vars: { [a]: String(e[a] ?? "—"), [b]: String(e[b] ?? "—") },
				data: [],
			};
		}
		case "summary-level-count": {
			const vars = {
				level: String(e.level ?? "—"),
				stated: String(e.stated ?? "—"),
				counted: String(e.counted ?? "—"),
			};
			return e.level === "notDue"
				? { key: "flags.msg.summary-not-due-count", vars, data: [] }
				: { key: "flags.msg.summary-level-count", vars, data: [] };
		}
		case "summary-completion": {
			const computed = num(e.computed);
			return {
				key: "flags.msg.summary-completion",
				vars: {
					stated: String(e.stated ?? "—"),
					computed: computed === undefined ? "—" : round(computed, 1),
				},
				data: [],
			};
		}
		case "evaluation-plan-score": {
			const completion = num(e.completion);
			const max = num(e.max);
			if (completion === undefined || max === undefined) return undefined;
			return {
				key: "flags.msg.evaluation-plan-score",
				vars: {
					completion,
					max,
					computed: round((completion * max) / 100, 1),
					stated: String(e.stated ?? "—"),
				},
				data: [],
			};
		}
		case "evaluation-total": {
			if (!Array.isArray(e.parts)) return undefined;
			const sum = e.parts.reduce((s: number, p) => s + (num(p) ?? 0), 0);
			return {
				key: "flags.msg.evaluation-total",
				vars: { sum: round(sum, 1), total: String(e.total ?? "—") },
				data: [],
			};
		}
		case "orphan-row":
		case "unmapped-cell":
		case "item-number-unreadable": {
			const text = str(e.text);
			if (text === undefined) return undefined;
			return {
				key: `flags.msg.${flag.kind}` as const,
				vars: { text },
				data: ["text"],
			};
		}
		case "row-joined": {
			const text = str(e.text);
			if (text === undefined || flag.item === null) return undefined;
			if (Array.isArray(e.values))
				return {
					key: "flags.msg.row-two-values",
					vars: { item: flag.item, text },
					data: ["text"],
				};
			return {
				key: "flags.msg.row-joined",
				vars: { item: flag.item, text },
				data: ["text"],
			};
		}
		case "narrative-moved":
		case "narrative-uncertain": {
			const text = str(e.text);
			if (text === undefined) return undefined;
			const more = num(e.paragraphs);
			const vars: FlagMessage["vars"] = { text: excerpt(text) };
			let key: MessageKey;
			if (flag.kind === "narrative-moved") {
				const from = str(e.from);
				const to = str(e.to);
				if (from === undefined || to === undefined) return undefined;
				Object.assign(vars, { from, to });
				key = "flags.msg.narrative-moved";
			} else if (str(e.assigned) !== undefined) {
				Object.assign(vars, {
					assigned: String(e.assigned),
					alternative: String(e.alternative ?? "—"),
				});
				key = "flags.msg.narrative-uncertain";
			} else {
				// "The paragraph opening 5.1 reads like 4.19": the items are in the message only.
				const m = /^The paragraph opening (\S+) reads like (\S+) /.exec(
					flag.message,
				);
				const own = num(e.topicOwn);
				const before = num(e.topicBefore);
				if (m && own !== undefined && before !== undefined) {
					Object.assign(vars, {
						item: m[1] as string,
						before: m[2] as string,
						topicOwn: own.toFixed(2),
						topicBefore: before.toFixed(2),
					});
					key = "flags.msg.narrative-topic";
				} else key = "flags.msg.narrative-topic-plain";
			}
			const message = { key, vars, data: ["text"] };
			return more !== undefined && more > 1
				? { ...message, suffix: more - 1 }
				: message;
		}
		case "narrative-cut": {
			const item = str(e.item) ?? flag.item;
			const text = str(e.text);
			if (item === null || text === undefined) return undefined;
			const next = str(e.next);
			const tail = text.length > 60 ? text.slice(-60) : text;
			return next === undefined
				? {
						key: "flags.msg.narrative-cut-last",
						vars: { item, text: tail },
						data: ["text"],
					}
				: {
						key: "flags.msg.narrative-cut",
						vars: { item, next, text: tail },
						data: ["text"],
					};
		}
		case "item-number-inferred": {
			const printed = str(e.printed);
			const inferred = str(e.inferred);
			if (printed === undefined || inferred === undefined) return undefined;
			const before = str(e.before);
			const next = str(e.next);
			if (before !== undefined && next !== undefined)
				return {
					key: "flags.msg.item-number-sequence",
					vars: { printed, inferred, before, next },
					data: ["printed"],
				};
			const after = str(e.after);
			if (after !== undefined)
				return {
					key: "flags.msg.item-number-point",
					vars: { printed, inferred, after },
					data: ["printed"],
				};
			return {
				key: "flags.msg.item-number-inferred",
				vars: { printed, inferred },
				data: ["printed"],
			};
		}
		case "item-identity-unresolved": {
			const printed = str(e.printed);
			const key = str(e.key);
			if (printed === undefined || key === undefined) return undefined;
			return {
				key: "flags.msg.item-identity-unresolved",
				vars: { printed, key },
				data: ["printed", "key"],
			};
		}
		case "repeated-item":
			if (flag.item === null) return undefined;
			return {
				key: "flags.msg.repeated-item",
				vars: { item: flag.item },
				data: [],
			};
		case "correction-orphaned":
			if (flag.item === null) return undefined;
			return {
				key: "flags.msg.correction-orphaned",
				vars: {
					item: flag.item,
					field: field(flag.field),
					value: value(e.newValue),
					id: String(e.correctionId ?? "?"),
				},
				data: ["value"],
			};
		case "correction-base-changed":
			if (flag.item === null) return undefined;
			return {
				key: "flags.msg.correction-base-changed",
				vars: {
					item: flag.item,
					field: field(flag.field),
					newValue: value(e.newExtracted),
					oldValue: value(e.oldExtracted),
					correction: value(e.correction),
				},
				data: ["newValue", "oldValue", "correction"],
			};
		// Holds (docs/holds.md): the reason, then that the report waits for a person.
		case "incomplete-items":
			return held(
				"flags.msg.incomplete-items",
				{ stated: String(e.stated ?? "—"), found: String(e.found ?? "—") },
				[],
			);
		case "items-missing": {
			if (!Array.isArray(e.missing)) return undefined;
			const list = e.missing.map(String);
			return held(
				"flags.msg.items-missing",
				{
					missing: `${list.slice(0, 8).join(", ")}${list.length > 8 ? ", …" : ""}`,
				},
				[],
			);
		}
		case "table-cut":
		case "end-missing":
			return held(
				`flags.msg.${flag.kind}` as const,
				{ last: str(e.lastItem) ?? t(lang, "flags.msg.none") },
				[],
			);
		case "ocr-budget-scale": {
			const text = str(e.text);
			if (text !== undefined && e.mark === true)
				return {
					key: "flags.msg.ocr-budget-mark",
					vars: { text },
					data: ["text"],
				};
			const amount = num(e.amountMnt);
			if (text === undefined || amount === undefined) return undefined;
			return {
				key: "flags.msg.ocr-budget-scale",
				vars: { text, amount },
				data: ["text"],
			};
		}
		case "scan-unreliable": {
			const flagged = num(e.flagged);
			const fields = num(e.fields);
			const percent = num(e.percent);
			if (
				flagged === undefined ||
				fields === undefined ||
				percent === undefined
			)
				return undefined;
			return held(
				"flags.msg.scan-unreliable",
				{ flagged, fields, percent },
				[],
			);
		}
		case "item-identity": {
			if (!Array.isArray(e.rows)) return undefined;
			const rows = e.rows
				.map((r) => {
					const row = r as { item?: unknown; key?: unknown };
					return `${String(row.item)} → ${String(row.key)}`;
				})
				.join(", ");
			return held("flags.msg.item-identity", { n: e.rows.length, rows }, [
				"rows",
			]);
		}
		case "metadata-missing": {
			if (!Array.isArray(e.missing)) return undefined;
			const names = e.missing.map((m) =>
				m === "department"
					? t(lang, "flags.msg.department")
					: m === "year"
						? t(lang, "flags.msg.year")
						: String(m),
			);
			return held(
				"flags.msg.metadata-missing",
				{ missing: names.join(t(lang, "flags.msg.and")) },
				[],
			);
		}
		default:
			return undefined;
	}
}

/** Kinds whose flag holds the report out of the queries until a person accepts it. */
const HOLD_KINDS = new Set([
	"incomplete-items",
	"items-missing",
	"table-cut",
	"end-missing",
	"item-identity",
	"columns-unconfirmed",
	"metadata-missing",
	"scan-unreliable",
]);

/**
 * The parts of a flag's message in `lang`, in order: text to show as it is, and document text
 * (`data: true`) to mark as not to be translated. English: the stored message, whole.
 */
export function flagMessageParts(
	lang: Lang,
	flag: FlagLike,
): { text: string; data: boolean }[] {
	if (lang === "en") return [{ text: flag.message, data: false }];
	const message = flagMessage(lang, flag);
	if (message === undefined)
		return [
			{
				text: t(lang, "flags.msg.other", { kind: kindLabel(lang, flag.kind) }),
				data: false,
			},
		];
	const template = catalogue[message.key][lang];
	const parts: { text: string; data: boolean }[] = [];
	let last = 0;
	for (const m of template.matchAll(/\{(\w+)\}/g)) {
		const name = m[1] as string;
		const index = m.index ?? 0;
		if (index > last)
			parts.push({ text: template.slice(last, index), data: false });
		parts.push({
			text: name in message.vars ? String(message.vars[name]) : m[0],
			data: message.data.includes(name),
		});
		last = index + m[0].length;
	}
	if (last < template.length)
		parts.push({ text: template.slice(last), data: false });
	const { suffix } = message;
	if (suffix !== undefined)
		parts.push({
			text: ` ${t(lang, "flags.msg.more-paragraphs", { n: suffix })}`,
			data: false,
		});
	if (
		HOLD_KINDS.has(flag.kind) &&
		(flag.evidence.hold === true || flag.kind === "columns-unconfirmed")
	)
		parts.push({ text: ` ${t(lang, "flags.msg.held")}`, data: false });
	return parts;
}

/** A flag's message in `lang` as plain text (English: the stored message). */
export function flagText(lang: Lang, flag: FlagLike): string {
	return flagMessageParts(lang, flag)
		.map((p) => p.text)
		.join("");
}
