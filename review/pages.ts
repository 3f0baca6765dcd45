/**
 * The review app's pages, rendered with Hono's html`` template: every interpolated value is
 * escaped (document text is data, never markup); `raw` is used only for this file's own
 * constant CSS and script.
 */
import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import {
	type EvidenceColumn,
	evidenceColumns,
	proposedColumnList,
} from "../pipeline/stitch/columns.ts";
import {
	type CorrectableField,
	FLAG_STATUSES,
	type ItemDetail,
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
	langOf,
	lookalikeNote,
	pieceTarget,
} from "./evidence.ts";
import { fieldToCorrect, valueToInput } from "./values.ts";

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export interface PageContext {
	nonce: string;
	csrf: string;
	who: string;
	/** Mounted sub-apps, for the navigation. */
	nav: string[];
}

/** Errors of a failed save, by field: the message and what was typed. */
export type ItemErrors = Partial<
	Record<CorrectableField, { message: string; typed?: string }>
>;

const SEVERITY_LABEL = { error: "error", warning: "warning", info: "info" };

function layout(
	ctx: PageContext,
	title: string,
	page: string,
	body: Html,
	next = "/",
): Html {
	return html`<!doctype html>
<html lang="mn">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · tailan review</title>
<style nonce="${ctx.nonce}">${raw(STYLE + EVIDENCE_STYLE)}</style>
</head>
<body data-page="${page}">
<header class="top">
<a class="brand" href="/">tailan review</a>
<nav>${ctx.nav.map((path) => html`<a href="${path}/">${path.slice(1)}</a>`)}</nav>
<span class="who">signed as ${ctx.who}</span>
<span class="keys">j/k move · Enter accept · e edit · m move fragment · o open · u queue</span>
</header>
<main>${body}</main>
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

/** The queue: flags grouped by report, by severity then position; filters and counts. */
export function queuePage(
	ctx: PageContext,
	data: {
		filter: QueueFilter;
		rows: QueueRow[];
		counts: QueueCounts;
		/** 1-based page of the queue shown (default 1). */
		page?: number;
		/** Flags per page (default: all on one page). */
		pageSize?: number;
		/** The evidence of each shown report's columns-unconfirmed hold, by report id. */
		columnHolds?: ReadonlyMap<number, Record<string, unknown>>;
	},
): Html {
	const { filter, rows, counts, page = 1 } = data;
	const pageSize = data.pageSize ?? Math.max(rows.length, 1);
	const pages = Math.max(1, Math.ceil(counts.total / pageSize));
	const first = (page - 1) * pageSize;
	const pager =
		pages === 1
			? ""
			: html`<nav class="pager" aria-label="queue pages">flags ${first + 1}–${first + rows.length} of ${counts.total} · ${
					page > 1
						? html`<a rel="prev" href="${queueUrl(filter, { page: String(page - 1) })}">‹ previous</a>`
						: "‹ previous"
				} · page ${page} of ${pages} · ${
					page < pages
						? html`<a rel="next" href="${queueUrl(filter, { page: String(page + 1) })}">next ›</a>`
						: "next ›"
				}</nav>`;
	const here = queueUrl(filter, {});
	const groups: { reportId: number; rows: QueueRow[] }[] = [];
	for (const row of rows) {
		const last = groups[groups.length - 1];
		if (last && last.reportId === row.reportId) last.rows.push(row);
		else groups.push({ reportId: row.reportId, rows: [row] });
	}
	const statusLabel =
		filter.status === "all" ? "" : `${filter.status ?? "open"} `;
	const body = html`
<section class="filters">
<h1>Review queue <span class="count" id="total">${counts.total}</span> <small>${statusLabel}flags</small></h1>
<form method="get" action="/" class="filter-form">
<label>Report <select name="report"><option value="">all reports</option>${counts.byReport.map(
		(r) =>
			html`<option value="${r.reportId}"${r.reportId === filter.reportId ? raw(" selected") : ""}>${r.label} (${r.n})</option>`,
	)}</select></label>
<label>Kind <select name="kind"><option value="">all kinds</option>${counts.byKind.map(
		(k) =>
			html`<option value="${k.kind}"${k.kind === filter.kind ? raw(" selected") : ""}>${k.kind} (${k.n})</option>`,
	)}</select></label>
<label>Status <select name="status">${[...FLAG_STATUSES, "all" as const].map(
		(s) =>
			html`<option value="${s}"${s === (filter.status ?? "open") ? raw(" selected") : ""}>${s}${s === "all" ? "" : ` (${counts.byStatus.find((b) => b.status === s)?.n ?? 0})`}</option>`,
	)}</select></label>
<button type="submit">Filter</button>
<a href="/">reset</a>
</form>
<p class="facets">${counts.byKind.map(
		(k) =>
			html`<a class="chip${k.kind === filter.kind ? " on" : ""}" href="${queueUrl(filter, { kind: k.kind === filter.kind ? "" : k.kind })}">${k.kind} <b>${k.n}</b></a> `,
	)}</p>
</section>
${
	rows.length === 0
		? html`<p class="empty">No ${statusLabel}flags here. ${filter.status === "open" || filter.status === undefined ? "Everything is reviewed." : ""}</p>`
		: html`<table class="queue" id="queue">
<thead><tr><th>severity</th><th>item</th><th>field</th><th>kind</th><th>message</th><th>status</th><th>actions</th></tr></thead>
${groups.map((g) => {
	const first = g.rows[0] as QueueRow;
	return html`<tbody class="report" data-report="${g.reportId}">
<tr class="group"><th colspan="7">Report ${g.reportId} · ${first.year ?? "?"} · ${first.department ?? first.organization ?? "?"} · ${first.period ?? ""} · <span class="doc">${first.documentName}</span> — ${g.rows.length} flags</th></tr>
${columnsPanel(g.reportId, first.documentName, data.columnHolds?.get(g.reportId))}
${raw(g.rows.map(queueRow).join(""))}
</tbody>`;
})}
</table>
${pager}`
}`;
	return layout(ctx, "Queue", "queue", body, here);
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
	reportId: number,
	documentName: string,
	evidence: Record<string, unknown> | undefined,
): Html | string {
	if (evidence === undefined) return "";
	const columns: EvidenceColumn[] = evidenceColumns(evidence);
	const command = `tailan import ${shellWord(documentName)} --columns ${shellWord(proposedColumnList(columns))}`;
	return html`<tr class="columns-hold"><td colspan="7">
<p><b>The columns of this report are not confirmed.</b> Proposed mapping:</p>
<table class="columns-map"><thead><tr><th>column</th><th>header text</th><th>proposed role</th><th>score</th><th>from</th><th>content</th></tr></thead>
<tbody>${columns.map(
		(c) =>
			html`<tr><td>${c.column}</td><td>${c.header === "" ? "(blank)" : c.header}</td><td>${c.role ?? "–"}</td><td>${c.score.toFixed(2)}</td><td>${c.from}</td><td>${c.content}</td></tr>`,
	)}</tbody></table>
<p>If it is right, accept the hold's flag below (with a reason). Otherwise reassign the columns — one role per column, in this order (item, activity, budget, indicator, baseline, targetHalfYear, targetFullYear, achievement, performance, responsible, deadline, notes or ignore) — and import the file again, with your database's <code>--db</code>; the report is re-derived as a new version, its corrections re-applied:</p>
<pre class="command">${command}</pre>
<p>Or from the command line: <code>tailan reports columns ${reportId}</code>.</p>
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
 * One queue row. Plain string building with esc() on every value: the queue may hold thousands
 * of rows and must render in well under 300 ms (scripts/bench-review.ts).
 */
function queueRow(r: QueueRow): string {
	const open =
		r.item === null
			? `/?report=${r.reportId}`
			: `/reports/${r.reportId}/items/${encodeURIComponent(r.item)}?flag=${r.id}`;
	const edit = r.item === null ? null : fieldToCorrect(r.field);
	const buttons =
		r.status === "open"
			? `<button class="accept" form="act" formaction="/flags/${r.id}/accept">Accept</button><button class="reject" form="act" formaction="/flags/${r.id}/reject">Reject</button>`
			: `<button class="reopen" form="act" formaction="/flags/${r.id}/reopen">Reopen</button>`;
	return `<tr class="flag sev-${esc(r.severity)}" id="flag-${r.id}" data-open="${esc(open)}"${edit === null ? "" : ` data-field="${esc(edit)}"`}><td><span class="sev">${esc(SEVERITY_LABEL[r.severity])}</span></td><td>${r.item === null ? "report" : `<a href="${esc(open)}">${esc(r.item)}</a>`}</td><td>${esc(r.field ?? "–")}</td><td>${esc(r.kind)}</td><td class="msg">${esc(r.message)}</td><td class="status st-${esc(r.status)}">${esc(r.status)}</td><td class="actions">${buttons}</tr>\n`;
}

function flagButtons(id: number, status: string): Html {
	return html`${
		status === "open"
			? html`<button class="accept" form="act" formaction="/flags/${id}/accept" title="Accept: the value is right (Enter)">Accept</button><button class="reject" form="act" formaction="/flags/${id}/reject" title="Reject: a false alarm (x)">Reject</button>`
			: html`<button class="reopen" form="act" formaction="/flags/${id}/reopen">Reopen</button>`
	}`;
}

/** Field rows of the item view, in the export's order. */
const FIELD_ROWS: { field: CorrectableField; label: string; prov: string }[] = [
	{ field: "activity", label: "Activity", prov: "activity" },
	{ field: "budget.raw", label: "Budget (raw)", prov: "budget" },
	{ field: "budget.amountMnt", label: "Budget amount, MNT", prov: "budget" },
	{ field: "budget.source", label: "Budget source", prov: "budget" },
	{ field: "indicator", label: "Indicator", prov: "indicator" },
	{ field: "baseline.raw", label: "Baseline (raw)", prov: "baseline" },
	{ field: "baseline.value", label: "Baseline value", prov: "baseline" },
	{ field: "baseline.unit", label: "Baseline unit", prov: "baseline" },
	{
		field: "targetHalfYear.raw",
		label: "Half-year target (raw)",
		prov: "targetHalfYear",
	},
	{
		field: "targetHalfYear.value",
		label: "Half-year target value",
		prov: "targetHalfYear",
	},
	{
		field: "targetHalfYear.unit",
		label: "Half-year target unit",
		prov: "targetHalfYear",
	},
	{
		field: "targetFullYear.raw",
		label: "Full-year target (raw)",
		prov: "targetFullYear",
	},
	{
		field: "targetFullYear.value",
		label: "Full-year target value",
		prov: "targetFullYear",
	},
	{
		field: "targetFullYear.unit",
		label: "Full-year target unit",
		prov: "targetFullYear",
	},
	{
		field: "performancePct",
		label: "Performance level, %",
		prov: "performancePct",
	},
	{ field: "notDue", label: "Not yet due", prov: "performancePct" },
	{ field: "goal", label: "Goal", prov: "goal" },
	{
		field: "achievement",
		label: "Achievement (narrative)",
		prov: "achievement",
	},
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

function display(value: unknown): string {
	if (value === null || value === undefined || value === "") return "—";
	if (typeof value === "boolean") return value ? "yes" : "no";
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
	if (field.endsWith(".unit"))
		input = html`<select id="${id}" name="value"${described}>${["", "percent", "count"].map((u) => html`<option value="${u}"${u === value ? raw(" selected") : ""}>${u || "(none)"}</option>`)}</select>`;
	else if (field === "notDue")
		input = html`<select id="${id}" name="value"${described}>${["no", "yes"].map((u) => html`<option value="${u}"${u === value ? raw(" selected") : ""}>${u}</option>`)}</select>`;
	else if (TEXTAREA_FIELDS.has(field))
		input = html`<textarea id="${id}" name="value" rows="${field === "achievement" ? 10 : 3}"${described}>${value}</textarea>`;
	else
		input = html`<input id="${id}" name="value" value="${value}" autocomplete="off"${described}>`;
	return html`<form class="edit" method="post" action="/reports/${d.reportId}/items/${encodeURIComponent(d.effective.item)}/correct" data-field="${field}"${open ? "" : raw(" hidden")}>
<input type="hidden" name="_csrf" value="${ctx.csrf}"><input type="hidden" name="field" value="${field}">
<label for="${id}" class="sr">New value of ${field}</label>${input}
<input name="reason" class="reason" placeholder="reason (optional)" maxlength="2000">
<button type="submit" class="save">Save</button> <button type="button" class="cancel">Cancel</button>
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
	},
): Html {
	const { detail: d, errors } = data;
	const lang = langOf(ctx);
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
			return html`<div class="fl sev-${f.severity} st-${f.status}" data-flag="${f.id}"><b>${f.kind}</b> ${f.message}
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
	const rows = FIELD_ROWS.map(({ field, label, prov }) => {
		const eff = fieldOf(m, field);
		const ext = fieldOf(d.extracted, field);
		const corrected = d.corrections.some((c) => c.field === field);
		const flags = d.flags.filter((f) => flagMatchesField(f, field));
		const pieces = piecesOf(prov);
		const error = errors[field];
		const open = error !== undefined || data.edit === field;
		const fid = field.replace(/[^A-Za-z0-9-]/g, "-");
		return html`<tr class="field${flags.some((f) => f.status === "open") ? " flagged" : ""}${corrected ? " corrected" : ""}" id="field-${fid}" data-field="${field}">
<th scope="row">${label}<br><code>${field}</code></th>
<td class="value"><span class="eff" data-testid="value-${fid}">${field === "achievement" ? html`<span class="pre">${display(eff)}</span>` : display(eff)}</span>
${corrected ? html`<div class="was">extracted: <span>${display(ext)}</span></div>` : ""}
${field === "performancePct" && d.performanceRaw !== null ? html`<div class="raw">column 9 as written: <q>${d.performanceRaw}</q></div>` : ""}
${
	pieces.length > 0 && field !== "achievement"
		? html`<div class="raw">raw: ${pieces.map((p, i) => html`${i > 0 ? " + " : ""}<q>${p.text}</q>`)}</div>`
		: ""
}
${typeof eff === "string" ? lookalikeNote(lang, field, eff) : ""}
${editor(ctx, d, field, valueToInput(eff), error, open)}
</td>
<td class="evidence">${flagEvidence(flags)}${
			flags.length === 0 && pieces.length > 0
				? html`<details><summary>source (${pieces.length} piece${pieces.length === 1 ? "" : "s"}, page ${pieces[0]?.page})</summary>${pieces.map((p: SourcePiece) => evidenceView(lang, ev, pieceTarget(p)))}</details>`
				: ""
		}</td>
<td class="ops"><button type="button" class="edit-btn" data-field="${field}" title="Edit (e)">Edit</button></td>
</tr>`;
	});

	const narrative = narrativeSection(ctx, d, errors.achievement?.message);
	const history = d.corrections.length
		? html`<section class="history"><h2>Corrections of ${m.item}</h2><table><thead><tr><th>#</th><th>when</th><th>who</th><th>field</th><th>old → new</th><th>reason</th><th></th></tr></thead><tbody>${[
				...d.corrections,
			]
				.reverse()
				.map(
					(c) =>
						html`<tr><td>${c.id}</td><td>${c.createdAt}</td><td>${c.who}</td><td><code>${c.field}</code></td><td><span class="old">${short(display(c.oldValue))}</span> → <span class="new">${short(display(c.newValue))}</span></td><td>${c.reason}</td><td><form method="post" action="/corrections/${c.id}/undo"><input type="hidden" name="_csrf" value="${ctx.csrf}"><button type="submit" class="undo" title="A new correction back to the old value">Undo</button></form></td></tr>`,
				)}</tbody></table></section>`
		: "";
	const body = html`
<nav class="crumbs"><a href="/" id="to-queue">← queue</a> · report ${d.reportId} · <span class="doc">${d.documentName}</span>
${d.previous ? html` · <a href="/reports/${d.reportId}/items/${encodeURIComponent(d.previous.item)}" id="prev-item">← ${d.previous.item}</a>` : ""}
${d.next ? html` · <a href="/reports/${d.reportId}/items/${encodeURIComponent(d.next.item)}" id="next-item">${d.next.item} →</a>` : ""}
${data.nextFlag?.item ? html` · <a href="/reports/${data.nextFlag.reportId}/items/${encodeURIComponent(data.nextFlag.item)}?flag=${data.nextFlag.id}" id="next-flag">next flagged item: ${data.nextFlag.item} ⇥</a>` : ""}</nav>
<h1>Item <span id="item-no">${m.item}</span> <small>${d.reportTitle}</small></h1>
<p class="activity">${m.activity}</p>
<section class="flags"><h2>Flags <span class="count">${openFlags.length} open</span></h2>
${
	d.flags.length === 0
		? html`<p class="empty">No flags on this item.</p>`
		: html`<ol class="flag-list" id="flags">${d.flags.map((f) => {
				const edit = fieldToCorrect(f.field);
				const move = moveTarget(d, f);
				return html`<li class="flag sev-${f.severity} st-${f.status}${f.id === selected?.id ? " sel" : ""}" id="flag-${f.id}" data-id="${f.id}" data-edit="${edit ?? ""}" data-move="${move ?? ""}">
<span class="sev">${f.severity}</span> <b>${f.kind}</b> <code>${f.field ?? ""}</code> <span class="msg">${f.message}</span> <span class="status st-${f.status}">${f.status}</span>
<span class="actions">${flagButtons(f.id, f.status)}${edit ? html`<button type="button" class="edit-btn" data-field="${edit}">Edit ${edit}</button>` : ""}${move ? html`<button type="button" class="move-btn" data-move="${move}">Move fragment</button>` : ""}</span></li>`;
			})}</ol>`
}
</section>
<section class="fields"><h2>Fields <small>effective value (latest correction over the extracted one), raw text, source</small></h2>
<table class="fields-table"><tbody>${rows}</tbody></table></section>
${narrative}
${history}`;
	return layout(ctx, `Item ${m.item}`, "item", body, here);
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
	const paras = paragraphs(d.effective.achievement);
	const moveForm = (
		direction: "previous" | "next",
		fragment: string,
		id: string,
		target: string,
	) =>
		html`<form method="post" action="/reports/${d.reportId}/items/${encodeURIComponent(d.effective.item)}/move" class="move" id="${id}">
<input type="hidden" name="_csrf" value="${ctx.csrf}"><input type="hidden" name="direction" value="${direction}"><input type="hidden" name="fragment" value="${fragment}">
<button type="submit" title="Move this fragment to ${target} (m)">${direction === "previous" ? `↑ move to ${target}` : `↓ move to ${target}`}</button></form>`;
	const tail = (text: string) =>
		text.length > 400 ? `…${text.slice(-400)}` : text;
	const head = (text: string) =>
		text.length > 400 ? `${text.slice(0, 400)}…` : text;
	return html`<section class="narrative" id="narrative"><h2>Narrative fragments <small>reading order: ${d.previous?.item ?? "—"} · ${d.effective.item} · ${d.next?.item ?? "—"}</small></h2>
${error ? html`<p class="error" role="alert">${error}</p>` : ""}
${d.previous ? html`<div class="neighbour"><h3>${d.previous.item} ends</h3><p class="pre">${tail(d.previous.achievement)}</p></div>` : ""}
<ol class="fragments">${paras.map((p, i) => {
		const first = i === 0;
		const last = i === paras.length - 1;
		return html`<li class="fragment" data-index="${i}"><p class="pre">${p}</p><div class="moves">${
			first && d.previous
				? moveForm("previous", p, "move-prev-first", d.previous.item)
				: ""
		}${last && d.next ? moveForm("next", p, "move-next-last", d.next.item) : ""}</div></li>`;
	})}</ol>
${d.next ? html`<div class="neighbour"><h3>${d.next.item} begins</h3><p class="pre">${head(d.next.achievement)}</p></div>` : ""}
</section>`;
}
