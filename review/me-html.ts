/**
 * The M&E pages' HTML pieces: escaping, the layout (the review app's header and stylesheet plus
 * this area's rules, in one <style> carrying the response's CSP nonce: no inline style attribute
 * anywhere), tables from the output/ table model, and links that keep the language.
 */
import { catalogue, type Lang, type MessageKey, t } from "../messages/index.ts";
import type { Cell, Table } from "../output/index.ts";
import { STYLE } from "./assets.ts";

/** Escape text for HTML content and attribute values. */
export function escapeHtml(value: unknown): string {
	return String(value ?? "")
		.replaceAll("&", "&amp;")
		.replaceAll("<", "&lt;")
		.replaceAll(">", "&gt;")
		.replaceAll('"', "&quot;")
		.replaceAll("'", "&#39;");
}

/** This area's CSS, after the review app's. */
export const ME_STYLE = `
header.top nav a { margin-right: 1em; } header.top nav a.on { text-decoration: underline; }
header.top .lang { margin-left: auto; font-size: 13px; }
main.me { max-width: 1500px; }
.me form.filters { display: flex; gap: .8em 1.2em; align-items: flex-end; flex-wrap: wrap; margin: .6em 0 1em; padding: .6em .8em; background: #fff; border: 1px solid #e1e4e8; border-radius: 6px; }
.me form.filters label { display: flex; flex-direction: column; font-size: 13px; color: #444; gap: .2em; }
.me form.filters input, .me form.filters select { font: inherit; padding: .25em .4em; border: 1px solid #b8bec6; border-radius: 4px; min-width: 10em; background: #fff; }
.me form.filters fieldset { border: 0; padding: 0; margin: 0; display: flex; gap: .2em .9em; flex-wrap: wrap; font-size: 13px; }
.me form.filters fieldset legend { color: #444; padding: 0; margin-bottom: .2em; }
.me form.filters fieldset label { flex-direction: row; align-items: center; gap: .3em; }
.me form.filters input[type=checkbox] { min-width: 0; }
.me button { padding: .3em .9em; }
.me table.data { margin: .4em 0 1.4em; border: 1px solid #e1e4e8; }
.me table.data th { background: #eef2f6; font-weight: 600; position: sticky; top: 2.4em; }
.me table.data td, .me table.data th { padding: .3em .6em; }
.me table.data tbody tr:nth-child(even) td { background: #f8f9fb; }
.me td.n, .me th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.me td.narr { min-width: 40ch; max-width: 90ch; font-size: 13px; overflow-wrap: anywhere; }
.me td.none { color: #999; text-align: center; }
.me .downloads { margin: .3em 0 .6em; font-size: 13px; } .me .downloads a { margin-left: .6em; font-weight: 600; }
.me .note { color: #555; font-size: 13px; margin: .3em 0; }
.me .charts { display: flex; flex-wrap: wrap; gap: 1.2em; align-items: flex-start; }
.me figure { margin: .4em 0 1em; background: #fff; border: 1px solid #e1e4e8; border-radius: 6px; padding: .4em .6em; }
.me figcaption { font-weight: 600; font-size: 14px; margin-bottom: .2em; }
.me svg.chart { display: block; max-width: 100%; height: auto; font-family: system-ui, "Noto Sans", "DejaVu Sans", sans-serif; }
.me .metrics a { margin-right: .8em; } .me .metrics a.on { font-weight: 700; color: #111; text-decoration: none; }
.me td.lv { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.me td.lv-100 { background: #d7f0dd; } .me td.lv-90 { background: #eaf6d9; } .me td.lv-80 { background: #fbf1cf; }
.me td.lv-low { background: #f9d9d2; }
.me table.data tbody tr:nth-child(even) td.lv-100 { background: #cfe9d5; } .me table.data tbody tr:nth-child(even) td.lv-90 { background: #e2efd1; }
.me table.data tbody tr:nth-child(even) td.lv-80 { background: #f3e9c7; } .me table.data tbody tr:nth-child(even) td.lv-low { background: #f1d1ca; }
.me small.items { color: #666; }
.me ol.hits li { margin: .5em 0; padding: .4em .6em; background: #fff; border: 1px solid #e1e4e8; border-radius: 4px; }
.me ol.hits .where { font-weight: 600; } .me ol.hits .snippet { font-size: 13px; color: #333; }
.me .legend-levels span { display: inline-block; padding: 0 .5em; margin-right: .4em; font-size: 12px; border: 1px solid #ddd; }
.me .legend-levels .lv-100 { background: #d7f0dd; } .me .legend-levels .lv-90 { background: #eaf6d9; }
.me .legend-levels .lv-80 { background: #fbf1cf; } .me .legend-levels .lv-low { background: #f9d9d2; }
.me code { background: #f1f1ee; padding: 0 .25em; border-radius: 3px; }
`;

export interface MeNav {
	/** Where the pages are mounted ("/me"). */
	base: string;
	lang: Lang;
	nonce: string;
	/** The path of this page, for the language switch and the current tab. */
	path: string;
	/** The query of this page without lang. */
	query: URLSearchParams;
}

/** A link on the M&E pages that keeps the language (?lang=en when English). */
export function meHref(
	nav: Pick<MeNav, "base" | "lang">,
	path: string,
	params: Record<
		string,
		string | number | undefined | (string | number)[]
	> = {},
): string {
	const query = new URLSearchParams();
	for (const [key, value] of Object.entries(params)) {
		if (value === undefined || value === "") continue;
		for (const v of Array.isArray(value) ? value : [value])
			query.append(key, String(v));
	}
	if (nav.lang === "en") query.set("lang", "en");
	const text = query.toString();
	return `${nav.base}${path}${text ? `?${text}` : ""}`;
}

const TABS: [string, MessageKey][] = [
	["/indicators", "me.nav.indicators"],
	["/pivot", "me.nav.pivot"],
	["/compare", "me.nav.compare"],
	["/search", "me.nav.search"],
	["/links", "me.nav.links"],
];

/** A whole page: header with the M&E tabs and the language switch, the title, the body. */
export function mePage(nav: MeNav, title: string, body: string): string {
	const other: Lang = nav.lang === "en" ? "mn" : "en";
	const switchQuery = new URLSearchParams(nav.query);
	switchQuery.delete("lang");
	if (other === "en") switchQuery.set("lang", "en");
	const switchText = switchQuery.toString();
	const tabs = TABS.map(
		([path, key]) =>
			`<a href="${escapeHtml(meHref(nav, path))}"${nav.path.startsWith(path) || (path === "/indicators" && nav.path.startsWith("/history")) ? ' class="on"' : ""}>${escapeHtml(t(nav.lang, key))}</a>`,
	).join("");
	return `<!doctype html>
<html lang="${nav.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · ${escapeHtml(t(nav.lang, "me.brand"))}</title>
<style nonce="${escapeHtml(nav.nonce)}">${STYLE}${ME_STYLE}</style>
</head>
<body data-page="me">
<header class="top">
<a class="brand" href="${escapeHtml(meHref(nav, "/indicators"))}">${escapeHtml(t(nav.lang, "me.brand"))}</a>
<nav>${tabs}<a href="/">${escapeHtml(t(nav.lang, "me.review"))}</a></nav>
<a class="lang" hreflang="${other}" href="${escapeHtml(`${nav.base}${nav.path}${switchText ? `?${switchText}` : ""}`)}">${escapeHtml(t(nav.lang, "me.lang.switch"))}</a>
</header>
<main class="me">
<h1>${escapeHtml(title)}</h1>
${body}
</main>
</body>
</html>`;
}

/** The headers of a table in the page's language (columns without a message keep theirs). */
export function localize(table: Table, lang: Lang): Table {
	return {
		...table,
		columns: table.columns.map((col) => {
			const key = `me.col.${col.key}` as MessageKey;
			return key in catalogueKeys ? { ...col, header: t(lang, key) } : col;
		}),
	};
}

const catalogueKeys: Record<string, unknown> = catalogue;

/** A cell as the page shows it: numbers rounded to 2 decimals, unit and period codes in words. */
export function cellText(value: Cell, key: string, lang: Lang): string {
	if (value === null || value === undefined) return "–";
	if (typeof value === "number") return escapeHtml(label2(value));
	if (/Unit$/.test(key) && (value === "count" || value === "percent"))
		return escapeHtml(t(lang, `me.unit.${value}`));
	if (key === "period" && (value === "annual" || value === "half-year"))
		return escapeHtml(t(lang, `me.period.${value}`));
	return escapeHtml(value);
}

function label2(n: number): string {
	return Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100);
}

/**
 * A table of the output/ model as HTML. `cell` may replace a cell's HTML (a link); `limit` shows
 * only the first rows (the downloads hold them all).
 */
export function htmlTable(
	table: Table,
	lang: Lang,
	options: {
		cell?: (key: string, rowIndex: number, text: string) => string | undefined;
		cellClass?: (key: string, rowIndex: number) => string | undefined;
		limit?: number;
		hide?: string[];
	} = {},
): string {
	// A quantity shows its unit beside the number ("98 %"), so its unit column is not repeated.
	const unitKeys = new Set(
		table.columns.flatMap((c) => (c.unitKey ? [c.unitKey] : [])),
	);
	const columns = table.columns.filter(
		(c) => !(options.hide ?? []).includes(c.key) && !unitKeys.has(c.key),
	);
	const numeric = (type: string | undefined) =>
		type !== undefined && type !== "text";
	const head = columns
		.map(
			(c) =>
				`<th scope="col"${numeric(c.type) ? ' class="n"' : ""}>${escapeHtml(c.header)}</th>`,
		)
		.join("");
	const rows = table.rows
		.slice(0, options.limit ?? table.rows.length)
		.map(
			(row, i) =>
				`<tr>${columns
					.map((c) => {
						const value = row[c.key] ?? null;
						const percent =
							c.unitKey !== undefined &&
							typeof value === "number" &&
							row[c.unitKey] === "percent";
						const text = `${cellText(value, c.key, lang)}${percent ? " %" : ""}`;
						const html = options.cell?.(c.key, i, text) ?? text;
						const cls = [
							numeric(c.type) ? "n" : "",
							c.key === "achievement" || c.key === "snippet" ? "narr" : "",
							options.cellClass?.(c.key, i) ?? "",
						]
							.filter(Boolean)
							.join(" ");
						return `<td${cls ? ` class="${cls}"` : ""}>${html}</td>`;
					})
					.join("")}</tr>`,
		)
		.join("");
	return `<table class="data"><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

/** The links that download the page's table: the same address with format=csv or xlsx. */
export function downloads(nav: MeNav): string {
	const link = (format: string) => {
		const query = new URLSearchParams(nav.query);
		query.set("format", format);
		if (nav.lang === "en") query.set("lang", "en");
		return `${nav.base}${nav.path}?${query.toString()}`;
	};
	return `<p class="downloads">${escapeHtml(t(nav.lang, "me.download"))}<a href="${escapeHtml(link("csv"))}" download>CSV</a><a href="${escapeHtml(link("xlsx"))}" download>XLSX</a></p>`;
}
