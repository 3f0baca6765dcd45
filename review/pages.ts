/**
 * The review app's pages, rendered with Hono's html`` template: every interpolated value is
 * escaped (document text is data, never markup); `raw` is used only for this file's own
 * constant CSS and script.
 */
import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import {
	fieldLabel,
	flagMessageParts,
	kindLabel,
} from "../messages/flag-text.ts";
import { catalogue, type Lang, type MessageKey, t } from "../messages/index.ts";
import {
	type EvidenceColumn,
	evidenceColumns,
	proposedColumnList,
} from "../pipeline/stitch/columns.ts";
import {
	type CorrectableField,
	FLAG_STATUSES,
	type FlagTrail,
	type ItemDetail,
	type QuestionRow,
	type QueueCounts,
	type QueueFilter,
	type QueueRow,
	type SourcePiece,
	type StoredFlag,
} from "../store/index.ts";
import { fieldOf } from "../store/review.ts";
import { CLIENT_SCRIPT, STYLE } from "./assets.ts";
import {
	EVIDENCE_SCRIPT,
	EVIDENCE_STYLE,
	type EvidenceSource,
	evidenceView,
	flagTarget,
	lookalikeNote,
	pieceTarget,
} from "./evidence.ts";
import { fieldToCorrect, valueToInput } from "./values.ts";

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export interface PageContext {
	nonce: string;
	csrf: string;
	/** Who is signed in ("": nobody yet, the header names no one). */
	who: string;
	/** Mounted sub-apps, for the navigation. */
	nav: string[];
	/** The language of the page (messages/index.ts; default Mongolian). */
	lang: Lang;
	/** The page's own path and query, for the language switch (default "/"). */
	path?: string;
	/** How many flags the signed-in clerk's last decision changed (0: nothing to undo). */
	undoable?: number;
	/** A message about what the last request did (an undo, a bulk accept), shown on top. */
	notice?: string;
	/** A clerk signed in (store/clerks.ts): the header offers progress and sign-out. */
	signedIn?: boolean;
}

/** A placeholder value already written as HTML (escaped by its maker). */
interface HtmlVar {
	html: string;
}
type Var = string | number | HtmlVar;

/**
 * A catalogue message as HTML: the message escaped, each placeholder escaped (or inserted as
 * HTML when it is an HtmlVar); placeholders named in `data` hold document text and are marked
 * translate="no" (text that is data, not the app's words).
 */
function tr(
	lang: Lang,
	key: MessageKey,
	vars: Record<string, Var> = {},
	data: readonly string[] = [],
): string {
	const template = catalogue[key][lang];
	let out = "";
	let last = 0;
	for (const m of template.matchAll(/\{(\w+)\}/g)) {
		const name = m[1] as string;
		const index = m.index ?? 0;
		out += esc(template.slice(last, index));
		const value = vars[name];
		if (value === undefined) out += esc(m[0]);
		else if (typeof value === "object") out += value.html;
		else if (data.includes(name)) out += dataText(value);
		else out += esc(value);
		last = index + m[0].length;
	}
	return out + esc(template.slice(last));
}

/** tr() for html`` templates. */
export function T(
	lang: Lang,
	key: MessageKey,
	vars: Record<string, Var> = {},
	data: readonly string[] = [],
): HtmlEscapedString {
	return raw(tr(lang, key, vars, data));
}

/** Document text (or a name from it) inside the app's words: shown as it is, never translated. */
function dataText(value: string | number): string {
	return `<span translate="no">${esc(value)}</span>`;
}

/** A flag's message as HTML in the page's language (document text marked translate="no"). */
function flagMessageHtml(
	lang: Lang,
	flag: Parameters<typeof flagMessageParts>[1],
): string {
	const parts = flagMessageParts(lang, flag);
	return parts.map((p) => (p.data ? dataText(p.text) : esc(p.text))).join("");
}

/** A field name as the clerk reads it; an unknown one as it is (data). */
function fieldHtml(lang: Lang, field: string | null): string {
	if (field === null) return "–";
	const label = fieldLabel(lang, field);
	return label === field ? dataText(field) : esc(label);
}

export const statusLabel = (lang: Lang, status: string): string =>
	Object.hasOwn(catalogue, `review.status.${status}`)
		? t(lang, `review.status.${status}` as MessageKey)
		: status;

/** The same address in the other language (?lang=…, remembered in a cookie). */
function switchUrl(ctx: PageContext): string {
	const url = new URL(ctx.path ?? "/", "http://x");
	url.searchParams.set("lang", ctx.lang === "mn" ? "en" : "mn");
	return `${url.pathname}${url.search}`;
}

/** A mounted sub-app's name in the navigation. */
function navLabel(lang: Lang, path: string): string {
	return path === "/me" ? t(lang, "review.nav.me") : path.slice(1);
}

/** Errors of a failed save, by field: the message and what was typed. */
export type ItemErrors = Partial<
	Record<CorrectableField, { message: string; typed?: string }>
>;

export function layout(
	ctx: PageContext,
	title: string,
	page: string,
	body: Html,
	next = "/",
): Html {
	const { lang } = ctx;
	return html`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · ${t(lang, "review.brand")}</title>
<style nonce="${ctx.nonce}">${raw(STYLE + EVIDENCE_STYLE)}</style>
</head>
<body data-page="${page}">
<header class="top">
<a class="brand" href="/">${t(lang, "review.brand")}</a>
<nav>${ctx.nav.map((path) => html`<a href="${path}/">${navLabel(lang, path)}</a>`)}</nav>
${ctx.who === "" ? "" : html`<span class="who">${T(lang, "review.signedAs", { who: ctx.who }, ["who"])}</span>`}
<a class="progress" href="/progress">${t(lang, "review.progress.title")}</a>${
		ctx.signedIn
			? html`<form method="post" action="/signout" class="signout"><input type="hidden" name="_csrf" value="${ctx.csrf}"><button type="submit">${t(lang, "review.signout")}</button></form>`
			: ""
	}
<span class="keys">${t(lang, "review.keys")}</span>
${
	ctx.undoable
		? html`<form id="undo-decision" method="post" action="/decisions/undo"><input type="hidden" name="_csrf" value="${ctx.csrf}"><input type="hidden" name="next" value="${next}"><button type="submit" class="undo" title="${t(lang, "review.undo.title", { n: ctx.undoable })}">${t(lang, "review.undo.button")}</button></form>`
		: ""
}
<a class="lang" id="lang-switch" href="${switchUrl(ctx)}" hreflang="${lang === "mn" ? "en" : "mn"}" title="${t(lang, "review.lang.switchTitle")}">${t(lang, "review.lang.switch")}</a>
</header>
<main>${ctx.notice ? html`<p class="notice" role="status">${ctx.notice}</p>` : ""}${body}</main>
<form id="act" method="post" hidden><input type="hidden" name="_csrf" value="${ctx.csrf}"><input type="hidden" name="next" value="${next}"></form>
<script nonce="${ctx.nonce}">${raw(`${CLIENT_SCRIPT}\n${EVIDENCE_SCRIPT}`)}</script>
</body>
</html>`;
}

function queueUrl(
	filter: QueueFilter,
	change: Partial<Record<"report" | "kind" | "status" | "page", string>>,
): string {
	const params = new URLSearchParams();
	const report =
		change.report ??
		(filter.reportId === undefined ? "" : String(filter.reportId));
	const kind = change.kind ?? filter.kind ?? "";
	const status = change.status ?? filter.status ?? "open";
	if (report) params.set("report", report);
	if (kind) params.set("kind", kind);
	if (status !== "open") params.set("status", status);
	if (change.page && change.page !== "1") params.set("page", change.page);
	const query = params.toString();
	return query ? `/?${query}` : "/";
}

/** The queue: one line per question, grouped by report, by severity then position; filters and counts. */
export function queuePage(
	ctx: PageContext,
	data: {
		filter: QueueFilter;
		rows: QuestionRow[];
		counts: QueueCounts;
		/** 1-based page of the queue shown (default 1). */
		page?: number;
		/** Questions per page (default: all on one page). */
		pageSize?: number;
		/** The evidence of each shown report's columns-unconfirmed hold, by report id. */
		columnHolds?: ReadonlyMap<number, Record<string, unknown>>;
	},
): Html {
	const { lang } = ctx;
	const { filter, rows, counts, page = 1 } = data;
	const pageSize = data.pageSize ?? Math.max(rows.length, 1);
	const pages = Math.max(1, Math.ceil(counts.total / pageSize));
	const first = (page - 1) * pageSize;
	const previous = t(lang, "review.pager.previous");
	const nextLabel = t(lang, "review.pager.next");
	const pager =
		pages === 1
			? ""
			: html`<nav class="pager" aria-label="${t(lang, "review.pager.label")}">${t(lang, "review.pager.range", { from: first + 1, to: first + rows.length, total: counts.total })} · ${
					page > 1
						? html`<a rel="prev" href="${queueUrl(filter, { page: String(page - 1) })}">${previous}</a>`
						: previous
				} · ${t(lang, "review.pager.page", { page, pages })} · ${
					page < pages
						? html`<a rel="next" href="${queueUrl(filter, { page: String(page + 1) })}">${nextLabel}</a>`
						: nextLabel
				}</nav>`;
	const here = queueUrl(filter, {});
	const groups: { reportId: number; rows: QuestionRow[] }[] = [];
	for (const row of rows) {
		const last = groups[groups.length - 1];
		if (last && last.reportId === row.reportId) last.rows.push(row);
		else groups.push({ reportId: row.reportId, rows: [row] });
	}
	const status = filter.status ?? "open";
	const heading =
		status === "all"
			? t(lang, "review.queue.headingAll")
			: t(lang, "review.queue.heading", { status: statusLabel(lang, status) });
	const body = html`
<section class="filters">
<h1>${t(lang, "review.queue.title")} <span class="count" id="total">${counts.total}</span> <small>${heading}</small></h1>
<form method="get" action="/" class="filter-form">
<label>${t(lang, "review.filter.report")} <select name="report"><option value="">${t(lang, "review.filter.allReports")}</option>${counts.byReport.map(
		(r) =>
			html`<option value="${r.reportId}"${r.reportId === filter.reportId ? raw(" selected") : ""}>${r.label} (${r.n})</option>`,
	)}</select></label>
<label>${t(lang, "review.filter.kind")} <select name="kind"><option value="">${t(lang, "review.filter.allKinds")}</option>${counts.byKind.map(
		(k) =>
			html`<option value="${k.kind}"${k.kind === filter.kind ? raw(" selected") : ""}>${kindLabel(lang, k.kind)} (${k.n})</option>`,
	)}</select></label>
<label>${t(lang, "review.filter.status")} <select name="status">${[
		...FLAG_STATUSES,
		"all" as const,
	].map(
		(s) =>
			html`<option value="${s}"${s === status ? raw(" selected") : ""}>${statusLabel(lang, s)}${s === "all" ? "" : ` (${counts.byStatus.find((b) => b.status === s)?.n ?? 0})`}</option>`,
	)}</select></label>
<button type="submit">${t(lang, "review.filter.submit")}</button>
<a href="/">${t(lang, "review.filter.reset")}</a>
</form>
${
	status === "open" &&
	(filter.reportId !== undefined || filter.kind !== undefined) &&
	counts.total > 0
		? html`<form method="post" action="/flags/bulk-accept" class="bulk"><input type="hidden" name="_csrf" value="${ctx.csrf}"><input type="hidden" name="report" value="${filter.reportId ?? ""}"><input type="hidden" name="kind" value="${filter.kind ?? ""}"><button type="submit" class="bulk-accept">${t(lang, "review.bulk.button", { n: counts.total })}</button></form>`
		: ""
}
<p class="facets">${counts.byKind.map(
		(k) =>
			html`<a class="chip${k.kind === filter.kind ? " on" : ""}" href="${queueUrl(filter, { kind: k.kind === filter.kind ? "" : k.kind })}">${kindLabel(lang, k.kind)} <b>${k.n}</b></a> `,
	)}</p>
</section>
${
	rows.length === 0
		? html`<p class="empty">${
				status === "all"
					? t(lang, "review.queue.emptyAll")
					: t(lang, "review.queue.empty", {
							status: statusLabel(lang, status),
						})
			} ${status === "open" ? t(lang, "review.queue.allDone") : ""}</p>`
		: html`<table class="queue" id="queue">
<thead><tr><th>${t(lang, "review.col.severity")}</th><th>${t(lang, "review.col.item")}</th><th>${t(lang, "review.col.field")}</th><th>${t(lang, "review.col.kind")}</th><th>${t(lang, "review.col.message")}</th><th>${t(lang, "review.col.status")}</th><th>${t(lang, "review.col.actions")}</th></tr></thead>
${groups.map((g) => {
	const first = g.rows[0] as QueueRow;
	return html`<tbody class="report" data-report="${g.reportId}">
<tr class="group"><th colspan="7">${T(
		lang,
		"review.queue.group",
		{
			id: g.reportId,
			year: first.year ?? "?",
			department: first.department ?? first.organization ?? "?",
			period:
				first.period === null
					? ""
					: Object.hasOwn(catalogue, `review.period.${first.period}`)
						? t(lang, `review.period.${first.period}` as MessageKey)
						: first.period,
			document: {
				html: `<span class="doc" translate="no">${esc(first.documentName)}</span>`,
			},
			n: g.rows.length,
		},
		["department"],
	)}</th></tr>
${columnsPanel(lang, g.reportId, first.documentName, data.columnHolds?.get(g.reportId))}
${raw(g.rows.map((r) => queueRow(lang, r)).join(""))}
</tbody>`;
})}
</table>
${pager}`
}`;
	return layout(ctx, t(lang, "review.queue.pageTitle"), "queue", body, here);
}

/** A word for a POSIX shell, quoted when it needs to be. */
function shellWord(text: string): string {
	return /^[\w@%+=:,./-]+$/.test(text)
		? text
		: `'${text.replaceAll("'", "'\\''")}'`;
}

/**
 * A held report's proposed column mapping (header text, proposed role, score, support) and the
 * command that reassigns the columns: the file is read again with the clerk's roles.
 */
function columnsPanel(
	lang: Lang,
	reportId: number,
	documentName: string,
	evidence: Record<string, unknown> | undefined,
): Html | string {
	if (evidence === undefined) return "";
	const columns: EvidenceColumn[] = evidenceColumns(evidence);
	const command = `tailan import ${shellWord(documentName)} --columns ${shellWord(proposedColumnList(columns))}`;
	const code = (text: string) => ({
		html: `<code translate="no">${esc(text)}</code>`,
	});
	return html`<tr class="columns-hold"><td colspan="7">
<p><b>${t(lang, "review.columns.notConfirmed")}</b> ${t(lang, "review.columns.proposed")}</p>
<table class="columns-map"><thead><tr><th>${t(lang, "review.columns.column")}</th><th>${t(lang, "review.columns.header")}</th><th>${t(lang, "review.columns.role")}</th><th>${t(lang, "review.columns.score")}</th><th>${t(lang, "review.columns.from")}</th><th>${t(lang, "review.columns.content")}</th></tr></thead>
<tbody>${columns.map(
		(c) =>
			html`<tr><td>${c.column}</td>${c.header === "" ? html`<td>${t(lang, "review.columns.blank")}</td>` : html`<td translate="no">${c.header}</td>`}<td translate="no">${c.role ?? "–"}</td><td>${c.score.toFixed(2)}</td><td translate="no">${c.from}</td><td translate="no">${c.content}</td></tr>`,
	)}</tbody></table>
<p>${T(lang, "review.columns.explain", {
		roles: code(
			"item, activity, budget, indicator, baseline, targetHalfYear, targetFullYear, achievement, performance, responsible, deadline, notes, ignore",
		),
		db: code("--db"),
	})}</p>
<pre class="command" translate="no">${command}</pre>
<p>${T(lang, "review.columns.cli", { command: code(`tailan reports columns ${reportId}`) })}</p>
</td></tr>`;
}

/** Escape text for HTML text and double-quoted attributes (as Hono's html`` does). */
function esc(value: string | number): string {
	const text = String(value);
	return /[&<>"']/.test(text)
		? text.replace(/[&<>"']/g, (ch) => ESCAPES[ch] as string)
		: text;
}
const ESCAPES: Record<string, string> = {
	"&": "&amp;",
	"<": "&lt;",
	">": "&gt;",
	'"': "&quot;",
	"'": "&#39;",
};

/**
 * One queue line: a question (its first flag, and where else it was raised). Plain string
 * building with esc() on every value: the queue may hold thousands of rows and must render in
 * well under 300 ms (scripts/bench-review.ts).
 */
function queueRow(lang: Lang, r: QuestionRow): string {
	const open =
		r.item === null
			? `/?report=${r.reportId}`
			: `/reports/${r.reportId}/items/${encodeURIComponent(r.item)}?flag=${r.id}`;
	const edit = r.item === null ? null : fieldToCorrect(r.field);
	const buttons =
		r.status === "open"
			? `<button class="accept" form="act" formaction="/flags/${r.id}/accept" name="seen" value="open">${esc(t(lang, "review.action.accept"))}</button><button class="reject" form="act" formaction="/flags/${r.id}/reject" name="seen" value="open">${esc(t(lang, "review.action.reject"))}</button>`
			: `<button class="reopen" form="act" formaction="/flags/${r.id}/reopen" name="seen" value="${esc(r.status)}">${esc(t(lang, "review.action.reopen"))}</button>`;
	const also =
		r.others.length === 0
			? ""
			: `<div class="also" title="${esc(t(lang, "review.queue.alsoTitle", { n: r.flagIds.length }))}">${tr(
					lang,
					"review.queue.also",
					{
						places: {
							html: r.others
								.map((o) =>
									o.item === null
										? esc(t(lang, "review.queue.reportLevel"))
										: `<a href="/reports/${r.reportId}/items/${encodeURIComponent(o.item)}?flag=${o.id}">${esc(o.item)}</a>${o.field === r.field || o.field === null ? "" : ` (${fieldHtml(lang, o.field)})`}`,
								)
								.join(", "),
						},
					},
				)}</div>`;
	return `<tr class="flag sev-${esc(r.severity)}" id="flag-${r.id}" data-kind="${esc(r.kind)}" data-open="${esc(open)}" data-flags="${r.flagIds.length}"${edit === null ? "" : ` data-field="${esc(edit)}"`}><td><span class="sev">${esc(t(lang, `review.severity.${r.severity}`))}</span></td><td>${r.item === null ? esc(t(lang, "review.queue.reportLevel")) : `<a href="${esc(open)}">${esc(r.item)}</a>`}</td><td>${fieldHtml(lang, r.field)}</td><td>${esc(kindLabel(lang, r.kind))}</td><td class="msg">${flagMessageHtml(lang, r)}${also}</td><td class="status st-${esc(r.status)}">${esc(statusLabel(lang, r.status))}</td><td class="actions">${buttons}</tr>\n`;
}

function flagButtons(lang: Lang, id: number, status: string): Html {
	return html`${
		status === "open"
			? html`<button class="accept" form="act" formaction="/flags/${id}/accept" name="seen" value="open" title="${t(lang, "review.action.acceptTitle")}">${t(lang, "review.action.accept")}</button><button class="reject" form="act" formaction="/flags/${id}/reject" name="seen" value="open" title="${t(lang, "review.action.rejectTitle")}">${t(lang, "review.action.reject")}</button>`
			: html`<button class="reopen" form="act" formaction="/flags/${id}/reopen" name="seen" value="${status}">${t(lang, "review.action.reopen")}</button>`
	}`;
}

/** Field rows of the item view, in the export's order (labels: review.field.* in the catalogue). */
const FIELD_ROWS: { field: CorrectableField; prov: string }[] = [
	{ field: "activity", prov: "activity" },
	{ field: "budget.raw", prov: "budget" },
	{ field: "budget.amountMnt", prov: "budget" },
	{ field: "budget.source", prov: "budget" },
	{ field: "indicator", prov: "indicator" },
	{ field: "baseline.raw", prov: "baseline" },
	{ field: "baseline.value", prov: "baseline" },
	{ field: "baseline.unit", prov: "baseline" },
	{ field: "targetHalfYear.raw", prov: "targetHalfYear" },
	{ field: "targetHalfYear.value", prov: "targetHalfYear" },
	{ field: "targetHalfYear.unit", prov: "targetHalfYear" },
	{ field: "targetFullYear.raw", prov: "targetFullYear" },
	{ field: "targetFullYear.value", prov: "targetFullYear" },
	{ field: "targetFullYear.unit", prov: "targetFullYear" },
	{ field: "performancePct", prov: "performancePct" },
	{ field: "notDue", prov: "performancePct" },
	{ field: "goal", prov: "goal" },
	{ field: "achievement", prov: "achievement" },
];

const TEXTAREA_FIELDS = new Set<CorrectableField>([
	"activity",
	"indicator",
	"achievement",
]);

function flagMatchesField(flag: StoredFlag, field: CorrectableField): boolean {
	if (flag.field === null) return false;
	if (flag.field === field) return true;
	// A flag on "budget" concerns budget.raw/amountMnt/source; show it on the field it most likely asks to fix.
	return fieldToCorrect(flag.field) === field;
}

/** Sizes of a scanned report's page images, by page (store/images.ts pageImageSizes). */
export type PageSizes = Map<
	number,
	{ sourceWidth: number; sourceHeight: number }
>;

function display(lang: Lang, value: unknown): string {
	if (value === null || value === undefined || value === "") return "—";
	if (typeof value === "boolean")
		return t(lang, value ? "review.item.yes" : "review.item.no");
	if (value === "percent" || value === "count")
		return t(lang, `review.item.unit.${value}`);
	return String(value);
}

function editor(
	ctx: PageContext,
	d: ItemDetail,
	field: CorrectableField,
	current: string,
	error: { message: string; typed?: string } | undefined,
	open: boolean,
): Html {
	const id = `in-${field.replace(/[^A-Za-z0-9-]/g, "-")}`;
	const value = error?.typed ?? current;
	const errId = `err-${field.replace(/[^A-Za-z0-9-]/g, "-")}`;
	const described = html`${error ? html` aria-invalid="true" aria-describedby="${errId}"` : ""}${open ? raw(" autofocus") : ""}`;
	let input: Html;
	const { lang } = ctx;
	if (field.endsWith(".unit"))
		input = html`<select id="${id}" name="value"${described}>${(["", "percent", "count"] as const).map((u) => html`<option value="${u}"${u === value ? raw(" selected") : ""}>${u === "" ? t(lang, "review.item.unitNone") : t(lang, `review.item.unit.${u}`)}</option>`)}</select>`;
	else if (field === "notDue")
		input = html`<select id="${id}" name="value"${described}>${(["no", "yes"] as const).map((u) => html`<option value="${u}"${u === value ? raw(" selected") : ""}>${t(lang, `review.item.${u}`)}</option>`)}</select>`;
	else if (TEXTAREA_FIELDS.has(field))
		input = html`<textarea id="${id}" name="value" rows="${field === "achievement" ? 10 : 3}" translate="no"${described}>${value}</textarea>`;
	else
		input = html`<input id="${id}" name="value" value="${value}" autocomplete="off"${described}>`;
	return html`<form class="edit" method="post" action="/reports/${d.reportId}/items/${encodeURIComponent(d.effective.item)}/correct" data-field="${field}"${open ? "" : raw(" hidden")}>
<input type="hidden" name="_csrf" value="${ctx.csrf}"><input type="hidden" name="field" value="${field}">
<label for="${id}" class="sr">${t(lang, "review.item.newValue", { field: fieldLabel(lang, field) })}</label>${input}
<input name="reason" class="reason" placeholder="${t(lang, "review.item.reason")}" maxlength="2000">
<button type="submit" class="save">${t(lang, "review.action.save")}</button> <button type="button" class="cancel">${t(lang, "review.action.cancel")}</button>
${error ? html`<p class="error" id="${errId}" role="alert">${error.message}</p>` : ""}
</form>`;
}

/** The item view: typed fields with raw text, source evidence, flags, narrative moves, history. */
export function itemPage(
	ctx: PageContext,
	data: {
		detail: ItemDetail;
		source: string | undefined;
		/** Scans: the sizes of the stored page images (default: none). */
		pages?: PageSizes;
		selectedFlag: number | undefined;
		edit: CorrectableField | undefined;
		errors: ItemErrors;
		nextFlag: QueueRow | undefined;
		/** For each flag of the item, the other flags of its question (one decision closes all). */
		questions?: ReadonlyMap<
			number,
			{ id: number; item: string | null; field: string | null }[]
		>;
		/** Who decided each decided flag, when and why (store/decisions.ts flagTrails). */
		trails?: ReadonlyMap<number, FlagTrail>;
	},
): Html {
	const { lang } = ctx;
	const { detail: d, errors } = data;
	const ev: EvidenceSource = {
		reportId: d.reportId,
		source: data.source,
		pages: data.pages ?? new Map(),
		pieces: d.pieces,
	};
	/** A field's flags' evidence, each place shown once. */
	const flagEvidence = (flags: StoredFlag[]) => {
		const shown = new Set<string>();
		return flags.map((f) => {
			const target = flagTarget(f, d.pieces);
			const key = JSON.stringify(target ?? null);
			const view =
				target && !shown.has(key) ? evidenceView(lang, ev, target) : "";
			shown.add(key);
			return html`<div class="fl sev-${f.severity} st-${f.status}" data-flag="${f.id}"><b>${kindLabel(lang, f.kind)}</b> ${raw(flagMessageHtml(lang, f))}
${view}</div>`;
		});
	};
	const m = d.effective;
	const here = `/reports/${d.reportId}/items/${encodeURIComponent(m.item)}`;
	const piecesOf = (prov: string) => d.pieces.filter((p) => p.field === prov);
	const openFlags = d.flags.filter((f) => f.status === "open");
	const selected =
		d.flags.find((f) => f.id === data.selectedFlag) ??
		openFlags[0] ??
		d.flags[0];
	const rows = FIELD_ROWS.map(({ field, prov }) => {
		const label = fieldLabel(lang, field);
		const eff = fieldOf(m, field);
		const ext = fieldOf(d.extracted, field);
		const corrected = d.corrections.some((c) => c.field === field);
		const flags = d.flags.filter((f) => flagMatchesField(f, field));
		const pieces = piecesOf(prov);
		const error = errors[field];
		const open = error !== undefined || data.edit === field;
		const fid = field.replace(/[^A-Za-z0-9-]/g, "-");
		return html`<tr class="field${flags.some((f) => f.status === "open") ? " flagged" : ""}${corrected ? " corrected" : ""}" id="field-${fid}" data-field="${field}">
<th scope="row">${label}${lang === "en" ? html`<br><code>${field}</code>` : ""}</th>
<td class="value"><span class="eff" data-testid="value-${fid}" translate="no">${field === "achievement" ? html`<span class="pre">${display(lang, eff)}</span>` : display(lang, eff)}</span>
${corrected ? html`<div class="was">${T(lang, "review.item.extracted", { value: { html: `<span translate="no">${esc(display(lang, ext))}</span>` } })}</div>` : ""}
${field === "performancePct" && d.performanceRaw !== null ? html`<div class="raw">${T(lang, "review.item.column9", { value: { html: `<q translate="no">${esc(d.performanceRaw)}</q>` } })}</div>` : ""}
${
	pieces.length > 0 && field !== "achievement"
		? html`<div class="raw">${T(lang, "review.item.raw", { value: { html: pieces.map((p, i) => `${i > 0 ? " + " : ""}<q translate="no">${esc(p.text)}</q>`).join("") } })}</div>`
		: ""
}
${typeof eff === "string" ? lookalikeNote(lang, field, eff) : ""}
${editor(ctx, d, field, valueToInput(eff), error, open)}
</td>
<td class="evidence">${flagEvidence(flags)}${
			flags.length === 0 && pieces.length > 0
				? html`<details><summary>${
						pieces.length === 1
							? t(lang, "review.item.sourceOne", {
									page: pieces[0]?.page ?? "?",
								})
							: t(lang, "review.item.sourceMany", {
									n: pieces.length,
									page: pieces[0]?.page ?? "?",
								})
					}</summary>${pieces.map((p: SourcePiece) => evidenceView(lang, ev, pieceTarget(p)))}</details>`
				: ""
		}</td>
<td class="ops"><button type="button" class="edit-btn" data-field="${field}" title="${t(lang, "review.action.editTitle")}">${t(lang, "review.action.edit")}</button></td>
</tr>`;
	});

	const narrative = narrativeSection(ctx, d, errors.achievement?.message);
	const history = d.corrections.length
		? html`<section class="history"><h2>${t(lang, "review.item.history", { item: m.item })}</h2><table><thead><tr><th>#</th><th>${t(lang, "review.history.when")}</th><th>${t(lang, "review.history.who")}</th><th>${t(lang, "review.history.field")}</th><th>${t(lang, "review.history.change")}</th><th>${t(lang, "review.history.reason")}</th><th></th></tr></thead><tbody>${[
				...d.corrections,
			]
				.reverse()
				.map(
					(c) =>
						html`<tr><td>${c.id}</td><td>${c.createdAt}</td><td translate="no">${c.who}</td><td>${raw(fieldHtml(lang, c.field))}</td><td><span class="old" translate="no">${short(display(lang, c.oldValue))}</span> → <span class="new" translate="no">${short(display(lang, c.newValue))}</span></td><td translate="no">${c.reason}</td><td><form method="post" action="/corrections/${c.id}/undo"><input type="hidden" name="_csrf" value="${ctx.csrf}"><button type="submit" class="undo" title="${t(lang, "review.action.undoTitle")}">${t(lang, "review.action.undo")}</button></form></td></tr>`,
				)}</tbody></table></section>`
		: "";
	const body = html`
<nav class="crumbs"><a href="/" id="to-queue">${t(lang, "review.item.toQueue")}</a> · ${t(lang, "review.item.report", { id: d.reportId })} · <span class="doc" translate="no">${d.documentName}</span>
${d.previous ? html` · <a href="/reports/${d.reportId}/items/${encodeURIComponent(d.previous.item)}" id="prev-item">← ${d.previous.item}</a>` : ""}
${d.next ? html` · <a href="/reports/${d.reportId}/items/${encodeURIComponent(d.next.item)}" id="next-item">${d.next.item} →</a>` : ""}
${data.nextFlag?.item ? html` · <a href="/reports/${data.nextFlag.reportId}/items/${encodeURIComponent(data.nextFlag.item)}?flag=${data.nextFlag.id}" id="next-flag">${t(lang, "review.item.nextFlag", { item: data.nextFlag.item })}</a>` : ""}</nav>
<h1>${T(lang, "review.item.title", { item: { html: `<span id="item-no">${esc(m.item)}</span>` } })} <small translate="no">${d.reportTitle}</small></h1>
<p class="activity" translate="no">${m.activity}</p>
<section class="flags"><h2>${t(lang, "review.item.flags")} <span class="count">${t(lang, "review.item.openCount", { n: openFlags.length })}</span></h2>
${
	d.flags.length === 0
		? html`<p class="empty">${t(lang, "review.item.noFlags")}</p>`
		: html`<ol class="flag-list" id="flags">${d.flags.map((f) => {
				const edit = fieldToCorrect(f.field);
				const move = moveTarget(d, f);
				return html`<li class="flag sev-${f.severity} st-${f.status}${f.id === selected?.id ? " sel" : ""}" id="flag-${f.id}" data-id="${f.id}" data-edit="${edit ?? ""}" data-move="${move ?? ""}">
<span class="sev">${t(lang, `review.severity.${f.severity}`)}</span> <b>${kindLabel(lang, f.kind)}</b> ${f.field === null ? "" : html`<span class="fname">(${raw(fieldHtml(lang, f.field))})</span>`} <span class="msg">${raw(flagMessageHtml(lang, f))}</span> <span class="status st-${f.status}">${statusLabel(lang, f.status)}</span>${trailOf(lang, data.trails?.get(f.id))}${alsoOf(lang, d.reportId, data.questions?.get(f.id))}
<span class="actions">${flagButtons(lang, f.id, f.status)}${edit ? html`<button type="button" class="edit-btn" data-field="${edit}">${t(lang, "review.action.editField", { field: fieldLabel(lang, edit) })}</button>` : ""}${move ? html`<button type="button" class="move-btn" data-move="${move}">${t(lang, "review.action.move")}</button>` : ""}</span></li>`;
			})}</ol>`
}
</section>
<section class="fields"><h2>${t(lang, "review.item.fields")} <small>${t(lang, "review.item.fieldsNote")}</small></h2>
<table class="fields-table"><tbody>${rows}</tbody></table></section>
${narrative}
${history}`;
	return layout(
		ctx,
		t(lang, "review.item.title", { item: m.item }),
		"item",
		body,
		here,
	);
}

/** Where else a flag's question was raised (one decision closes them all). */
function alsoOf(
	lang: Lang,
	reportId: number,
	others:
		| readonly { id: number; item: string | null; field: string | null }[]
		| undefined,
): Html | "" {
	if (!others || others.length === 0) return "";
	const places = others
		.map((o) =>
			o.item === null
				? esc(t(lang, "review.queue.reportLevel"))
				: `<a href="/reports/${reportId}/items/${encodeURIComponent(o.item)}?flag=${o.id}">${esc(o.item)}</a>${o.field === null ? "" : ` (${fieldHtml(lang, o.field)})`}`,
		)
		.join(", ");
	return html` <span class="also" title="${t(lang, "review.queue.alsoTitle", { n: others.length + 1 })}">${T(lang, "review.queue.also", { places: { html: places } })}</span>`;
}

function short(text: string): string {
	return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}

function paragraphs(text: string): string[] {
	return text
		.split("\n")
		.map((p) => p.trim())
		.filter((p) => p !== "");
}

/**
 * The id of the move form a flag's `m` key should press: for a moved narrative fragment that
 * still sits in this item, the move back to where it came from.
 */
function moveTarget(d: ItemDetail, f: StoredFlag): string | undefined {
	if (!f.kind.startsWith("narrative")) return undefined;
	const text =
		typeof f.evidence.text === "string" ? f.evidence.text.trim() : "";
	const mine = d.effective.achievement.trim();
	if (text !== "" && mine.endsWith(text) && d.next) return "move-next-last";
	if (text !== "" && mine.startsWith(text) && d.previous)
		return "move-prev-first";
	// The fragment is elsewhere now (moved or corrected): nothing to move from here.
	if (text !== "") return undefined;
	return d.next ? "move-next-last" : d.previous ? "move-prev-first" : undefined;
}

function narrativeSection(
	ctx: PageContext,
	d: ItemDetail,
	error: string | undefined,
): Html {
	const { lang } = ctx;
	const paras = paragraphs(d.effective.achievement);
	const moveForm = (
		direction: "previous" | "next",
		fragment: string,
		id: string,
		target: string,
	) =>
		html`<form method="post" action="/reports/${d.reportId}/items/${encodeURIComponent(d.effective.item)}/move" class="move" id="${id}">
<input type="hidden" name="_csrf" value="${ctx.csrf}"><input type="hidden" name="direction" value="${direction}"><input type="hidden" name="fragment" value="${fragment}">
<button type="submit" title="${t(lang, "review.narrative.moveTitle", { item: target })}">${t(lang, direction === "previous" ? "review.narrative.moveUp" : "review.narrative.moveDown", { item: target })}</button></form>`;
	const tail = (text: string) =>
		text.length > 400 ? `…${text.slice(-400)}` : text;
	const head = (text: string) =>
		text.length > 400 ? `${text.slice(0, 400)}…` : text;
	return html`<section class="narrative" id="narrative"><h2>${t(lang, "review.narrative.title")} <small>${t(lang, "review.narrative.order", { previous: d.previous?.item ?? "—", item: d.effective.item, next: d.next?.item ?? "—" })}</small></h2>
${error ? html`<p class="error" role="alert">${error}</p>` : ""}
${d.previous ? html`<div class="neighbour"><h3>${t(lang, "review.narrative.ends", { item: d.previous.item })}</h3><p class="pre" translate="no">${tail(d.previous.achievement)}</p></div>` : ""}
<ol class="fragments">${paras.map((p, i) => {
		const first = i === 0;
		const last = i === paras.length - 1;
		return html`<li class="fragment" data-index="${i}"><p class="pre" translate="no">${p}</p><div class="moves">${
			first && d.previous
				? moveForm("previous", p, "move-prev-first", d.previous.item)
				: ""
		}${last && d.next ? moveForm("next", p, "move-next-last", d.next.item) : ""}</div></li>`;
	})}</ol>
${d.next ? html`<div class="neighbour"><h3>${t(lang, "review.narrative.begins", { item: d.next.item })}</h3><p class="pre" translate="no">${head(d.next.achievement)}</p></div>` : ""}
</section>`;
}

/**
 * The confirmation of a bulk accept: how many questions and flags the filter holds now, a reason
 * (required), and the button that sends the same filter again with confirm=1 and the counts seen.
 */
export function bulkConfirmPage(
	ctx: PageContext,
	data: {
		filter: { reportId?: number; kind?: string };
		questions: number;
		flags: number;
		/** Flags of held reports, left out of the bulk accept. */
		held: number;
		reason?: string;
		/** Why the page is shown again: the reason is missing, or the queue changed. */
		problem?: "reasonMissing" | "changed";
	},
): Html {
	const { lang } = ctx;
	const back = queueUrl({ ...data.filter, status: "open" }, {});
	const body =
		data.flags === 0
			? html`<h1>${t(lang, "review.bulk.title")}</h1><p class="empty">${t(lang, "review.bulk.nothing")}</p><p><a href="${back}">${t(lang, "review.bulk.cancel")}</a></p>`
			: html`<h1>${t(lang, "review.bulk.title")}</h1>
${data.problem ? html`<p class="error" role="alert">${t(lang, `review.bulk.${data.problem}`)}</p>` : ""}
<p id="bulk-summary">${t(lang, "review.bulk.confirm", { questions: data.questions, flags: data.flags })}</p>
${data.held > 0 ? html`<p>${t(lang, "review.bulk.held", { n: data.held })}</p>` : ""}
<form method="post" action="/flags/bulk-accept" class="bulk-confirm">
<input type="hidden" name="_csrf" value="${ctx.csrf}"><input type="hidden" name="report" value="${data.filter.reportId ?? ""}"><input type="hidden" name="kind" value="${data.filter.kind ?? ""}"><input type="hidden" name="confirm" value="1"><input type="hidden" name="flags" value="${data.flags}">
<label>${t(lang, "review.bulk.reason")} <textarea name="reason" required rows="2">${data.reason ?? ""}</textarea></label>
<button type="submit" class="accept">${t(lang, "review.bulk.submit")}</button> <a href="${back}">${t(lang, "review.bulk.cancel")}</a>
</form>`;
	return layout(ctx, t(lang, "review.bulk.title"), "bulk", body, back);
}

/** A decided flag's who, when and why, beside its status (names and reasons as written). */
function trailOf(lang: Lang, trail: FlagTrail | undefined): Html | string {
	if (trail === undefined) return "";
	const when = trail.when.slice(0, 16).replace("T", " ");
	return html` <small class="trail">${t(lang, `review.trail.${trail.source}`)} <span translate="no">${trail.who}</span> · <time datetime="${trail.when}">${when}</time>${trail.why === "" ? "" : html` · <span translate="no">${trail.why}</span>`}</small>`;
}
